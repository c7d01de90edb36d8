"""Reading what the timeliness figures are computed from, and keeping voyage notices.

The reads return plain rows in the column order of the frames in
:mod:`cargotarget.reports.timeliness_frames`; the figures are computed there, in Polars. Who
filed is the manifest's provider (the filing account, or the provider the message named when
it came in without one); a message refused whole is known only by the account it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, Connection, and_, case, func, insert, literal, or_, select
from sqlalchemy.orm import aliased

from cargotarget.store import tables as t
from cargotarget.store.notice_tables import voyage_notice
from cargotarget.store.port_scope import Ports, discharged_at
from cargotarget.store.providers import provider_by_id, provider_naming


class Window(msgspec.Struct, frozen=True, kw_only=True):
    """What to read: received from ``start`` (inclusive) to ``end`` (exclusive), at ``port``
    and from ``provider`` when given (filed under one of the names ``filers``), and only cargo
    discharged at ``ports`` (the reader's)."""

    start: datetime
    end: datetime
    port: str | None = None
    provider: str | None = None
    filers: frozenset[str] | None = None
    ports: Ports = None


class Notice(msgspec.Struct, frozen=True, kw_only=True):
    """A voyage (or flight) announced before its manifest."""

    provider: str
    carrier_code: str
    mode: str
    voyage_number: str
    port: str
    departure_at: datetime | None
    arrival_at: datetime | None
    due_at: datetime | None
    received_at: datetime
    announced_by: str


def _cargo_scope(window: Window, provider: Any) -> list[ColumnElement[bool]]:
    conditions = [discharged_at(window.ports), discharged_at(window.port)]
    if window.filers is not None:
        conditions.append(provider.in_(sorted(window.filers)))
    return conditions


def filing_rows(conn: Connection, window: Window) -> Sequence[Sequence[Any]]:
    """One row per consignment version received in the window (schema ``FILINGS``)."""
    v, c, m, voy = t.consignment_version.c, t.consignment.c, t.manifest.c, t.voyage.c
    query = (
        select(v.consignment_id, m.raw_message_id, m.provider, c.port_of_discharge, voy.mode)
        .add_columns(c.bill_number, c.voyage_id, voy.voyage_number, v.version, v.received_at)
        .add_columns(voy.departure_at, voy.arrival_at)
        .select_from(t.consignment_version)
        .join(t.consignment, c.id == v.consignment_id)
        .join(t.manifest, m.id == v.manifest_id)
        .join(t.voyage, voy.id == c.voyage_id)
        .where(v.received_at >= window.start, v.received_at < window.end)
        .where(*_cargo_scope(window, m.provider))
    )
    return conn.execute(query).all()


def count_rows(conn: Connection, window: Window) -> Sequence[Sequence[Any]]:
    """Messages received, messages refused whole and consignments quarantined, per account
    the message came from (schema ``COUNTS``). Not limited by port: none is known for them."""
    r, q = t.raw_message.c, t.quarantine_item.c
    received = and_(r.received_at >= window.start, r.received_at < window.end)
    if window.filers is not None:
        received = and_(received, r.provider.in_(sorted(window.filers)))
    messages = select(r.provider, literal("message"), func.count()).where(received)
    kind = case((q.scope == "message", "rejected_message"), else_="quarantined_consignment")
    refused = (
        select(r.provider, kind, func.count())
        .select_from(t.quarantine_item)
        .join(t.raw_message, r.id == q.raw_message_id)
        .where(received)
    )
    rows = conn.execute(messages.group_by(r.provider)).all()
    return [*rows, *conn.execute(refused.group_by(r.provider, kind)).all()]


def master_rows(conn: Connection, window: Window) -> Sequence[Sequence[Any]]:
    """Master bills first filed in the window with no house bill under them on their voyage
    (schema ``MASTERS``); cancelled bills on either side do not count."""
    c, voy = t.consignment.c, t.voyage.c
    house = aliased(t.consignment)
    houses = select(house.c.id).where(
        house.c.voyage_id == c.voyage_id,
        house.c.kind == "house",
        house.c.master_bill_number == c.bill_number,
        house.c.cancelled.is_(False),
    )
    query = (
        select(c.id, c.provider, c.port_of_discharge, c.bill_number, c.voyage_id)
        .add_columns(voy.voyage_number, c.first_seen_at)
        .join(t.voyage, voy.id == c.voyage_id)
        .where(c.kind == "master", c.cancelled.is_(False), ~houses.exists())
        .where(c.first_seen_at >= window.start, c.first_seen_at < window.end)
        .where(*_cargo_scope(window, c.provider))
    )
    return conn.execute(query).all()


def notice_rows(conn: Connection, window: Window, now: datetime) -> Sequence[Sequence[Any]]:
    """The latest notice of each announced voyage whose manifest fell due in the window and
    before ``now``, with whether a manifest of that carrier, voyage number and port had come
    by then (schema ``NOTICES``)."""
    n, m, voy = voyage_notice.c, t.manifest.c, t.voyage.c
    later = aliased(voyage_notice)
    newer = select(later.c.id).where(
        later.c.id > n.id,
        later.c.carrier_code == n.carrier_code,
        later.c.voyage_number == n.voyage_number,
        later.c.port == n.port,
    )
    filed = (
        select(m.id)
        .join(t.voyage, voy.id == m.voyage_id)
        .where(voy.carrier_code == n.carrier_code, voy.voyage_number == n.voyage_number)
        .where(or_(voy.arrival_port == n.port, voy.departure_port == n.port))
        .where(m.received_at <= n.due_at)
    )
    query = (
        select(n.id, n.provider, n.port, n.carrier_code, n.mode, n.voyage_number, n.due_at)
        .add_columns(filed.exists())
        .where(n.due_at >= window.start, n.due_at < min(window.end, now), ~newer.exists())
    )
    if window.ports is not None:
        query = query.where(n.port.in_(sorted(window.ports)))
    if window.port is not None:
        query = query.where(n.port == window.port)
    if window.filers is not None:
        query = query.where(n.provider.in_(sorted(window.filers)))
    return conn.execute(query).all()


def filers_of(conn: Connection, provider: str) -> frozenset[str]:
    """The names filings of ``provider`` stand under: the name itself and, when it names a
    registered provider, that provider's code, accounts and identifier values."""
    found = provider_naming(conn, provider)
    registered = None if found is None else provider_by_id(conn, found)
    if registered is None:
        return frozenset({provider})
    values = (i.value for i in registered.identifiers)
    return frozenset({provider, registered.code, *registered.accounts, *values})


def registered_codes(conn: Connection, filers: Iterable[str]) -> dict[str, str]:
    """The code of the registered provider each of ``filers`` names (an account linked to it,
    its code or one of its identifiers); names of no registered provider are left out."""
    codes: dict[str, str] = {}
    known: dict[int, str] = {}
    for filer in filers:
        found = provider_naming(conn, filer)
        if found is None:
            continue
        if found not in known:
            registered = provider_by_id(conn, found)
            known[found] = registered.code if registered is not None else filer
        codes[filer] = known[found]
    return codes


def add_notice(conn: Connection, notice: Notice) -> int:
    """Keep ``notice``; returns its id."""
    values = msgspec.structs.asdict(notice)
    added = conn.execute(insert(voyage_notice).values(**values)).inserted_primary_key
    assert added is not None
    return int(added[0])
