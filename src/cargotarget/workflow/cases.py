"""A consignment's case from target to result: claim, assign, decide, order an examination,
record the result, close.

A case opens when the consignment is assessed. Targeting officers claim cases and decide them
with a reason code from the fixed list of the decision's kind; a target leads to an examination
order, and only an examiner records its result, which is also kept as an examination outcome so
that it feeds party history, rule performance and training labels. A supervisor may assign or
reassign a case and may act on a case assigned to someone else, always with a written reason.

Steps move a case only along the edges of :data:`cargotarget.model.cases.EDGES`; each one adds
an append-only case event and an audit event. Each function works inside the caller's
transaction and raises a plain domain error when the step is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection

from cargotarget.model.cases import (
    REASON_CODES,
    TARGETING,
    CaseEvent,
    CaseState,
    CaseStatus,
    CaseStep,
    Decision,
    DecisionKind,
    ExaminationResult,
    ExaminationType,
)
from cargotarget.store import cases as store
from cargotarget.store.assessments import latest_assessment
from cargotarget.store.outcomes import NewOutcome, record_outcomes
from cargotarget.workflow.case_steps import (
    EXAMINERS,
    OFFICERS,
    SUPERVISORS,
    InvalidResult,
    InvalidTransition,
    ReasonRequired,
    UnknownCase,
    case_state,
    check_edge,
    check_port,
    current,
    next_state,
    owner_or_override,
    step,
    written,
)
from cargotarget.workflow.permissions import NotAllowed, UnknownUser, acting_user
from cargotarget.workflow.responses import respond_to_decision

__all__ = [
    "InvalidResult",
    "InvalidTransition",
    "NotAllowed",
    "ReasonRequired",
    "UnknownCase",
    "UnknownUser",
    "assign",
    "case_state",
    "case_timeline",
    "claim",
    "close",
    "decide",
    "order_examination",
    "record_result",
]


def claim(
    conn: Connection, consignment_id: int, username: str, *, at: datetime | None = None
) -> CaseState:
    """``username`` (a targeting officer or supervisor) takes an open case."""
    user = acting_user(conn, username, OFFICERS, "claim cases")
    check_port(conn, user, consignment_id)
    state = current(conn, consignment_id)
    status = check_edge(state, CaseStep.CLAIM)
    after = next_state(state, status, assignee=user.username)
    return step(conn, user, state, after, CaseStep.CLAIM, at)


def assign(
    conn: Connection,
    consignment_id: int,
    username: str,
    assignee: str,
    note: str,
    *,
    at: datetime | None = None,
) -> CaseState:
    """A supervisor gives an open or claimed case to ``assignee``, saying why."""
    user = acting_user(conn, username, SUPERVISORS, "assign cases")
    check_port(conn, user, consignment_id)
    officer = acting_user(conn, assignee, OFFICERS, "be assigned cases")
    check_port(conn, officer, consignment_id)
    state = current(conn, consignment_id)
    status = check_edge(state, CaseStep.ASSIGN)
    text = written(note, "assigning a case")
    after = next_state(state, status, assignee=officer.username)
    return step(
        conn,
        user,
        state,
        after,
        CaseStep.ASSIGN,
        at,
        None,
        {"note": text, "previous": state.assignee},
    )


def _reason(decision: Decision) -> str:
    code = decision.reason_code.strip().lower()
    allowed = REASON_CODES[decision.kind]
    if not code:
        raise ReasonRequired(
            f"a decision to {decision.kind.value} needs a reason code: one of {', '.join(allowed)}"
        )
    if code not in allowed:
        raise ReasonRequired(
            f"{code!r} is not a reason code for {decision.kind.value}: "
            f"use one of {', '.join(allowed)}"
        )
    return code


def decide(
    conn: Connection,
    consignment_id: int,
    username: str,
    decision: Decision,
    *,
    at: datetime | None = None,
) -> CaseState:
    """The officer holding the case (or a supervisor, with a written reason) decides it. A
    waiver always needs a written reason as well as its exception code."""
    user = acting_user(conn, username, OFFICERS, "decide cases")
    check_port(conn, user, consignment_id)
    state = current(conn, consignment_id)
    status = check_edge(state, CaseStep.DECIDE)
    code = _reason(decision)
    note = decision.note.strip()
    if decision.kind is DecisionKind.WAIVE:
        written(note, "a waiver")
    override = owner_or_override(user, state, note, "decide")
    after = next_state(state, status, decision=decision.kind)
    decided = step(
        conn,
        user,
        state,
        after,
        CaseStep.DECIDE,
        at,
        code,
        {"decision": decision.kind.value, "note": note, "override": override},
    )
    # The filer hears of a request for information, a do-not-load or a completed assessment.
    respond_to_decision(conn, consignment_id, decision.kind, code, actor=user.username, at=at)
    return decided


def order_examination(
    conn: Connection,
    consignment_id: int,
    username: str,
    examination: ExaminationType,
    note: str = "",
    *,
    at: datetime | None = None,
) -> CaseState:
    """Order an examination of a targeted consignment."""
    user = acting_user(conn, username, OFFICERS, "order examinations")
    check_port(conn, user, consignment_id)
    state = current(conn, consignment_id)
    status = check_edge(state, CaseStep.ORDER_EXAMINATION)
    if state.decision not in TARGETING:
        decided = state.decision.value if state.decision else "nothing"
        raise InvalidTransition(
            f"cannot order an examination of consignment {consignment_id}: "
            f"the decision was {decided}, not issue_target"
        )
    override = owner_or_override(user, state, note, "order an examination of")
    after = next_state(state, status, examination=examination)
    return step(
        conn,
        user,
        state,
        after,
        CaseStep.ORDER_EXAMINATION,
        at,
        None,
        {"examination": examination.value, "note": note.strip(), "override": override},
    )


def _selection(conn: Connection, consignment_id: int) -> str:
    """Why the consignment was selected, as examination outcomes count it."""
    assessed = latest_assessment(conn, consignment_id)
    if assessed is not None and assessed.random_selected:
        return "random"
    if assessed is not None and assessed.hits:
        return "rule"
    return "officer"


def record_result(
    conn: Connection,
    consignment_id: int,
    username: str,
    result: ExaminationResult,
    *,
    examined_at: datetime | None = None,
    at: datetime | None = None,
) -> CaseState:
    """An examiner records what the ordered examination found; the result is also stored as
    an examination outcome."""
    user = acting_user(conn, username, EXAMINERS, "record examination results")
    check_port(conn, user, consignment_id)
    state = current(conn, consignment_id)
    status = check_edge(state, CaseStep.RECORD_RESULT)
    problems = result.problems()
    if problems:
        raise InvalidResult(problems)
    when = at or datetime.now(UTC)
    detail = result.detail()
    examination = state.examination.value if state.examination else None
    record_outcomes(
        conn,
        [
            NewOutcome(
                consignment_id=consignment_id,
                examined_at=examined_at or when,
                selection=_selection(conn, consignment_id),
                result=result.kind.value,
                detail={**detail, "examination": examination},
            )
        ],
        at=when,
    )
    after = next_state(state, status)
    return step(
        conn,
        user,
        state,
        after,
        CaseStep.RECORD_RESULT,
        when,
        None,
        {"result": result.kind.value, **detail},
    )


def close(
    conn: Connection,
    consignment_id: int,
    username: str,
    note: str = "",
    *,
    at: datetime | None = None,
) -> CaseState:
    """Close a case: one decided without a target, or one whose result is recorded."""
    user = acting_user(conn, username, OFFICERS, "close cases")
    check_port(conn, user, consignment_id)
    state = current(conn, consignment_id)
    status = check_edge(state, CaseStep.CLOSE)
    if state.status is CaseStatus.DECIDED and state.decision in TARGETING:
        raise InvalidTransition(
            f"cannot close the case of consignment {consignment_id}: it is targeted, "
            "so an examination must be ordered and its result recorded first"
        )
    override = owner_or_override(user, state, note, "close")
    after = next_state(state, status)
    return step(
        conn,
        user,
        state,
        after,
        CaseStep.CLOSE,
        at,
        None,
        {"note": note.strip(), "override": override},
    )


def case_timeline(conn: Connection, consignment_id: int) -> list[CaseEvent]:
    """Every step of the case, oldest first."""
    return store.case_events(conn, consignment_id)
