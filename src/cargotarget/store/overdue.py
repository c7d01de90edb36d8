"""Overdue work: red-lane consignments arriving soon (or already arrived) whose case is still
open, that is not decided yet.

A consignment in the red lane needs an officer's decision before the cargo is released; one
that arrives within the horizon without a decision is overdue. A consignment with no case yet
(no ``case_state`` row) counts as open.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, Select, and_, func, or_, select

from cargotarget.model.cases import CaseStatus
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment
from cargotarget.store.case_tables import case_state
from cargotarget.store.port_scope import discharged_at
from cargotarget.store.queries import as_utc

#: The case states in which nobody has decided yet.
UNDECIDED = (CaseStatus.OPEN.value, CaseStatus.CLAIMED.value)


class OverdueItem(msgspec.Struct, frozen=True, kw_only=True):
    consignment_id: int
    bill_number: str
    provider: str
    score: float
    port_of_discharge: str | None
    arrival_at: datetime | None
    status: str
    assignee: str | None


class Overdue(msgspec.Struct, frozen=True, kw_only=True):
    """How many red-lane consignments are overdue, and the first of them (earliest arrival)."""

    count: int
    first: list[OverdueItem]


def _overdue(query: Select[Any], until: datetime, ports: str | frozenset[str] | None) -> Any:
    c, a, s = t.consignment.c, assessment.c, case_state.c
    return (
        query.select_from(t.consignment)
        .join(
            assessment,
            and_(a.consignment_id == c.id, a.version_id == c.current_version_id),
        )
        .outerjoin(case_state, s.consignment_id == c.id)
        .where(
            a.lane == "red",
            c.cancelled.is_(False),
            c.arrival_at < until,
            or_(s.status.is_(None), s.status.in_(UNDECIDED)),
            discharged_at(ports),
        )
    )


def overdue(
    conn: Connection, until: datetime, ports: str | frozenset[str] | None = None, *, first: int = 5
) -> Overdue:
    """Red-lane live consignments arriving before ``until`` whose case is undecided, at
    ``ports`` (one port, a set, or None: every port); the ``first`` by earliest arrival."""
    c, a, s = t.consignment.c, assessment.c, case_state.c
    count = conn.execute(_overdue(select(func.count()), until, ports)).scalar_one()
    columns = select(
        c.id,
        c.bill_number,
        c.provider,
        a.score,
        c.port_of_discharge,
        c.arrival_at,
        func.coalesce(s.status, CaseStatus.OPEN.value),
        s.assignee,
    )
    query = _overdue(columns, until, ports).order_by(c.arrival_at, c.id).limit(first)
    items = [
        OverdueItem(
            consignment_id=int(cid),
            bill_number=bill,
            provider=provider,
            score=float(score),
            port_of_discharge=port,
            arrival_at=as_utc(arrival),
            status=status,
            assignee=assignee,
        )
        for cid, bill, provider, score, port, arrival, status, assignee in conn.execute(query)
    ]
    return Overdue(count=int(count), first=items)
