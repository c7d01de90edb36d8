"""The work queue: live consignments in the lanes that need an officer, highest score first,
with their case (status and assignee) and the threats of the rules that hit them.

The queue is walked by score and stops after one page; the case of each row is found by key,
and the threats of a page are read in one more query. Filters narrow the walk: the ports a
user works, one threat, the cases still open (no step taken yet) or the user's own live cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec
from sqlalchemy import Connection, Select, func, select

from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment, assessment_hit
from cargotarget.store.case_tables import case_state
from cargotarget.store.port_scope import discharged_at
from cargotarget.store.queries import as_utc
from cargotarget.store.workbench import assessed_current

#: The lanes that need an officer's look: the others are released without one.
WORK_LANES = ("red", "yellow")


class CaseFilter(StrEnum):
    """Which cases a queue shows besides its lanes: every one, those no one has taken yet, or
    the live (not closed) cases assigned to the reader."""

    ALL = "all"
    OPEN = "open"
    MINE = "mine"


class WorkItem(msgspec.Struct, frozen=True, kw_only=True):
    """One row of the queue: the consignment, its score and lane, and its case."""

    consignment_id: int
    bill_number: str
    provider: str
    score: float
    lane: str
    random_selected: bool
    port_of_loading: str | None
    port_of_discharge: str | None
    arrival_at: datetime | None
    vessel_name: str | None
    voyage_number: str
    #: The case status (``open`` until someone takes a step) and who holds it.
    status: str
    assignee: str | None
    #: The threats of the rules that hit, in name order.
    threats: list[str]


class QueueQuery(msgspec.Struct, frozen=True, kw_only=True):
    """What a queue page asks for. ``ports`` None: every port; an empty set: none."""

    lanes: tuple[str, ...] = WORK_LANES
    ports: frozenset[str] | None = None
    threat: str | None = None
    cases: CaseFilter = CaseFilter.ALL
    reader: str = ""
    limit: int = 100
    offset: int = 0


def _rows(query: QueueQuery) -> Select[Any]:
    a, s = assessment.c, case_state.c
    # The lane is read through coalesce so that the database walks the score index and stops
    # after one page, rather than gathering every consignment of the lanes to sort them.
    rows = (
        assessed_current()
        .add_columns(
            func.coalesce(s.status, "open").label("status"),
            s.assignee,
            a.id.label("assessment_id"),
        )
        .outerjoin(case_state, s.consignment_id == t.consignment.c.id)
        .where(func.coalesce(a.lane, "").in_(list(query.lanes)))
    )
    if query.ports is not None:
        rows = rows.where(discharged_at(query.ports))
    if query.threat:
        r, h = t.rule_version.c, assessment_hit.c
        hit = (
            select(h.id)
            .join(t.rule_version, r.id == h.rule_version_id)
            .where(h.assessment_id == a.id, r.threat == query.threat)
        )
        rows = rows.where(hit.exists())
    if query.cases is CaseFilter.OPEN:
        rows = rows.where(s.consignment_id.is_(None))
    elif query.cases is CaseFilter.MINE:
        rows = rows.where(s.assignee == query.reader, s.status != "closed")
    return rows


def _threats(conn: Connection, assessment_ids: Sequence[int]) -> dict[int, list[str]]:
    if not assessment_ids:
        return {}
    r, h = t.rule_version.c, assessment_hit.c
    query = (
        select(h.assessment_id, r.threat)
        .join(t.rule_version, r.id == h.rule_version_id)
        .where(h.assessment_id.in_(list(assessment_ids)))
        .distinct()
    )
    found: dict[int, list[str]] = {}
    for assessment_id, threat in conn.execute(query):
        found.setdefault(assessment_id, []).append(threat)
    return {key: sorted(threats) for key, threats in found.items()}


def work_queue(conn: Connection, query: QueueQuery) -> list[WorkItem]:
    """One page of the queue, highest score first (then the latest assessed)."""
    a = assessment.c
    page = _rows(query).order_by(a.score.desc(), a.id.desc()).limit(query.limit)
    rows = list(conn.execute(page.offset(query.offset)))
    threats = _threats(conn, [row.assessment_id for row in rows])
    items = []
    for row in rows:
        values = dict(row._mapping)
        assessment_id = values.pop("assessment_id")
        values["arrival_at"] = as_utc(values["arrival_at"])
        items.append(WorkItem(**values, threats=threats.get(assessment_id, [])))
    return items
