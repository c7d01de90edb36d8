"""A consignment's case from target to result: decisions with reason codes, examinations and
their results, and the states a case moves through.

A case opens when a consignment is assessed and sits in a queue. An officer claims it (or a
supervisor assigns it), decides, orders an examination when the decision is a target, an
examiner records the result, and the case is closed. Each decision carries a reason code from
the fixed list of its kind; results are checked before they are recorded.
"""

from __future__ import annotations

import math
from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec


class CaseStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    DECIDED = "decided"
    EXAMINATION_ORDERED = "examination_ordered"
    RESULT_RECORDED = "result_recorded"
    CLOSED = "closed"


class CaseStep(StrEnum):
    """What a case event records."""

    CLAIM = "claim"
    ASSIGN = "assign"
    DECIDE = "decide"
    ORDER_EXAMINATION = "order_examination"
    RECORD_RESULT = "record_result"
    CLOSE = "close"


#: Where each step may start from, and where it leads.
EDGES: dict[CaseStep, tuple[frozenset[CaseStatus], CaseStatus]] = {
    CaseStep.CLAIM: (frozenset({CaseStatus.OPEN}), CaseStatus.CLAIMED),
    CaseStep.ASSIGN: (frozenset({CaseStatus.OPEN, CaseStatus.CLAIMED}), CaseStatus.CLAIMED),
    CaseStep.DECIDE: (frozenset({CaseStatus.CLAIMED}), CaseStatus.DECIDED),
    CaseStep.ORDER_EXAMINATION: (
        frozenset({CaseStatus.DECIDED}),
        CaseStatus.EXAMINATION_ORDERED,
    ),
    CaseStep.RECORD_RESULT: (
        frozenset({CaseStatus.EXAMINATION_ORDERED}),
        CaseStatus.RESULT_RECORDED,
    ),
    CaseStep.CLOSE: (
        frozenset({CaseStatus.DECIDED, CaseStatus.RESULT_RECORDED}),
        CaseStatus.CLOSED,
    ),
}


class DecisionKind(StrEnum):
    ISSUE_TARGET = "issue_target"
    DISMISS = "dismiss"
    WAIVE = "waive"
    REQUEST_INFORMATION = "request_information"
    DO_NOT_LOAD = "do_not_load"
    ASSESSMENT_COMPLETE = "assessment_complete"


#: The reason codes each kind of decision accepts.
REASON_CODES: dict[DecisionKind, tuple[str, ...]] = {
    DecisionKind.ISSUE_TARGET: (
        "rule_hit",
        "watchlist_match",
        "intelligence",
        "officer_judgement",
        "random_selection",
    ),
    DecisionKind.DISMISS: (
        "no_risk_after_review",
        "known_trader",
        "false_watchlist_match",
        "documents_satisfactory",
    ),
    DecisionKind.WAIVE: (
        "authorised_economic_operator",
        "diplomatic",
        "humanitarian",
        "perishable_low_risk",
        "examination_capacity",
        "other_written_reason",
    ),
    DecisionKind.REQUEST_INFORMATION: (
        "incomplete_data",
        "vague_description",
        "party_unclear",
        "inconsistent_data",
    ),
    DecisionKind.DO_NOT_LOAD: ("imminent_threat", "prohibited_goods"),
    DecisionKind.ASSESSMENT_COMPLETE: ("no_further_action", "information_received"),
}

#: Decisions that close nothing by themselves but lead to an examination.
TARGETING = frozenset({DecisionKind.ISSUE_TARGET})


class ExaminationType(StrEnum):
    DOCUMENT_CHECK = "document_check"
    SCAN = "scan"
    PHYSICAL_PARTIAL = "physical_partial"
    PHYSICAL_FULL = "physical_full"


class ResultKind(StrEnum):
    NO_FINDING = "no_finding"
    DISCREPANCY = "discrepancy"
    SEIZURE = "seizure"


class DiscrepancyType(StrEnum):
    MISDESCRIPTION = "misdescription"
    WEIGHT = "weight"
    QUANTITY = "quantity"
    CLASSIFICATION = "classification"
    ORIGIN = "origin"
    VALUE = "value"
    OTHER = "other"


