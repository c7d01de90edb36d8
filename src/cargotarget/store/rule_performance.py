"""How each rule has done, counted by the database from the recorded hits and examination
outcomes (one aggregate query each, never a loop over the rows).

For a rule (all its versions) or one rule version: ``hits`` counts the stored assessments it
hit; ``examined`` the consignments it hit that have at least one examination outcome;
``findings`` those of them with an outcome that found something (a discrepancy or a
seizure); ``last_finding`` the latest examination time of such an outcome. An outcome counts
for every rule that hit the consignment, whatever the order of the hit and the examination.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, case, distinct, func, select

from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment_hit, examination_outcome
from cargotarget.store.queries import as_utc

#: The examination results that count as a finding.
FINDING_RESULTS = ("discrepancy", "seizure")


class Figures(msgspec.Struct, frozen=True, kw_only=True):
    hits: int = 0
    examined: int = 0
    findings: int = 0
    last_finding: datetime | None = None

    @property
    def hit_rate(self) -> float | None:
        """Findings per examined consignment (None before any examination)."""
        return self.findings / self.examined if self.examined else None


def _key(by_version: bool) -> Any:
    return t.rule_version.c.version if by_version else t.rule.c.code


def _hit_rows(by_version: bool, code: str | None) -> Any:
    h, v = assessment_hit.c, t.rule_version.c
    query = (
        select(_key(by_version).label("key"), h.assessment_id, h.consignment_id)
        .join(t.rule_version, v.id == h.rule_version_id)
        .join(t.rule, t.rule.c.id == v.rule_id)
        .where(h.kind == "rule")
    )
    return query if code is None else query.where(t.rule.c.code == code)


def _outcomes() -> Any:
    """One row per examined consignment: whether any outcome found something, and when last."""
    o = examination_outcome.c
    found = o.result.in_(FINDING_RESULTS)
    return (
        select(
            o.consignment_id,
            func.max(case((found, 1), else_=0)).label("found"),
            func.max(case((found, o.examined_at), else_=None)).label("last"),
        )
        .group_by(o.consignment_id)
        .subquery()
    )


def rule_figures(
    conn: Connection, *, code: str | None = None, by_version: bool = False
) -> dict[Any, Figures]:
    """The figures of every rule (by code), or with ``code`` of that rule only; with
    ``by_version``, of each version of ``code`` (by version number). Rules never hit are
    left out (their figures are all zero)."""
    hit_rows = _hit_rows(by_version, code).subquery()
    hits = select(hit_rows.c.key, func.count(distinct(hit_rows.c.assessment_id))).group_by(
        hit_rows.c.key
    )
    pairs = select(hit_rows.c.key, hit_rows.c.consignment_id).distinct().subquery()
    outcomes = _outcomes()
    examined = (
        select(
            pairs.c.key,
            func.count(),
            func.sum(outcomes.c.found),
            func.max(outcomes.c.last),
        )
        .join(outcomes, outcomes.c.consignment_id == pairs.c.consignment_id)
        .group_by(pairs.c.key)
    )
    figures = {key: Figures(hits=int(n)) for key, n in conn.execute(hits)}
    for key, count, found, last in conn.execute(examined):
        figures[key] = Figures(
            hits=figures[key].hits,
            examined=int(count),
            findings=int(found or 0),
            last_finding=_stamp(last),
        )
    return figures


def _stamp(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands back text for a MAX over a CASE
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return as_utc(value)
