"""Normal forms of party names and addresses, so that spellings of one name compare equal.

A name is folded to upper-case ASCII (accents dropped; Cyrillic, Greek, Arabic and other
scripts transliterated with ``anyascii``), punctuation is removed, legal forms are set aside
(:mod:`cargotarget.screening.legal_forms`), small particles ("THE", "AND", "AL", "DE", ...)
are dropped, a repeated word is kept once, and the remaining tokens are sorted, so that
"Trading Global Ltd" and "GLOBAL TRADING CO., LTD." both read ``GLOBAL TRADING`` and
"Ivanov Sergei" reads like "Sergei Ivanov". The sorted form is what the index and the scorer
see.
"""

from __future__ import annotations

import re

import msgspec
from anyascii import anyascii

from cargotarget.model.manifest import Address
from cargotarget.screening.legal_forms import split_legal_forms

_APOSTROPHES = re.compile(r"['’`ʼʻ´]")
_INITIAL_DOT = re.compile(r"(?<![A-Z0-9])([A-Z])\.")
_PUNCTUATION = str.maketrans(
    {
        chr(code): None if chr(code) in "'`" else " "
        for code in range(128)
        if not ("A" <= chr(code) <= "Z" or "0" <= chr(code) <= "9")
    }
)
"""Apostrophes are dropped ("CH'OL" reads "CHOL"); every other ASCII sign separates words."""

_PARTICLE_TEXT = (
    "THE AND OF UND ET Y AL EL DE DEL DA DI DO DOS DAS DU LA LE VAN VON DER BIN BINT IBN"
)
PARTICLES: frozenset[str] = frozenset(_PARTICLE_TEXT.split(" "))
"""Small words that filers add, drop or transliterate at will; they carry no identity."""

ADDRESS_WORDS: dict[str, str] = {
    "STREET": "ST",
    "STR": "ST",
    "ROAD": "RD",
    "AVENUE": "AVE",
    "AV": "AVE",
    "AVENIDA": "AVE",
    "BOULEVARD": "BLVD",
    "BUILDING": "BLDG",
    "FLOOR": "FL",
    "SUITE": "STE",
    "ROOM": "RM",
    "NUMBER": "NO",
    "NUM": "NO",
    "POST": "PO",
    "BOX": "BOX",
    "DISTRICT": "DIST",
    "INDUSTRIAL": "IND",
    "ZONE": "ZN",
    "FREE": "FREE",
    "CALLE": "ST",
    "STRASSE": "ST",
    "ULITSA": "ST",
    "UL": "ST",
    "PLAZA": "PL",
    "PLACE": "PL",
}
"""Address words and their usual abbreviation, so that both spellings compare equal."""


class NameForm(msgspec.Struct, frozen=True, kw_only=True):
    """A name as filed and its normal form.

    ``tokens`` are the words that identify the party, in filed order; ``legal_forms`` the
    canonical labels of the legal forms set aside; ``key`` the sorted tokens joined by
    spaces, which is what candidates are retrieved and scored on.
    """

    text: str
    tokens: tuple[str, ...]
    legal_forms: tuple[str, ...]
    key: str


def fold(text: str) -> str:
    """Upper-case ASCII words separated by single spaces: accents, scripts and punctuation
    folded away. A dot after a lone letter is dropped, so initials such as "S.A." or
    "L.L.C." read as one word."""
    if not text.isascii():
        text = anyascii(_APOSTROPHES.sub("", text))
    text = text.upper()
    if "." in text:
        text = _INITIAL_DOT.sub(r"\1", text)
    return " ".join(text.translate(_PUNCTUATION).split())


def _name_parts(text: str) -> tuple[list[str], list[str]]:
    """Identifying tokens (filed order, each once) and legal-form labels of a name."""
    core, legal = split_legal_forms(fold(text).split())
    kept = [token for token in core if token not in PARTICLES]
    return list(dict.fromkeys(kept or core)), legal


def normalise_name(text: str) -> NameForm:
    """The normal form of a party name, with the parts an explanation shows."""
    tokens, legal = _name_parts(text)
    return NameForm(
        text=text, tokens=tuple(tokens), legal_forms=tuple(legal), key=" ".join(sorted(tokens))
    )


def name_key(text: str) -> str:
    """The sorted-token normal form of a name alone: the fast path for bulk screening."""
    return " ".join(sorted(_name_parts(text)[0]))


def address_text(address: Address) -> str:
    """The parts of an address as one line, in the order a label would print them."""
    parts = [*address.lines, address.postcode or "", address.city or "", address.country or ""]
    return " ".join(part for part in parts if part)


def normalise_address(address: Address | str) -> str:
    """The normal form of an address: folded, common words abbreviated one way, particles
    dropped and tokens sorted, so that line breaks and word order do not matter."""
    text = address if isinstance(address, str) else address_text(address)
    tokens = [ADDRESS_WORDS.get(token, token) for token in fold(text).split()]
    return " ".join(sorted(token for token in tokens if token not in PARTICLES))
