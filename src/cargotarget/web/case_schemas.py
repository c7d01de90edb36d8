"""The JSON of the case API: request bodies and answers, described in the OpenAPI document.

Schemas are written out in place (every reference replaced by what it refers to), so that
the case API describes itself without changing the shared component table.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from cargotarget.model.cases import (
    COMMODITY_LIMIT,
    NOTE_LIMIT,
    UNIT_LIMIT,
    DecisionKind,
    DiscrepancyType,
    ExaminationResult,
    ExaminationType,
    ResultKind,
)
from cargotarget.store.examination_orders import ExaminationOrder
from cargotarget.store.work_queue import WorkItem
from cargotarget.web.schemas import Invalid, Refusal, reply

Note = Annotated[str, msgspec.Meta(max_length=NOTE_LIMIT, description="a written note")]
Code = Annotated[str, msgspec.Meta(max_length=64)]


class AssignBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Give the case to an officer, saying why."""

    assignee: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    note: Note


class DecideBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A decision with a reason code of its kind (see docs/cases.md for the codes)."""

    kind: DecisionKind
    reason_code: Code
    note: Note = ""


class ExaminationBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    examination: ExaminationType
    note: Note = ""


class ResultBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What the examination found: a discrepancy names its type; a seizure its commodity,
    quantity above zero, unit and (optionally) estimated value."""

    kind: ResultKind
    discrepancy_type: DiscrepancyType | None = None
    commodity: Annotated[str, msgspec.Meta(max_length=COMMODITY_LIMIT)] | None = None
    quantity: float | None = None
    unit: Annotated[str, msgspec.Meta(max_length=UNIT_LIMIT)] | None = None
    value: float | None = None
    note: Note = ""

    def result(self) -> ExaminationResult:
        return ExaminationResult(**msgspec.structs.asdict(self))


class NoteBody(msgspec.Struct, frozen=True, kw_only=True):
    """An optional note (a supervisor acting on someone else's case must write one)."""

    note: Note = ""


class WorkQueuePage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[WorkItem]
    limit: int
    offset: int


class ExaminationPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ExaminationOrder]
    limit: int
    offset: int


def refused(description: str) -> dict[str, Any]:
    return reply(Refusal, description=description)


def invalid(description: str) -> dict[str, Any]:
    return reply(Invalid, description=description)
