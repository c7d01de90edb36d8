"""Reading what the workbench shows: the sizes of the work queue by lane, the highest scores,
the arrivals to come and how many of them were assessed, and the names of rules that hit.

"Assessed" means the consignment's current version has an assessment; earlier versions'
assessments do not count, since an amendment must be assessed again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, Select, and_, bindparam, func, select

from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment
from cargotarget.store.port_scope import discharged_at
from cargotarget.store.queries import as_utc

#: The lanes that need an officer's look (the queue itself is in store/work_queue.py).
WORK_LANES = ("red", "yellow")


class QueueItem(msgspec.Struct, frozen=True, kw_only=True):
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


class ArrivalCount(msgspec.Struct, frozen=True, kw_only=True):
    arriving: int
    assessed: int

    @property
    def share_assessed(self) -> float | None:
        return self.assessed / self.arriving if self.arriving else None


class RuleName(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    version: int
    name: str
    threat: str


def _current(a: Any, c: Any) -> Any:
    """The assessment is of the consignment's current version (naming the consignment too lets
    the database walk assessments, by score or lane, and look consignments up by key)."""
    return and_(a.consignment_id == c.id, a.version_id == c.current_version_id)


def assessed_current() -> Select[Any]:
    """Live consignments joined to the assessment of their current version."""
    c, a, v = t.consignment.c, assessment.c, t.voyage.c
    return (
        select(
            c.id.label("consignment_id"),
            c.bill_number,
            c.provider,
            a.score,
            a.lane,
            a.random_selected,
            c.port_of_loading,
            c.port_of_discharge,
            c.arrival_at,
            v.vessel_name,
            v.voyage_number,
        )
        .join(assessment, _current(a, c))
        .join(t.voyage, v.id == c.voyage_id)
        .where(c.cancelled.is_(False))
    )


def _item(row: Any) -> QueueItem:
    values = dict(row._mapping)
    values["arrival_at"] = as_utc(values["arrival_at"])
    return QueueItem(**values)


#: One port of discharge, the ports a user is scoped to, or None: every port.
AtPorts = str | frozenset[str] | None


def _at_port(query: Select[Any], port: AtPorts) -> Select[Any]:
    return query if port is None or port == "" else query.where(discharged_at(port))


def lane_counts(conn: Connection, port: AtPorts = None) -> dict[str, int]:
    """How many live consignments each lane holds (by their current assessment)."""
    c, a = t.consignment.c, assessment.c
    query = (
        select(a.lane, func.count())
        .select_from(t.consignment)
        .join(assessment, _current(a, c))
        .where(c.cancelled.is_(False))
        .group_by(a.lane)
    )
    return {lane: int(n) for lane, n in conn.execute(_at_port(query, port))}


def highest_scores(conn: Connection, limit: int = 10, port: AtPorts = None) -> list[QueueItem]:
    """The live consignments with the highest scores."""
    a = assessment.c
    query = _at_port(assessed_current(), port).order_by(a.score.desc(), a.id.desc()).limit(limit)
    return [_item(row) for row in conn.execute(query)]


def arrivals(
    conn: Connection, start: datetime, end: datetime, port: AtPorts = None
) -> ArrivalCount:
    """Live consignments arriving in [start, end), and how many of them are assessed."""
    c, a = t.consignment.c, assessment.c
    assessed = select(a.id).where(a.version_id == c.current_version_id).exists()
    query: Select[Any] = select(func.count(), func.count().filter(assessed)).where(  # type: ignore[assignment]
        c.cancelled.is_(False), c.arrival_at >= start, c.arrival_at < end
    )
    row = conn.execute(_at_port(query, port)).one()
    return ArrivalCount(arriving=int(row[0]), assessed=int(row[1]))


def _rule_names() -> Select[Any]:
    r, v = t.rule.c, t.rule_version.c
    return (
        select(v.id, r.code, v.version, v.name, v.threat)
        .join(t.rule, r.id == v.rule_id)
        .where(v.id.in_(bindparam("ids", expanding=True)))
    )


_RULE_NAMES = _rule_names()  # built once: it runs on every consignment view with hits


def rule_names(conn: Connection, version_ids: Iterable[int]) -> dict[int, RuleName]:
    """Code, version, name and threat of the rule versions ``version_ids``."""
    wanted = sorted(set(version_ids))
    if not wanted:
        return {}
    return {
        vid: RuleName(code=code, version=version, name=name, threat=threat)
        for vid, code, version, name, threat in conn.execute(_RULE_NAMES, {"ids": wanted})
    }
