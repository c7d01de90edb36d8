"""Reading consignments: search by party, container, bill, HS prefix, port and dates; history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, Select, Table, bindparam, exists, or_, select

from cargotarget.model.manifest import Consignment, Voyage
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment
from cargotarget.store.names import name_key
from cargotarget.store.party_match import similar_names
from cargotarget.store.port_scope import discharged_at


class SearchCriteria(msgspec.Struct, frozen=True, kw_only=True):
    party: str | None = None
    container: str | None = None
    bill: str | None = None
    hs_prefix: str | None = None
    port: str | None = None
    arrival_from: datetime | None = None
    arrival_to: datetime | None = None
    lane: str | None = None
    include_cancelled: bool = True
    limit: int = 100
    #: The ports the searcher sees (None: every port): only cargo discharged at them is found.
    ports: frozenset[str] | None = None


class ConsignmentSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    voyage_id: int
    provider: str
    bill_number: str
    version: int
    cancelled: bool
    kind: str
    voyage_number: str
    vessel_name: str | None
    port_of_loading: str | None
    port_of_discharge: str | None
    arrival_at: datetime | None


class ConsignmentVersion(msgspec.Struct, frozen=True, kw_only=True):
    version: int
    function: str
    filed_at: datetime | None
    received_at: datetime
    consignment: Consignment


class ConsignmentRecord(msgspec.Struct, frozen=True, kw_only=True):
    summary: ConsignmentSummary
    voyage: Voyage
    versions: tuple[ConsignmentVersion, ...]

    @property
    def current(self) -> Consignment:
        return self.versions[-1].consignment


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _summary_query() -> Select[Any]:
    c, v = t.consignment.c, t.voyage.c
    return select(
        c.id,
        c.voyage_id,
        c.provider,
        c.bill_number,
        c.version,
        c.cancelled,
        c.kind,
        v.voyage_number,
        v.vessel_name,
        c.port_of_loading,
        c.port_of_discharge,
        c.arrival_at,
    ).join(t.voyage, t.voyage.c.id == c.voyage_id)


def _summary(row: Any) -> ConsignmentSummary:
    values = dict(row._mapping)
    values["arrival_at"] = as_utc(values["arrival_at"])
    return ConsignmentSummary(**values)


def _on_current(table: Table) -> Any:
    return table.c.version_id == t.consignment.c.current_version_id


def _in_lane(lane: str) -> Any:
    """The current version's assessment put the consignment in ``lane``."""
    a = assessment.c
    return exists().where(_on_current(assessment), a.lane == lane.strip().lower())


def search(conn: Connection, criteria: SearchCriteria) -> list[ConsignmentSummary]:
    """Consignments whose current version matches every criterion given, newest arrival first."""
    c = t.consignment.c
    query = _summary_query()
    if criteria.bill:
        bill = criteria.bill.strip().upper()
        query = query.where(or_(c.bill_number == bill, c.master_bill_number == bill))
    if criteria.party:
        key = name_key(criteria.party)
        name = t.party.c.name_key
        named = or_(name.like(f"%{key}%"), name.in_(similar_names(conn, key)))
        query = query.where(exists().where(_on_current(t.party), named))
    if criteria.container:
        number = "".join(criteria.container.split()).upper()
        query = query.where(
            exists().where(_on_current(t.container), t.container.c.number == number)
        )
    if criteria.hs_prefix:
        prefix = criteria.hs_prefix.replace(".", "").strip() + "%"
        query = query.where(exists().where(_on_current(t.goods), t.goods.c.hs_code.like(prefix)))
    if criteria.port:
        port = criteria.port.strip().upper()
        query = query.where(or_(c.port_of_loading == port, c.port_of_discharge == port))
    if criteria.arrival_from:
        query = query.where(c.arrival_at >= criteria.arrival_from)
    if criteria.arrival_to:
        query = query.where(c.arrival_at < criteria.arrival_to)
    if criteria.lane:
        query = query.where(_in_lane(criteria.lane))
    if not criteria.include_cancelled:
        query = query.where(c.cancelled.is_(False))
    if criteria.ports is not None:
        query = query.where(discharged_at(criteria.ports))
    query = query.order_by(c.arrival_at.desc(), c.id.desc()).limit(criteria.limit)
    return [_summary(row) for row in conn.execute(query)]


