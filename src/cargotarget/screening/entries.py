"""Watch-list entries: what is listed, why, how serious it is, and for how long.

An entry is typed by what it lists: a party (a person or company, matched by name and
address), a company identifier, a container, a vessel (IMO number), a bill number, an HS
code prefix, a country, a port or a keyword found in goods descriptions. Values are held in
the normal form screening compares (see :func:`normal_value`). An entry outside its
validity window never matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum

import msgspec

from cargotarget.model.codes import ContainerNumber, CountryCode, ImoNumber, InvalidCode
from cargotarget.model.manifest import Address, Identifier
from cargotarget.screening.normalise import fold


class EntryKind(StrEnum):
    PARTY = "party"
    COMPANY_ID = "company_id"
    CONTAINER = "container"
    VESSEL = "vessel"
    BILL = "bill"
    HS_CODE = "hs_code"
    COUNTRY = "country"
    PORT = "port"
    KEYWORD = "keyword"


class Severity(StrEnum):
    """How serious a match is, from a lead worth a look to a stop."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


class WatchEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One listed item.

    A party entry has a ``name`` (plus ``aliases``) and may have an ``address``, a
    ``country`` and ``identifiers``; a vessel entry has its IMO number in ``value`` and may
    have a name; every other kind has its listed ``value`` only. ``valid_from`` and
    ``expires`` bound the days on which the entry matches (``expires`` is the first day it
    no longer does).
    """

    entry_id: str
    list_name: str
    kind: EntryKind
    reason: str
    severity: Severity = Severity.MEDIUM
    source: str = ""
    value: str = ""
    name: str | None = None
    aliases: tuple[str, ...] = ()
    address: Address | None = None
    country: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    valid_from: date | None = None
    expires: date | None = None

    def active_on(self, day: date) -> bool:
        """Whether the entry matches on ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.expires is None or day < self.expires

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias, as listed."""
        return ((self.name,) if self.name else ()) + self.aliases


_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def normal_value(kind: EntryKind, raw: str) -> str:
    """The form in which a listed (or filed) value of ``kind`` is compared.

    Codes lose spaces, dots and dashes and are upper-cased ("imo 9074729" -> "9074729",
    "0803.10" -> "080310"); keywords are folded like names ("Said to contain" ->
    "SAID TO CONTAIN").
    """
    if kind in (EntryKind.KEYWORD, EntryKind.PARTY):
        return fold(raw)
    value = _NOT_ALNUM.sub("", raw.upper())
    if kind is EntryKind.VESSEL and value.startswith("IMO"):
        return value[3:]
    return value


def value_problem(kind: EntryKind, value: str) -> str | None:
    """Why ``value`` (already in normal form) cannot be listed as ``kind``, or None."""
    if not value:
        return f"a {kind} entry needs a value"
    check = _CHECKS.get(kind)
    if check is None:
        return None
    try:
        check(value)
    except InvalidCode as error:
        return error.reason
    return None


def _hs_prefix(value: str) -> str:
    if not value.isdigit() or not 2 <= len(value) <= 10:
        raise InvalidCode("HS code", value, "must be 2 to 10 digits")
    return value


def _locode(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}[A-Z2-9]{3}", value):
        raise InvalidCode("UN/LOCODE", value, "must be a country code and three letters or digits")
    return value


_CHECKS: dict[EntryKind, Callable[[str], object]] = {
    EntryKind.CONTAINER: ContainerNumber,
    EntryKind.VESSEL: ImoNumber,
    EntryKind.COUNTRY: CountryCode,
    EntryKind.HS_CODE: _hs_prefix,
    EntryKind.PORT: _locode,
}
