"""Planted risks: about 2 % of bills, each visible in the data as its pattern says, the telling
signs absent from honest bills, and the ground truth nowhere in the manifests."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
import pytest

from cargotarget.demo import DemoManifest, GroundTruth, Threat
from cargotarget.demo.addresses import PO_BOX_MARKERS
from cargotarget.demo.commodities import PERSONAL_EFFECTS, VAGUE_DESCRIPTIONS, by_hs_code
from cargotarget.demo.equipment import SIZE_TYPES
from cargotarget.demo.names import LEGAL_FORM_VARIANTS, LEGAL_FORMS, TRADE_WORDS, strip_legal_form
from cargotarget.demo.risks import PATTERNS
from cargotarget.demo.routes import region
from cargotarget.demo.voyages import filing_deadline
from cargotarget.demo.watchlist import TRANSLITERATIONS, WATCHLIST, WatchlistEntry
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    FreightPayment,
    Manifest,
    MessageFunction,
    PartyRole,
)
from tests.demo.streams import bills, stream

SANCTIONED = frozenset({"IR", "SY", "KP"})
PLANTED_SIZE = 20_000


@dataclass
class History:
    """Each bill as first filed, its later filings, and which bill first named each shipper."""

    first: dict[str, tuple[Consignment, Manifest]] = field(default_factory=dict)
    later: dict[str, list[tuple[Consignment, Manifest]]] = field(default_factory=dict)
    first_shipped: dict[str, str] = field(default_factory=dict)


def _history(filings: tuple[DemoManifest, ...]) -> History:
    history = History()
    for filing in filings:
        manifest = filing.manifest
        for bill in manifest.consignments:
            if manifest.function is MessageFunction.ORIGINAL:
                history.first[bill.bill_number] = (bill, manifest)
                shipper = strip_legal_form(_name(bill, PartyRole.SHIPPER))
                history.first_shipped.setdefault(shipper, bill.bill_number)
            else:
                history.later.setdefault(bill.bill_number, []).append((bill, manifest))
    return history


def _name(bill: Consignment, role: PartyRole) -> str:
    party = bill.party(role)
    return party.name if party else ""


def _all_variants(entry: WatchlistEntry) -> set[str]:
    """Every name a filer could use for ``entry`` under the demo's variations."""
    words = entry.name.split()
    options = [(w, *TRANSLITERATIONS.get(w, ())) for w in words]
    names = {" ".join(p) for p in itertools.product(*options)}
    form = next((f for f in LEGAL_FORM_VARIANTS if entry.name.endswith(" " + f)), None)
    core = entry.name[: -len(form) - 1].split() if form else words
    if form:
        names |= {f"{' '.join(core)} {v}" for v in LEGAL_FORM_VARIANTS[form]}
    if entry.kind == "person":
        names.add(f"{words[-1]}, {' '.join(words[:-1])}")
    else:
        names.add(" ".join([core[1], core[0], *core[2:], *([form] if form else [])]))
    return names


WATCHED = {entry.entry_id: _all_variants(entry) for entry in WATCHLIST}
ANY_WATCHED = set().union(*WATCHED.values())


def _is_person(name: str) -> bool:
    return not any(name.endswith(" " + form) for form in LEGAL_FORMS) and len(name.split()) <= 4


def _weight_per_package(bill: Consignment) -> float:
    item = bill.goods[0]
    return (item.gross_weight_kg or 0.0) / max(item.package_count or 1, 1)


def _vague(bill: Consignment) -> bool:
    return any(g.description in VAGUE_DESCRIPTIONS for g in bill.goods)


def _misclassified(bill: Consignment) -> bool:
    commodity = by_hs_code().get(bill.goods[0].hs_code or "")
    return commodity is not None and bill.goods[0].description not in commodity.descriptions


def _understated(bill: Consignment) -> bool:
    commodity = by_hs_code().get(bill.goods[0].hs_code or "")
    return commodity is not None and _weight_per_package(bill) < commodity.kg_per_package[0] / 2


def _detour(bill: Consignment) -> bool:
    ports = bill.route.transshipment_ports
    origin = region(bill.route.origin_country or "")
    return len(ports) >= 2 and all(region(p) != origin for p in ports)


