"""The machinery of case steps: the errors, the current state, edge and ownership checks, and
recording a step as a case event and an audit event (see :mod:`cargotarget.workflow.cases`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.cases import EDGES, CaseState, CaseStatus, CaseStep
from cargotarget.model.users import Role, User
from cargotarget.store import cases as store
from cargotarget.store.assessments import latest_assessment
from cargotarget.store.audit import append_event
from cargotarget.workflow.permissions import NotAllowed

OFFICERS = frozenset({Role.TARGETING_OFFICER, Role.SUPERVISOR})
SUPERVISORS = frozenset({Role.SUPERVISOR})
EXAMINERS = frozenset({Role.EXAMINER})


class UnknownCase(LookupError):
    """The consignment is not stored or has not been assessed, so it has no case."""


class InvalidTransition(ValueError):
    """The case is not in a state from which this step is allowed."""


class ReasonRequired(ValueError):
    """A reason code is missing or not one of the list, or a written reason is missing."""


class InvalidResult(ValueError):
    """The examination result is incomplete or contradicts itself."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


def check_port(conn: Connection, user: User, consignment_id: int) -> None:
    """Refuse a consignment discharged at a port ``user`` does not work (and one not stored)."""
    stored, port = store.discharge_port(conn, consignment_id)
    if not stored:
        raise UnknownCase(f"no consignment with id {consignment_id}")
    if not user.sees_port(port):
        raise NotAllowed(
            f"{user.username} does not work port {port or '(none filed)'}, where consignment "
            f"{consignment_id} is discharged"
        )


def current(conn: Connection, consignment_id: int) -> CaseState:
    """The case as it stands (locked for the transaction); an assessed consignment with no
    step yet is open."""
    state = store.case_state_of(conn, consignment_id, lock=True)
    if state is not None:
        return state
    if latest_assessment(conn, consignment_id) is None:
        raise UnknownCase(f"consignment {consignment_id} has not been assessed: it has no case")
    return CaseState(consignment_id=consignment_id, status=CaseStatus.OPEN, version=0)


def case_state(conn: Connection, consignment_id: int) -> CaseState:
    """The case of an assessed consignment as it stands."""
    state = store.case_state_of(conn, consignment_id)
    if state is not None:
        return state
    if latest_assessment(conn, consignment_id) is None:
        raise UnknownCase(f"consignment {consignment_id} has not been assessed: it has no case")
    return CaseState(consignment_id=consignment_id, status=CaseStatus.OPEN, version=0)


def check_edge(state: CaseState, step: CaseStep) -> CaseStatus:
    sources, target = EDGES[step]
    if state.status not in sources:
        allowed = " or ".join(sorted(s.value for s in sources))
        raise InvalidTransition(
            f"cannot {step.value.replace('_', ' ')} the case of consignment "
            f"{state.consignment_id}: it is {state.status.value}, and this step needs {allowed}"
        )
    return target


def written(note: str, why: str) -> str:
    text = note.strip()
    if not text:
        raise ReasonRequired(f"{why} needs a written reason")
    return text


def owner_or_override(user: User, state: CaseState, note: str, doing: str) -> bool:
    """Whether ``user`` acts on a case assigned to someone else (a supervisor's override,
    which needs a written reason); an officer may act only on their own case."""
    if state.assignee == user.username:
        return False
    if Role.SUPERVISOR in user.roles:
        written(note, f"to {doing} a case assigned to {state.assignee}, a supervisor")
        return True
    raise NotAllowed(
        f"{user.username} may not {doing}: the case of consignment {state.consignment_id} "
        f"is assigned to {state.assignee}"
    )


def step(
    conn: Connection,
    user: User,
    before: CaseState,
    after: CaseState,
    step: CaseStep,
    at: datetime | None,
    reason_code: str | None = None,
    detail: dict[str, Any] | None = None,
) -> CaseState:
    """Record ``step`` as a case event and an audit event."""
    when = at or datetime.now(UTC)
    about = {k: v for k, v in (detail or {}).items() if v not in (None, "", False)}
    store.add_step(
        conn,
        before,
        after,
        at=when,
        actor=user.username,
        step=step,
        reason_code=reason_code,
        detail=about,
    )
    action = AuditAction.RESULT if step is CaseStep.RECORD_RESULT else AuditAction.DECISION
    audit = {"step": step.value, "status": after.status.value, **about}
    if reason_code:
        audit["reason_code"] = reason_code
    append_event(
        conn, user.username, action, ("consignment", str(after.consignment_id)), audit, at=when
    )
    return after


def next_state(state: CaseState, status: CaseStatus, **changes: Any) -> CaseState:
    fields = {
        "consignment_id": state.consignment_id,
        "assignee": state.assignee,
        "decision": state.decision,
        "examination": state.examination,
        **changes,
    }
    return CaseState(status=status, version=state.version + 1, **fields)
