"""Problems found in incoming messages, and what a parser hands on for storage.

A problem always says where it is (``position``: segment number and tag, line and column, or a
JSON path) and why, in words a filer can act on. Errors stop the message or the consignment they
belong to; warnings are kept with the accepted data.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

from cargotarget.model.manifest import Manifest


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    message: str
    position: str
    severity: Severity = Severity.ERROR
    bill_number: str | None = None

    def __str__(self) -> str:
        where = f" [{self.bill_number}]" if self.bill_number else ""
        return f"{self.position}{where}: {self.message} ({self.code})"


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


class RejectedConsignment(msgspec.Struct, frozen=True, kw_only=True):
    """A consignment held back from a message that was otherwise accepted.

    ``fragment`` is a self-contained message in the original format carrying this consignment
    alone, so that it can be corrected and replayed.
    """

    bill_number: str | None
    problems: tuple[Problem, ...]
    fragment: bytes


class ParsedMessage(msgspec.Struct, frozen=True, kw_only=True):
    """One message read from an input, good or bad.

    ``manifest`` carries the consignments that passed; it is None when the message as a whole
    failed (then ``problems`` holds at least one error and ``fragment`` the message's bytes).
    """

    format: str
    manifest: Manifest | None
    problems: tuple[Problem, ...] = ()
    rejected: tuple[RejectedConsignment, ...] = ()
    fragment: bytes = b""