def _personal_effects(bill: Consignment) -> bool:
    return bill.goods[0].description in PERSONAL_EFFECTS and bill.goods[0].hs_code is None


def _forwarder_consignee(bill: Consignment) -> bool:
    consignee = _name(bill, PartyRole.CONSIGNEE)
    logistics = any(word in consignee for word in TRADE_WORDS["forwarder"])
    loaded = any(box.full for box in bill.equipment)  # carriers consign their own empties
    return bill.kind is DocumentKind.SIMPLE and loaded and logistics


def _po_box(bill: Consignment) -> bool:
    consignee = bill.party(PartyRole.CONSIGNEE)
    lines = consignee.address.lines if consignee else ()
    return any(line.startswith(PO_BOX_MARKERS) for line in lines)


def _watchlisted(bill: Consignment) -> bool:
    return any(party.name in ANY_WATCHED for party in bill.parties)


def _loaded_empty(bill: Consignment) -> bool:
    empties = [b for b in bill.equipment if not b.full]
    tare = sum(SIZE_TYPES[b.size_type or ""].tare_kg for b in empties)
    weight = sum(g.gross_weight_kg or 0.0 for g in bill.goods)
    return bool(empties) and weight > 2 * tare


def _sanctioned_routing(bill: Consignment) -> bool:
    return bool(SANCTIONED & set(bill.route.countries_of_routing))


def _undeclared_dangerous(bill: Consignment) -> bool:
    for item in bill.goods:
        commodity = by_hs_code().get(item.hs_code or "")
        if commodity is not None and commodity.dangerous and not item.dangerous_goods:
            return True
    return False


TELLING_SIGNS: dict[str, Callable[[Consignment], bool]] = {
    "vague description": _vague,
    "description against HS code": _misclassified,
    "weight per package": _understated,
    "two-hub detour": _detour,
    "personal effects": _personal_effects,
    "forwarder as consignee": _forwarder_consignee,
    "post-office box": _po_box,
    "watch-listed name": _watchlisted,
    "loaded empty container": _loaded_empty,
    "sanctioned routing": _sanctioned_routing,
    "undeclared dangerous goods": _undeclared_dangerous,
}
"""Signs that only planted bills show; honest bills never do."""


def _reflected(truth: GroundTruth, history: History) -> bool:
    """Whether the bill named by ``truth`` shows its pattern in the filed data."""
    bill, manifest = history.first[truth.bill_number]
    later = history.later.get(truth.bill_number, [])
    checks: dict[str, Callable[[], bool]] = {
        "narcotics_fruit_reefer": lambda: _narcotics(bill, later, history),
        "misclassified_goods": lambda: _misclassified(bill),
        "understated_weight": lambda: _understated(bill),
        "counterfeit_detour": lambda: _detour(bill) and bill.route.origin_country == "CN",
        "firearms_personal_effects": lambda: (
            _personal_effects(bill)
            and _is_person(_name(bill, PartyRole.CONSIGNEE))
            and bill.route.origin_country == "US"
        ),
        "vague_description": lambda: _vague(bill),
        "forwarder_consignee": lambda: (
            _forwarder_consignee(bill)
            and _name(bill, PartyRole.NOTIFY) != _name(bill, PartyRole.CONSIGNEE)
        ),
        "po_box_consignee": lambda: _po_box(bill),
        "late_filing": lambda: (
            manifest.filed_at is not None and manifest.filed_at > filing_deadline(manifest.voyage)
        ),
        "last_minute_change": lambda: _changed_after_deadline(bill, later),
        "watchlist_party": lambda: any(
            p.name in WATCHED[truth.detail.split()[0]] for p in bill.parties
        ),
        "empty_container_with_weight": lambda: _loaded_empty(bill),
        "sanctions_routing": lambda: _sanctioned_routing(bill),
        "undeclared_dangerous_goods": lambda: _undeclared_dangerous(bill),
    }
    return checks[truth.pattern]()