def _record_statements() -> tuple[Select[Any], Select[Any]]:
    """The reads of a consignment's record, built once (they run on every consignment view)."""
    v = t.consignment_version.c
    head = (
        _summary_query()
        .add_columns(t.voyage.c.document.label("voyage_document"))
        .where(t.consignment.c.id == bindparam("cid"))
    )
    versions = (
        select(v.version, v.function, v.filed_at, v.received_at, v.document)
        .where(v.consignment_id == bindparam("cid"))
        .order_by(v.version)
    )
    return head, versions


_HEAD, _VERSIONS = _record_statements()
_consignment = msgspec.json.Decoder(Consignment).decode
_voyage = msgspec.json.Decoder(Voyage).decode


def consignment_record(conn: Connection, consignment_id: int) -> ConsignmentRecord | None:
    """A consignment with every stored version, oldest first, and its voyage."""
    row = conn.execute(_HEAD, {"cid": consignment_id}).first()
    if row is None:
        return None
    values = dict(row._mapping)
    voyage = _voyage(values.pop("voyage_document"))
    values["arrival_at"] = as_utc(values["arrival_at"])
    history = tuple(
        ConsignmentVersion(
            version=number,
            function=function,
            filed_at=as_utc(filed),
            received_at=as_utc(received) or received,
            consignment=_consignment(document),
        )
        for number, function, filed, received, document in conn.execute(
            _VERSIONS, {"cid": consignment_id}
        )
    )
    return ConsignmentRecord(summary=ConsignmentSummary(**values), voyage=voyage, versions=history)


def find_ids(
    conn: Connection,
    bill_number: str,
    provider: str | None = None,
    ports: frozenset[str] | None = None,
) -> list[int]:
    """Ids of the consignments with ``bill_number`` (from any provider unless one is given)
    discharged at ``ports`` (None: any port)."""
    c = t.consignment.c
    query = select(c.id).where(c.bill_number == bill_number)
    if ports is not None:
        query = query.where(discharged_at(ports))
    if provider is not None:
        query = query.where(c.provider == provider)
    return [int(i) for i in conn.execute(query.order_by(c.id)).scalars()]


def ids_by_bill(conn: Connection, bill_numbers: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    """The consignments filed under each of ``bill_numbers`` (as stored, or in capitals), as
    ``(id, provider)`` pairs; a bill that is not known is left out."""
    wanted = sorted({b for bill in bill_numbers for b in (bill, bill.upper())})
    c = t.consignment.c
    found: dict[str, list[tuple[int, str]]] = {}
    for start in range(0, len(wanted), 500):
        query = (
            select(c.bill_number, c.id, c.provider)
            .where(c.bill_number.in_(wanted[start : start + 500]))
            .order_by(c.id)
        )
        for bill, cid, provider in conn.execute(query):
            found.setdefault(bill, []).append((int(cid), provider))
    return found


def current_version_ids(conn: Connection, *, include_cancelled: bool = False) -> set[int]:
    """The current version of every consignment (cancelled ones only when asked)."""
    c = t.consignment.c
    query = select(c.current_version_id).where(c.current_version_id.is_not(None))
    if not include_cancelled:
        query = query.where(c.cancelled.is_(False))
    return {int(v) for v in conn.execute(query).scalars()}


def current_versions_between(conn: Connection, since: datetime, until: datetime) -> list[int]:
    """The current versions of the consignments (cancelled ones left out) filed between
    ``since`` and ``until``, or, without a filing time, arriving between them."""
    c, v = t.consignment.c, t.consignment_version.c
    filed = v.filed_at.between(since, until)
    arriving = v.filed_at.is_(None) & c.arrival_at.between(since, until)
    query = (
        select(v.id)
        .join(t.consignment, c.current_version_id == v.id)
        .where(c.cancelled.is_(False), filed | arriving)
        .order_by(v.id)
    )
    return [int(i) for i in conn.execute(query).scalars()]
