"""Reading cases as the workbench shows them: one case with its timeline and the steps the
reader may take now, the work queue and the examiner's list, each scoped to the reader's ports.

A reader scoped to ports (``User.ports``) sees only cargo discharged there: a case elsewhere
is refused, and a list filtered on a port outside theirs is refused rather than shown empty,
so that a mistyped port is not mistaken for an empty one.
"""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.cases import (
    TARGETING,
    CaseEvent,
    CaseState,
    CaseStatus,
    CaseStep,
    ExaminationType,
)
from cargotarget.model.users import Role, User
from cargotarget.store import cases as store
from cargotarget.store.assessments import latest_assessment
from cargotarget.store.audit import append_event
from cargotarget.store.examination_orders import ExaminationOrder, examination_orders
from cargotarget.store.queries import consignment_record
from cargotarget.store.users import users
from cargotarget.store.work_queue import QueueQuery, WorkItem, work_queue
from cargotarget.workflow.case_steps import (
    EXAMINERS,
    OFFICERS,
    SUPERVISORS,
    UnknownCase,
    case_state,
    check_port,
)
from cargotarget.workflow.permissions import NotAllowed


class CaseView(msgspec.Struct, frozen=True, kw_only=True):
    """A case as its reader sees it: the consignment it is about, where it stands, every step
    so far (oldest first), the recorded result if any, and the steps the reader may take now."""

    consignment_id: int
    bill_number: str
    provider: str
    port_of_discharge: str | None
    score: float | None
    lane: str | None
    state: CaseState
    timeline: list[CaseEvent]
    result: dict[str, Any] | None
    steps: list[CaseStep]


def scoped_ports(user: User, chosen: str | None) -> frozenset[str] | None:
    """The ports a list shows ``user``: the one chosen, else all of theirs (None: every port).
    A chosen port outside theirs is refused."""
    if chosen is None:
        return user.ports
    if not user.sees_port(chosen):
        raise NotAllowed(f"{user.username} does not work port {chosen}")
    return frozenset({chosen})


def _holds(user: User, state: CaseState) -> bool:
    return state.assignee == user.username or Role.SUPERVISOR in user.roles


def next_steps(user: User, state: CaseState) -> list[CaseStep]:
    """The steps ``user`` may take on the case now (by role, status and who holds it)."""
    status, officer = state.status, user.has_any(OFFICERS)
    steps = []
    if officer and status is CaseStatus.OPEN:
        steps.append(CaseStep.CLAIM)
    if user.has_any(SUPERVISORS) and status in (CaseStatus.OPEN, CaseStatus.CLAIMED):
        steps.append(CaseStep.ASSIGN)
    if officer and _holds(user, state):
        targeted = state.decision in TARGETING
        if status is CaseStatus.CLAIMED:
            steps.append(CaseStep.DECIDE)
        if status is CaseStatus.DECIDED and targeted:
            steps.append(CaseStep.ORDER_EXAMINATION)
        if status is CaseStatus.RESULT_RECORDED or (status is CaseStatus.DECIDED and not targeted):
            steps.append(CaseStep.CLOSE)
    if user.has_any(EXAMINERS) and status is CaseStatus.EXAMINATION_ORDERED:
        steps.append(CaseStep.RECORD_RESULT)
    return steps


def case_view(conn: Connection, consignment_id: int, user: User) -> CaseView:
    """The case of ``consignment_id`` for ``user``; raises UnknownCase (not stored or not
    assessed) or NotAllowed (a port the user does not work)."""
    check_port(conn, user, consignment_id)
    record = consignment_record(conn, consignment_id)
    if record is None:
        raise UnknownCase(f"no consignment with id {consignment_id}")
    state = case_state(conn, consignment_id)
    assessed = latest_assessment(conn, consignment_id)
    timeline = store.case_events(conn, consignment_id)
    results = [e for e in timeline if e.kind is CaseStep.RECORD_RESULT]
    return CaseView(
        consignment_id=consignment_id,
        bill_number=record.summary.bill_number,
        provider=record.summary.provider,
        port_of_discharge=record.summary.port_of_discharge,
        score=assessed.score if assessed else None,
        lane=assessed.lane if assessed else None,
        state=state,
        timeline=timeline,
        result=dict(results[-1].detail) if results else None,
        steps=next_steps(user, state),
    )


def officers_for(conn: Connection, port: str | None) -> list[str]:
    """The active officers (and supervisors) who work ``port``: those a case may go to."""
    return [
        u.username for u in users(conn) if u.active and u.has_any(OFFICERS) and u.sees_port(port)
    ]


def work_items(conn: Connection, user: User, port: str | None, query: QueueQuery) -> list[WorkItem]:
    """A page of the queue for ``user`` (their ports, or the one chosen among them)."""
    scoped = msgspec.structs.replace(query, ports=scoped_ports(user, port), reader=user.username)
    return work_queue(conn, scoped)


def examinations_for(
    conn: Connection,
    user: User,
    port: str | None,
    examination: ExaminationType | None,
    *,
    limit: int = 100,
    offset: int = 0,
) -> list[ExaminationOrder]:
    """Examination orders awaiting a result at ``user``'s ports (or the one chosen)."""
    ports = scoped_ports(user, port)
    kind = examination.value if examination else None
    return examination_orders(conn, ports, kind, limit=limit, offset=offset)


def record_case_view(conn: Connection, actor: str, consignment_id: int) -> None:
    """Record in the audit trail that ``actor`` read the case of ``consignment_id`` (its
    decisions and results), as a view of the consignment."""
    subject = ("consignment", str(consignment_id))
    append_event(conn, actor, AuditAction.VIEW_CONSIGNMENT, subject, {"view": "case"})