def _narcotics(
    bill: Consignment, later: list[tuple[Consignment, Manifest]], history: History
) -> bool:
    shipper = strip_legal_form(_name(bill, PartyRole.SHIPPER))
    seals = {b.number: b.seals for b in bill.equipment}
    resealed = any(
        m.function is MessageFunction.REPLACE
        and any(seals[b.number] != b.seals for b in c.equipment)
        for c, m in later
    )
    return (
        (bill.goods[0].hs_code or "")[:4] in ("0803", "0804")
        and bill.route.origin_country in ("CO", "EC")
        and bool(bill.route.transshipment_ports)
        and bill.freight_payment is FreightPayment.COLLECT
        and all((b.size_type or "")[2] == "R" for b in bill.equipment)
        and history.first_shipped[shipper] == bill.bill_number
        and resealed
    )


def _changed_after_deadline(bill: Consignment, later: list[tuple[Consignment, Manifest]]) -> bool:
    for changed, manifest in later:
        assert manifest.filed_at is not None
        if manifest.filed_at > filing_deadline(manifest.voyage) and (
            _name(changed, PartyRole.CONSIGNEE) != _name(bill, PartyRole.CONSIGNEE)
            or changed.goods[0].description != bill.goods[0].description
        ):
            return True
    return False


def _truth(filings: tuple[DemoManifest, ...]) -> Iterator[GroundTruth]:
    for filing in filings:
        yield from filing.truth


def test_about_two_percent_of_bills_are_planted() -> None:
    filings = stream(PLANTED_SIZE)
    planted = list(_truth(filings))
    assert 0.01 * PLANTED_SIZE <= len(planted) <= 0.03 * PLANTED_SIZE
    assert len({t.bill_number for t in planted}) == len(planted)


def test_every_pattern_is_planted() -> None:
    planted = Counter(t.pattern for t in _truth(stream(PLANTED_SIZE)))
    assert set(planted) == {p.name for p in PATTERNS}


def test_each_plant_shows_its_pattern_in_the_data() -> None:
    filings = stream(PLANTED_SIZE)
    history = _history(filings)
    missed = [t for t in _truth(filings) if not _reflected(t, history)]
    assert missed == []


def test_ground_truth_records_name_the_manifest_that_first_files_the_bill() -> None:
    for filing in stream(PLANTED_SIZE):
        bill_numbers = {c.bill_number for c in filing.manifest.consignments}
        for truth in filing.truth:
            assert truth.manifest_reference == filing.manifest.reference
            assert filing.manifest.function is MessageFunction.ORIGINAL
            assert truth.bill_number in bill_numbers
            assert truth.indicators
            assert all(1 <= n <= 21 for n in truth.indicators)
            assert isinstance(truth.threat, Threat)


@pytest.mark.parametrize("sign", TELLING_SIGNS)
def test_honest_bills_never_show_a_planted_sign(sign: str) -> None:
    filings = stream(PLANTED_SIZE)
    planted = {t.bill_number for t in _truth(filings)}
    showing = [
        c.bill_number
        for c in bills(filings)
        if c.bill_number not in planted and TELLING_SIGNS[sign](c)
    ]
    assert showing == []


def test_ground_truth_never_appears_in_the_manifests() -> None:
    filings = stream(PLANTED_SIZE)
    words = {p.name for p in PATTERNS} | {t.value for t in Threat} | {"planted", "ground truth"}
    words |= {entry.entry_id for entry in WATCHLIST}
    leaks: Counter[str] = Counter()
    for filing in filings:
        text = msgspec.json.encode(filing.manifest).decode().lower()
        leaks.update(word for word in words if word.lower() in text)
    assert leaks == Counter()


def test_watch_list_plants_use_every_kind_of_name_variation() -> None:
    details = [t.detail for t in _truth(stream(PLANTED_SIZE)) if t.pattern == "watchlist_party"]
    kinds = {detail.split()[1].rstrip(":") for detail in details}
    assert kinds == {"exact", "legal_form", "reordered", "transliterated"}


def test_the_documentation_lists_every_pattern_with_its_threat_and_indicators() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "demo.md").read_text(encoding="utf-8")
    rows = [[cell.strip(" `") for cell in line.split("|")] for line in text.splitlines()]
    table = {cells[1]: cells for cells in rows if len(cells) > 6}
    for pattern in PATTERNS:
        cells = table[pattern.name]
        assert cells[3] == ", ".join(str(n) for n in pattern.indicators)
        if pattern.name != "watchlist_party":
            assert cells[2] == pattern.threat.value
