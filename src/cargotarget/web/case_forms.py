"""Reading the case forms of the workbench: every problem of a form is gathered (so that the
page can show them all next to the form, with what was typed kept), then the workflow checks
the rest (edges, reason codes, who holds the case)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from cargotarget.model.cases import (
    NOTE_LIMIT,
    Decision,
    DecisionKind,
    DiscrepancyType,
    ExaminationResult,
    ExaminationType,
    ResultKind,
    text_problems,
)

#: How long a typed field may be (a user name, a code), besides notes and results.
SHORT_LIMIT = 200

Typed = Mapping[str, str]
E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


class CaseFormError(ValueError):
    """A form that cannot be used as typed; ``problems`` says what is wrong, one by one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


def typed_values(form: Mapping[str, object]) -> dict[str, str]:
    """The text fields of a submitted form (an uploaded file is no field of ours)."""
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


def _text(form: Typed, name: str, label: str, problems: list[str], limit: int) -> str:
    value = form.get(name, "")
    found = text_problems(value, label, limit)
    problems += found
    return "" if found else value.strip()


def _choice(form: Typed, name: str, label: str, kind: type[E], problems: list[str]) -> E | None:
    value = form.get(name, "").strip()
    if not value:
        problems.append(f"choose the {label}")
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(item.value for item in kind)
        shown = value if len(value) <= 40 else value[:40] + "..."
        problems.append(f"{shown!r} is not a {label}: one of {allowed}")
        return None


def _amount(form: Typed, name: str, label: str, problems: list[str]) -> float | None:
    value = form.get(name, "").strip()
    if not value:
        return None
    try:
        number = float(value.replace(",", "")) if len(value) <= 40 else math.nan
    except ValueError:
        number = math.nan
    if math.isnan(number) or math.isinf(number):
        problems.append(f"the {label} must be a number, not {value[:40]!r}")
        return None
    return number


def _done(problems: list[str], value: T | None) -> T:
    if problems or value is None:
        raise CaseFormError(problems or ["the form is incomplete"])
    return value


def note_of(form: Typed) -> str:
    """The written note of any case form (optional; required by some steps)."""
    problems: list[str] = []
    return _done(problems, _text(form, "note", "the note", problems, NOTE_LIMIT))


def assignment_of(form: Typed) -> tuple[str, str]:
    """Who a case goes to, and why."""
    problems: list[str] = []
    assignee = _text(form, "assignee", "the officer", problems, SHORT_LIMIT)
    if not assignee and not problems:
        problems.append("choose the officer to give the case to")
    before = len(problems)
    note = _text(form, "note", "the note", problems, NOTE_LIMIT)
    if not note and len(problems) == before:
        problems.append("assigning a case needs a written note")
    return _done(problems, (assignee, note))


def decision_of(form: Typed) -> Decision:
    """The decision, its reason code and note."""
    problems: list[str] = []
    kind = _choice(form, "kind", "decision", DecisionKind, problems)
    before = len(problems)
    code = _text(form, "reason_code", "the reason code", problems, SHORT_LIMIT)
    if not code and len(problems) == before:
        problems.append("choose a reason code: every decision needs one")
    note = _text(form, "note", "the note", problems, NOTE_LIMIT)
    decided = None if kind is None else Decision(kind=kind, reason_code=code, note=note)
    return _done(problems, decided)


def examination_of(form: Typed) -> tuple[ExaminationType, str]:
    """The examination ordered, and a note."""
    problems: list[str] = []
    kind = _choice(form, "examination", "examination type", ExaminationType, problems)
    note = _text(form, "note", "the note", problems, NOTE_LIMIT)
    return _done(problems, None if kind is None else (kind, note))


def result_of(form: Typed) -> ExaminationResult:
    """The examination result, with every problem of the form and of the result itself."""
    problems: list[str] = []
    kind = _choice(form, "result", "result", ResultKind, problems)
    found = None
    if form.get("discrepancy_type", "").strip():
        found = _choice(form, "discrepancy_type", "discrepancy type", DiscrepancyType, problems)
    commodity = form.get("commodity", "").strip() or None
    unit = form.get("unit", "").strip() or None
    quantity = _amount(form, "quantity", "quantity", problems)
    value = _amount(form, "value", "estimated value", problems)
    if kind is None:
        return _done(problems, None)
    result = ExaminationResult(
        kind=kind,
        discrepancy_type=found,
        commodity=commodity,
        quantity=quantity,
        unit=unit,
        value=value,
        note=form.get("note", ""),
    )
    problems += result.problems()
    return _done(problems, result)
