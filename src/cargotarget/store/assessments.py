"""Reading what an assessment needs (stored filings, outcomes) and writing assessments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import Connection, bindparam, delete, func, select

from cargotarget.model.manifest import Consignment, Flow, Voyage
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import (
    assessment,
    assessment_hit,
    assessment_queue,
    examination_outcome,
)
from cargotarget.store.bulk import insert_rows, reserve_ids
from cargotarget.store.queries import as_utc


class StoredFiling(msgspec.Struct, frozen=True, kw_only=True):
    """One stored consignment version with what came with it."""

    version_id: int
    consignment_id: int
    version: int
    flow: Flow
    filed_at: datetime | None
    consignment: Consignment
    voyage: Voyage


class Examined(msgspec.Struct, frozen=True, kw_only=True):
    consignment_id: int
    examined_at: datetime
    finding: bool


class Hit(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    weight: float
    evidence: dict[str, Any]
    rule_version_id: int | None = None
    watchlist_entry: str | None = None


class NewAssessment(msgspec.Struct, frozen=True, kw_only=True):
    consignment_id: int
    version_id: int
    score: float
    lane: str
    random_selected: bool
    capacity_dropped: bool
    indicators: dict[str, Any]
    hits: tuple[Hit, ...]
    #: The label of the model version that scored it (None: scored without a model).
    model_version: str | None = None


class StoredAssessment(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    version_id: int
    assessed_at: datetime
    ruleset: str
    score: float
    lane: str
    random_selected: bool
    capacity_dropped: bool
    indicators: dict[str, Any]
    hits: tuple[Hit, ...]
    model_version: str | None = None


_consignment = msgspec.json.Decoder(Consignment)
_voyage = msgspec.json.Decoder(Voyage)


def unassessed_versions(conn: Connection) -> list[int]:
    """Current consignment versions that have no assessment yet (those in the queue)."""
    c, q = t.consignment.c, assessment_queue.c
    query = (
        select(q.version_id)
        .join(t.consignment, c.id == q.consignment_id)
        .where(c.current_version_id == q.version_id)
        .order_by(q.version_id)
    )
    return [int(v) for v in conn.execute(query).scalars()]


def stored_filings(
    conn: Connection, version_ids: Sequence[int] | None = None
) -> list[StoredFiling]:
    """Stored versions (all of them, or those listed) with their voyage, oldest first."""
    v, m = t.consignment_version.c, t.manifest.c
    query = (
        select(v.id, v.consignment_id, v.version, m.flow, v.filed_at, v.document, m.voyage_id)
        .join(t.manifest, m.id == v.manifest_id)
        .order_by(v.id)
    )
    rows = []
    if version_ids is None:
        rows = list(conn.execute(query))
    else:
        for start in range(0, len(version_ids), 500):
            chunk = version_ids[start : start + 500]
            rows += list(conn.execute(query.where(v.id.in_(chunk))))
    voyages = _voyages(conn, {row.voyage_id for row in rows})
    return [
        StoredFiling(
            version_id=row.id,
            consignment_id=row.consignment_id,
            version=row.version,
            flow=Flow(row.flow),
            filed_at=as_utc(row.filed_at),
            consignment=_consignment.decode(row.document),
            voyage=voyages[row.voyage_id],
        )
        for row in rows
    ]


def _voyages(conn: Connection, ids: set[int]) -> dict[int, Voyage]:
    found: dict[int, Voyage] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        query = select(t.voyage.c.id, t.voyage.c.document).where(
            t.voyage.c.id.in_(wanted[start : start + 500])
        )
        found.update({vid: _voyage.decode(doc) for vid, doc in conn.execute(query)})
    return found


def examinations(conn: Connection) -> list[Examined]:
    """Every recorded examination: when, and whether it found anything."""
    o = examination_outcome.c
    query = select(o.consignment_id, o.examined_at, o.result).order_by(o.id)
    return [
        Examined(consignment_id=cid, examined_at=as_utc(at) or at, finding=result != "no_finding")
        for cid, at, result in conn.execute(query)
    ]


def save_assessments(
    conn: Connection, new: Sequence[NewAssessment], *, at: datetime, ruleset: str
) -> list[int]:
    """Store assessments and their hits, and take the assessed versions (with earlier queued
    versions of the same consignments) off the assessment queue; returns the new ids."""
    ids = reserve_ids(conn, assessment, len(new))
    encode = msgspec.json.encode
    columns = (
        "id",
        "consignment_id",
        "version_id",
        "assessed_at",
        "ruleset",
        "score",
        "lane",
        "random_selected",
        "capacity_dropped",
        "indicators",
        "model_version",
    )
    insert_rows(
        conn,
        assessment,
        columns,
        [
            (
                aid,
                a.consignment_id,
                a.version_id,
                at,
                ruleset,
                a.score,
                a.lane,
                a.random_selected,
                a.capacity_dropped,
                encode(a.indicators).decode(),
                a.model_version,
            )
            for aid, a in zip(ids, new, strict=True)
        ],
    )
    hit_columns = (
        "assessment_id",
        "consignment_id",
        "kind",
        "rule_version_id",
        "watchlist_entry",
        "weight",
        "evidence",
    )
    insert_rows(
        conn,
        assessment_hit,
        hit_columns,
        [
            (
                aid,
                a.consignment_id,
                h.kind,
                h.rule_version_id,
                h.watchlist_entry,
                h.weight,
                encode(h.evidence).decode(),
            )
            for aid, a in zip(ids, new, strict=True)
            for h in a.hits
        ],
    )
    q = assessment_queue.c
    if new:
        conn.execute(
            delete(assessment_queue).where(
                q.consignment_id == bindparam("cid"), q.version_id <= bindparam("vid")
            ),
            [{"cid": a.consignment_id, "vid": a.version_id} for a in new],
        )
    return ids


def red_selections(conn: Connection, days: Sequence[tuple[str, date]]) -> list[int]:
    """For each (port of discharge, arrival day, UTC): the consignments whose current version
    an assessment put in the red lane, random control selections left out."""
    c, a = t.consignment.c, assessment.c
    query = (
        select(func.count())
        .select_from(t.consignment)
        .join(assessment, a.version_id == c.current_version_id)
        .where(
            c.port_of_discharge == bindparam("port"),
            c.arrival_at >= bindparam("start"),
            c.arrival_at < bindparam("end"),
            a.lane == "red",
            a.random_selected.is_(False),
        )
    )
    counted = []
    for port, day in days:
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        given = {"port": port, "start": start, "end": start + timedelta(days=1)}
        counted.append(int(conn.execute(query, given).scalar_one()))
    return counted


def latest_assessment(conn: Connection, consignment_id: int) -> StoredAssessment | None:
    """The newest assessment of a consignment, with its hits."""
    a, h = assessment.c, assessment_hit.c
    row = conn.execute(
        select(assessment).where(a.consignment_id == consignment_id).order_by(a.id.desc())
    ).first()
    if row is None:
        return None
    hits = tuple(
        Hit(
            kind=kind,
            weight=weight,
            evidence=msgspec.json.decode(evidence),
            rule_version_id=rule,
            watchlist_entry=entry,
        )
        for kind, weight, evidence, rule, entry in conn.execute(
            select(h.kind, h.weight, h.evidence, h.rule_version_id, h.watchlist_entry)
            .where(h.assessment_id == row.id)
            .order_by(h.weight.desc(), h.id)
        )
    )
    return StoredAssessment(
        id=row.id,
        version_id=row.version_id,
        assessed_at=as_utc(row.assessed_at) or row.assessed_at,
        ruleset=row.ruleset,
        score=row.score,
        lane=row.lane,
        random_selected=row.random_selected,
        capacity_dropped=row.capacity_dropped,
        indicators=msgspec.json.decode(row.indicators),
        hits=hits,
        model_version=row.model_version,
    )
