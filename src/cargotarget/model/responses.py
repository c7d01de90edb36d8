"""Risk responses to filers: what the filer of a consignment is told after a decision.

Three decisions answer the filer: a request for information, a do-not-load, and assessment
complete. The filer is told what to do, never why customs looked: no score, no rule, no
watch-list entry, no officer's note. So the text comes from a fixed table per decision and
reason, and the two do-not-load reasons (an imminent threat, prohibited goods) share one filer
code, since telling them apart would tell the filer what was suspected.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from cargotarget.model.cases import DecisionKind


class ResponseKind(StrEnum):
    REQUEST_INFORMATION = "request_information"
    DO_NOT_LOAD = "do_not_load"
    ASSESSMENT_COMPLETE = "assessment_complete"


_RFI = "Customs requests information on this bill before it can be assessed: "
_DNL = (
    "Do not load this consignment. Contact the customs targeting centre, quoting this "
    "response, before any further movement of the goods."
)

#: The filer's reason code and text for each decision's reason code.
FILER_TEXT: dict[tuple[ResponseKind, str], tuple[str, str]] = {
    (ResponseKind.REQUEST_INFORMATION, "incomplete_data"): (
        "incomplete_data",
        _RFI + "file an amendment with the missing data elements.",
    ),
    (ResponseKind.REQUEST_INFORMATION, "vague_description"): (
        "vague_description",
        _RFI + "file an amendment that describes the goods precisely, with their HS code.",
    ),
    (ResponseKind.REQUEST_INFORMATION, "party_unclear"): (
        "party_unclear",
        _RFI + "file an amendment with the full name and address of every party.",
    ),
    (ResponseKind.REQUEST_INFORMATION, "inconsistent_data"): (
        "inconsistent_data",
        _RFI + "the data of the bill do not agree with each other; check them and amend.",
    ),
    (ResponseKind.DO_NOT_LOAD, "imminent_threat"): ("do_not_load", _DNL),
    (ResponseKind.DO_NOT_LOAD, "prohibited_goods"): ("do_not_load", _DNL),
    (ResponseKind.ASSESSMENT_COMPLETE, "no_further_action"): (
        "assessment_complete",
        "Risk assessment of this bill is complete: no further action is needed from the filer.",
    ),
    (ResponseKind.ASSESSMENT_COMPLETE, "information_received"): (
        "information_received",
        "The information requested was received and the risk assessment of this bill is "
        "complete: no further action is needed from the filer.",
    ),
}


def response_kind(decision: DecisionKind) -> ResponseKind | None:
    """The response a decision of ``decision`` sends the filer, or None (a target, a dismissal
    or a waiver is not told to the filer)."""
    try:
        return ResponseKind(decision.value)
    except ValueError:
        return None


def filer_text(kind: ResponseKind, reason_code: str) -> tuple[str, str]:
    """The filer's reason code and message for a decision's reason code."""
    found = FILER_TEXT.get((kind, reason_code))
    if found is None:
        # A reason code added to the decisions later still answers the filer plainly.
        return kind.value, FILER_TEXT[next(k for k in FILER_TEXT if k[0] is kind)][1]
    return found


class FilerResponse(msgspec.Struct, frozen=True, kw_only=True):
    """A response as the filer reads it: what was decided about which bill version."""

    response_id: int
    provider: str | None
    consignment_id: int
    bill_number: str
    version: int
    kind: ResponseKind
    reason_code: str
    message: str
    #: The filer's message that filed this version (its reference and format).
    message_reference: str | None
    filed_format: str | None
    created_at: datetime
    fetched_at: datetime | None = None
