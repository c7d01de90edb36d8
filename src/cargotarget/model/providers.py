"""Data providers: the carriers, NVOCCs, forwarders and airlines that file manifests.

A provider is registered by the administrator under a short code, with the identifiers it is
known by in the messages it sends (SCAC, IATA airline prefix, EORI, TIN, the EDI sender id of
its interchanges) and the user accounts that file for it; each API token belongs to one of
those accounts. Values are checked here, so that every channel (CLI, page, API) refuses the
same input with the same words.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

import msgspec


class ProviderKind(StrEnum):
    CARRIER = "carrier"
    NVOCC = "nvocc"
    FORWARDER = "forwarder"
    AIRLINE = "airline"
    OTHER = "other"


class IdentifierScheme(StrEnum):
    """What kind of identifier a value is (how the messages name their filer)."""

    #: Standard Carrier Alpha Code (NMFTA), 2 to 4 letters.
    SCAC = "scac"
    #: IATA airline prefix: the three digits that start an air waybill number.
    IATA_PREFIX = "iata_prefix"
    #: IATA two-character airline designator.
    IATA_DESIGNATOR = "iata_designator"
    #: EU Economic Operators Registration and Identification number.
    EORI = "eori"
    #: A national taxpayer identification number.
    TIN = "tin"
    #: The sender of the interchange (EDIFACT UNB, X12 ISA/GS, XML header) or NAD+MS.
    EDI_SENDER = "edi_sender"


_PATTERNS: dict[IdentifierScheme, tuple[re.Pattern[str], str]] = {
    IdentifierScheme.SCAC: (re.compile(r"[A-Z]{2,4}"), "2 to 4 letters"),
    IdentifierScheme.IATA_PREFIX: (re.compile(r"\d{3}"), "3 digits"),
    IdentifierScheme.IATA_DESIGNATOR: (re.compile(r"[A-Z0-9]{2}"), "2 letters or digits"),
    IdentifierScheme.EORI: (re.compile(r"[A-Z]{2}[A-Z0-9]{1,15}"), "a country code and 1-15 more"),
    IdentifierScheme.TIN: (re.compile(r"[A-Z0-9-]{4,20}"), "4 to 20 letters, digits or dashes"),
    IdentifierScheme.EDI_SENDER: (
        re.compile(r"[A-Z0-9][A-Z0-9 ._:/-]{0,34}"),
        "1 to 35 letters, digits, spaces or . _ : / -",
    ),
}
_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{1,31}")
MAX_NAME = 200
MAX_CONTACT = 300


class InvalidProvider(ValueError):
    """A provider code, name, contact or identifier that cannot be registered."""


def normal_code(raw: str) -> str:
    """A provider code as stored: trimmed, upper case, 2-32 letters, digits, ``-`` or ``_``."""
    code = raw.strip().upper()
    if not _CODE.fullmatch(code):
        raise InvalidProvider(
            f"a provider code is 2 to 32 letters, digits, '-' or '_' (starting with a letter or "
            f"digit), not {raw[:40]!r}"
        )
    return code


def normal_identifier(scheme: IdentifierScheme, raw: str) -> str:
    """An identifier value as stored (trimmed, upper case), checked against its scheme."""
    value = raw.strip().upper()
    pattern, says = _PATTERNS[scheme]
    if not pattern.fullmatch(value):
        raise InvalidProvider(f"a {scheme.value} identifier is {says}, not {raw[:40]!r}")
    return value


def plain_text(raw: str, what: str, limit: int, *, required: bool) -> str | None:
    """Trimmed one-line text of at most ``limit`` characters (None when empty and allowed)."""
    text = raw.strip()
    if not text:
        if required:
            raise InvalidProvider(f"the {what} is required")
        return None
    if len(text) > limit or not text.isprintable():
        raise InvalidProvider(
            f"the {what} is one line of at most {limit} characters, without control characters"
        )
    return text


class ProviderIdentifier(msgspec.Struct, frozen=True, kw_only=True):
    scheme: IdentifierScheme
    value: str


class DataProvider(msgspec.Struct, frozen=True, kw_only=True):
    """A registered filer with its identifiers and the accounts that file for it."""

    id: int
    code: str
    name: str
    kind: ProviderKind
    contact: str | None
    active: bool
    created_at: datetime
    created_by: str
    identifiers: tuple[ProviderIdentifier, ...] = ()
    accounts: tuple[str, ...] = ()

    def knows_sender(self, sender: str) -> bool:
        """Whether a message naming ``sender`` as its filer comes from this provider: its
        code, one of its identifiers or one of its accounts (compared without case)."""
        wanted = sender.strip().upper()
        names = {self.code, *(i.value for i in self.identifiers)}
        return wanted in names or wanted.lower() in self.accounts

    @property
    def filer_names(self) -> tuple[str, ...]:
        """The names its messages are filed under: its accounts (through the API) and its
        code (through the drop folder)."""
        return (*self.accounts, self.code)


def sender_warnings(provider: DataProvider | None, senders: set[str]) -> list[str]:
    """Warnings for a filing whose messages name senders (NAD+MS, envelope sender, ...) that
    are not ``provider``'s. A warning, not a refusal: the data are kept and assessed, since a
    service provider may send on a filer's behalf, and held cargo data is worse than cargo data
    with a questioned sender; the administrator adds the sender as an identifier once it is
    known to be the provider's."""
    if provider is None:
        return [
            "this account files for no registered data provider: ask the customs "
            "administration to register the provider and link the account"
        ]
    return [
        f"the message names {sender!r} as its sender, which is not an identifier of provider "
        f"{provider.code}; it was stored as filed by {provider.code}"
        for sender in sorted(senders)
        if not provider.knows_sender(sender)
    ]
