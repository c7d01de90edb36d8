"""A small demo watch list of fictitious sanctioned and flagged parties, and the ways filers
disguise a listed name: another legal form, words in another order, another transliteration.

Every name here is invented and uses words the ordinary demo traders never use, so a match is
always one the demo planted.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date

from cargotarget.demo.names import LEGAL_FORM_VARIANTS
from cargotarget.demo.truth import Threat


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    """A listed party: ``country`` is where its filings place it, which for a sanctioned entity
    is usually a front in a trading hub rather than its home."""

    entry_id: str
    name: str
    kind: str
    country: str
    list_name: str
    threat: Threat
    reason: str
    listed_on: date


def _e(n: int, name: str, kind: str, country: str, threat: Threat, reason: str) -> WatchlistEntry:
    list_name = "DEMO-SANCTIONS" if threat is Threat.STRATEGIC else "DEMO-INTELLIGENCE"
    listed = date(2021 + n % 5, 1 + (n * 5) % 12, 1 + (n * 7) % 28)
    return WatchlistEntry(f"DWL-{n:04d}", name, kind, country, list_name, threat, reason, listed)


_S, _N, _I, _M = Threat.STRATEGIC, Threat.NARCOTICS, Threat.IPR, Threat.MONEY_LAUNDERING
WATCHLIST: tuple[WatchlistEntry, ...] = (
    _e(1, "GOLDEN CRESCENT GENERAL TRADING LLC", "company", "AE", _S, "procurement front"),
    _e(2, "PERSEPOLIS TECHNICAL SUPPLY FZE", "company", "AE", _S, "dual-use procurement"),
    _e(3, "KHORASAN INDUSTRIAL EQUIPMENT LLC", "company", "AE", _S, "sanctioned end user"),
    _e(4, "ZAGROS PETROCHEMICAL COMMERCE FZE", "company", "AE", _S, "sanctions evasion"),
    _e(5, "CASPIAN BRIGHTSTAR MACHINERY LLC", "company", "AE", _S, "dual-use machinery broker"),
    _e(6, "PYONGSAN MINERAL TRADING LIMITED", "company", "HK", _S, "sanctioned network"),
    _e(7, "MOHAMMED YUSUF AL-RASHIDI", "person", "AE", _S, "designated individual"),
    _e(8, "ALEKSANDR PETROVICH VOLKOV", "person", "TR", _S, "designated individual"),
    _e(9, "KIM CHOL SU", "person", "HK", _S, "designated individual"),
    _e(10, "MAGDALENA FRUIT EXPORTERS S.A.S.", "company", "CO", _N, "cocaine seizure 2023"),
    _e(11, "TRES RIOS AGROEXPORT S.A.", "company", "EC", _N, "cocaine in banana boxes"),
    _e(12, "CONSORCIO BANANERO EL TRIUNFO S.A.", "company", "EC", _N, "shell exporter"),
    _e(13, "HERNAN DARIO CASTANO RESTREPO", "person", "CO", _N, "trafficking organiser"),
    _e(14, "JORGE ALBERTO QUINTERO VELEZ", "person", "CO", _N, "trafficking organiser"),
    _e(15, "OCHO RIOS BLUE LAGOON IMPORTERS LIMITED", "company", "JM", _N, "rip-on receiver"),
    _e(16, "KUNLUN FASHION ACCESSORIES CO., LTD.", "company", "CN", _I, "counterfeit apparel"),
    _e(17, "ORIENT PHOENIX ELECTRONICS LIMITED", "company", "HK", _I, "counterfeit phones"),
    _e(18, "LION GATE APPAREL MANUFACTURING CO., LTD.", "company", "CN", _I, "fake brands"),
    _e(19, "PACIFIC JADE HOLDINGS LIMITED", "company", "PA", _M, "trade-based laundering"),
    _e(20, "ISTHMUS GLOBAL CARGO S.A.", "company", "PA", _M, "over-invoicing network"),
    _e(21, "VIKTOR SERGEYEVICH KOZLOV", "person", "AE", _M, "laundering facilitator"),
    _e(22, "NASSAU CORAL REEF HOLDINGS LTD", "company", "BS", _M, "shell importer"),
)  # fmt: skip

TRANSLITERATIONS: dict[str, tuple[str, ...]] = {
    "MOHAMMED": ("MUHAMMAD", "MOHAMED", "MOHAMAD"),
    "YUSUF": ("YOUSSEF", "YOUSUF", "JUSUF"),
    "AL-RASHIDI": ("AL RASHIDI", "ALRASHIDI", "EL-RASHIDI"),
    "ALEKSANDR": ("ALEXANDER", "ALEKSANDER"),
    "PETROVICH": ("PETROVITCH",),
    "VOLKOV": ("VOLKOFF", "WOLKOW"),
    "CHOL": ("CHUL", "CH'OL"),
    "SU": ("SOO",),
    "SERGEYEVICH": ("SERGEEVICH", "SERGEJEWITSCH"),
    "KOZLOV": ("KOZLOFF",),
    "CASTANO": ("CASTAGNO", "KASTANO"),
    "KHORASAN": ("CHORASAN", "KHURASAN"),
    "ZAGROS": ("ZAGHROS",),
    "PERSEPOLIS": ("PERSEPOLES",),
    "PYONGSAN": ("PHYONGSAN", "PYEONGSAN"),
    "KUNLUN": ("KUN LUN",),
    "QUINTERO": ("KINTERO",),
}
"""Other romanisations of words in listed names."""

VARIATIONS = ("exact", "legal_form", "reordered", "transliterated")


def vary(rng: random.Random, entry: WatchlistEntry) -> tuple[str, str]:
    """A name a filer might use for ``entry``, and which kind of variation it is."""
    kind = rng.choice(VARIATIONS)
    words = entry.name.split()
    form = next((f for f in LEGAL_FORM_VARIANTS if entry.name.endswith(" " + f)), None)
    if kind == "legal_form" and form is not None:
        stem = entry.name[: -len(form) - 1]
        return f"{stem} {rng.choice(LEGAL_FORM_VARIANTS[form])}", kind
    if kind == "transliterated" and any(w in TRANSLITERATIONS for w in words):
        changed = [rng.choice(TRANSLITERATIONS[w]) if w in TRANSLITERATIONS else w for w in words]
        return " ".join(changed), kind
    if kind == "reordered":
        if entry.kind == "person":
            return f"{words[-1]}, {' '.join(words[:-1])}", kind
        core = entry.name[: -len(form) - 1].split() if form else words
        swapped = [core[1], core[0], *core[2:]]
        return " ".join(swapped + ([form] if form else [])), kind
    return entry.name, "exact"


COLUMNS = (
    "id", "kind", "value", "name", "aliases", "address", "city", "postcode", "country",
    "identifiers", "reason", "severity", "source", "valid_from", "expires",
)  # fmt: skip
"""The watch-list CSV columns that ``cargotarget watchlist import`` reads."""


def watchlist_csv() -> str:
    """The demo watch list as CSV in the import format, one row per listed party; the list it
    comes from is the source, and sanctions listings are critical, intelligence ones high."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in WATCHLIST:
        severity = "critical" if e.list_name == "DEMO-SANCTIONS" else "high"
        writer.writerow(
            (e.entry_id, "party", "", e.name, "", "", "", "", e.country, "",
             f"{e.reason} ({e.threat.value})", severity, e.list_name, e.listed_on.isoformat(), "")
        )  # fmt: skip
    return out.getvalue()
