"""Reading and writing cases: the current state and the append-only events.

A step is written as one new event, numbered one above the case's version, and the state row
is rewritten to match. The state row is read ``FOR UPDATE`` (on PostgreSQL; SQLite has a single
writer), and the unique (consignment, version) of the events refuses a second writer that read
the same version, so two officers can never both move a case from the same state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, insert, select, update

from cargotarget.model.cases import (
    CaseEvent,
    CaseState,
    CaseStatus,
    CaseStep,
    DecisionKind,
    ExaminationType,
)
from cargotarget.store import tables as t
from cargotarget.store.case_tables import case_event, case_state
from cargotarget.store.queries import as_utc


def case_state_of(conn: Connection, consignment_id: int, *, lock: bool = False) -> CaseState | None:
    """The case of a consignment as it stands, or None when no step was taken yet."""
    query = select(case_state).where(case_state.c.consignment_id == consignment_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        return None
    return CaseState(
        consignment_id=row.consignment_id,
        status=CaseStatus(row.status),
        version=row.version,
        assignee=row.assignee,
        decision=DecisionKind(row.decision) if row.decision else None,
        examination=ExaminationType(row.examination) if row.examination else None,
    )


def add_step(
    conn: Connection,
    before: CaseState,
    after: CaseState,
    *,
    at: datetime,
    actor: str,
    step: CaseStep,
    reason_code: str | None,
    detail: dict[str, Any],
) -> CaseEvent:
    """Record ``step`` moving the case from ``before`` to ``after`` (whose version is the next)."""
    event = CaseEvent(
        consignment_id=after.consignment_id,
        version=after.version,
        at=at,
        actor=actor,
        kind=step,
        reason_code=reason_code,
        detail=detail,
    )
    conn.execute(
        insert(case_event).values(
            consignment_id=event.consignment_id,
            version=event.version,
            at=at,
            actor=actor,
            kind=step.value,
            reason_code=reason_code,
            detail=msgspec.json.encode(detail).decode(),
        )
    )
    values = {
        "status": after.status.value,
        "version": after.version,
        "assignee": after.assignee,
        "decision": after.decision.value if after.decision else None,
        "examination": after.examination.value if after.examination else None,
        "updated_at": at,
    }
    if before.version == 0:
        conn.execute(insert(case_state).values(consignment_id=after.consignment_id, **values))
    else:
        conn.execute(
            update(case_state)
            .where(case_state.c.consignment_id == after.consignment_id)
            .where(case_state.c.version == before.version)
            .values(**values)
        )
    return event


def case_events(conn: Connection, consignment_id: int) -> list[CaseEvent]:
    """Every step of a consignment's case, oldest first."""
    e = case_event.c
    query = select(case_event).where(e.consignment_id == consignment_id).order_by(e.version)
    return [
        CaseEvent(
            consignment_id=row.consignment_id,
            version=row.version,
            at=as_utc(row.at) or row.at,
            actor=row.actor,
            kind=CaseStep(row.kind),
            reason_code=row.reason_code,
            detail=msgspec.json.decode(row.detail),
        )
        for row in conn.execute(query)
    ]


def discharge_port(conn: Connection, consignment_id: int) -> tuple[bool, str | None]:
    """Whether the consignment is stored, and its port of discharge (None when not filed)."""
    c = t.consignment.c
    row = conn.execute(select(c.port_of_discharge).where(c.id == consignment_id)).first()
    return (False, None) if row is None else (True, row.port_of_discharge)