class Decision(msgspec.Struct, frozen=True, kw_only=True):
    kind: DecisionKind
    reason_code: str
    note: str = ""


#: Bounds on what a result may say: a written note, a commodity, a unit, and amounts no
#: examination can find (a typing slip of a few extra digits, or an infinity).
NOTE_LIMIT = 2000
COMMODITY_LIMIT = 200
UNIT_LIMIT = 32
QUANTITY_LIMIT = 1e9
VALUE_LIMIT = 1e13


def text_problems(value: str | None, name: str, limit: int) -> list[str]:
    """What is wrong with a piece of written text: too long, or control characters in it."""
    if value is None:
        return []
    if len(value) > limit:
        return [f"{name} is {len(value):,} characters long; at most {limit:,}"]
    if not value.replace("\n", " ").replace("\r", " ").replace("\t", " ").isprintable():
        return [f"{name} holds control characters"]
    return []


def _amount_problems(result: ExaminationResult) -> list[str]:
    found: list[str] = []
    if result.quantity is not None and math.isfinite(result.quantity):
        if result.quantity > QUANTITY_LIMIT:
            found.append(f"a quantity of {result.quantity:g} is beyond any seizure")
    elif result.quantity is not None and result.quantity > 0:
        found.append("the quantity must be a finite number")
    if result.value is not None and not math.isfinite(result.value):
        found.append("the estimated value must be a finite number")
    elif result.value is not None and result.value > VALUE_LIMIT:
        found.append(f"an estimated value of {result.value:g} is beyond any seizure")
    return found


class ExaminationResult(msgspec.Struct, frozen=True, kw_only=True):
    """What the examiner found. A discrepancy names its type; a seizure its commodity, a
    positive quantity with its unit, and (optionally) an estimated value."""

    kind: ResultKind
    discrepancy_type: DiscrepancyType | None = None
    commodity: str | None = None
    quantity: float | None = None
    unit: str | None = None
    value: float | None = None
    note: str = ""

    def problems(self) -> list[str]:
        """What is wrong with the result (empty when it may be recorded)."""
        found: list[str] = []
        if self.kind is ResultKind.DISCREPANCY and self.discrepancy_type is None:
            found.append("a discrepancy needs its type")
        if self.kind is not ResultKind.DISCREPANCY and self.discrepancy_type is not None:
            found.append("only a discrepancy has a discrepancy type")
        seized = (self.commodity, self.quantity, self.unit, self.value)
        if self.kind is ResultKind.SEIZURE:
            if not (self.commodity or "").strip():
                found.append("a seizure needs the commodity seized")
            if self.quantity is None or not self.quantity > 0:
                found.append("a seizure needs a quantity above zero")
            if not (self.unit or "").strip():
                found.append("a seizure needs the unit of its quantity (kg, pieces, ...)")
            if self.value is not None and not self.value >= 0:
                found.append("the estimated value cannot be negative")
            found += _amount_problems(self)
        elif any(v is not None for v in seized):
            found.append("commodity, quantity, unit and value belong to a seizure only")
        found += text_problems(self.commodity, "the commodity", COMMODITY_LIMIT)
        found += text_problems(self.unit, "the unit", UNIT_LIMIT)
        found += text_problems(self.note, "the note", NOTE_LIMIT)
        return found

    def detail(self) -> dict[str, object]:
        """The result's details as an examination outcome stores them (only those given)."""
        values: dict[str, object] = {
            "discrepancy_type": self.discrepancy_type.value if self.discrepancy_type else None,
            "commodity": self.commodity.strip() if self.commodity else None,
            "quantity": self.quantity,
            "unit": self.unit.strip() if self.unit else None,
            "value": self.value,
            "note": self.note.strip() or None,
        }
        return {k: v for k, v in values.items() if v is not None}


class CaseState(msgspec.Struct, frozen=True, kw_only=True):
    consignment_id: int
    status: CaseStatus
    version: int
    assignee: str | None = None
    decision: DecisionKind | None = None
    examination: ExaminationType | None = None


class CaseEvent(msgspec.Struct, frozen=True, kw_only=True):
    consignment_id: int
    version: int
    at: datetime
    actor: str
    kind: CaseStep
    reason_code: str | None
    detail: dict[str, Any]
