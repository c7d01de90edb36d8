"""Writing and reading the audit trail.

:func:`append_event` works inside the caller's transaction, so an event is kept exactly when
the change it records is. Writers take turns: on PostgreSQL a transaction-scoped advisory lock,
on SQLite the database's single write lock, taken before the last event is read, so that the
event read as the last one is still the last when the new one links to it. Should two writers
race all the same, the unique ``prev_hash`` refuses the second rather than fork the chain.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, Select, false, func, insert, select, update

from cargotarget.model.audit import GENESIS, AuditAction, AuditEvent, canonical_detail
from cargotarget.store.queries import as_utc
from cargotarget.store.security_tables import audit_event

#: The advisory lock key of the audit trail on PostgreSQL ("cargoaud" read as a number).
_LOCK_KEY = 0x636172676F617564


class AuditFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Which events to read: every given condition must hold. Pages run newest first; the next
    page is the one ``before`` the oldest id of this one."""

    actor: str | None = None
    action: str | None = None
    subject_kind: str | None = None
    subject_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    #: Text the event's detail (its canonical JSON) holds, in any case.
    text: str | None = None
    before: int | None = None
    limit: int = 100


def _event(row: Any) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        at=as_utc(row.at) or row.at,
        actor=row.actor,
        action=row.action,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        detail=row.detail,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def _take_turn(conn: Connection) -> None:
    """Hold the audit trail's write turn until the transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
        return
    # SQLite begins the write transaction at the first write; a write that touches no row (and
    # so fires no trigger) takes the writer's lock before the last event is read.
    conn.execute(update(audit_event).where(false()).values(id=audit_event.c.id))


def append_event(
    conn: Connection,
    actor: str,
    action: AuditAction,
    subject: tuple[str, str] | None = None,
    detail: Mapping[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``subject`` (a kind and an id), linked to the
    newest event. ``detail`` holds whatever else the event needs (JSON values)."""
    _take_turn(conn)
    e = audit_event.c
    last = conn.execute(select(e.id, e.hash).order_by(e.id.desc()).limit(1)).first()
    kind, subject_id = subject if subject is not None else (None, None)
    values: dict[str, Any] = {
        "id": 1 if last is None else last.id + 1,
        "at": (at or datetime.now(UTC)).astimezone(UTC),
        "actor": actor[:128],
        "action": action.value,
        "subject_kind": kind,
        "subject_id": None if subject_id is None else subject_id[:256],
        "detail": canonical_detail(detail),
        "prev_hash": GENESIS if last is None else last.hash,
    }
    event = AuditEvent(**values, hash="")
    event = msgspec.structs.replace(event, hash=event.computed_hash())
    conn.execute(insert(audit_event).values(msgspec.structs.asdict(event)))
    return event


def _filtered(wanted: AuditFilter) -> Select[Any]:
    e = audit_event.c
    query = select(audit_event)
    for column, value in (
        (e.actor, wanted.actor),
        (e.action, wanted.action),
        (e.subject_kind, wanted.subject_kind),
        (e.subject_id, wanted.subject_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if wanted.since is not None:
        query = query.where(e.at >= wanted.since)
    if wanted.until is not None:
        query = query.where(e.at < wanted.until)
    if wanted.text:
        query = query.where(func.lower(e.detail).contains(wanted.text.lower(), autoescape=True))
    if wanted.before is not None:
        query = query.where(e.id < wanted.before)
    return query


def audit_events(conn: Connection, wanted: AuditFilter | None = None) -> list[AuditEvent]:
    """One page of the events that ``wanted`` selects, newest first."""
    wanted = wanted or AuditFilter()
    query = _filtered(wanted).order_by(audit_event.c.id.desc()).limit(wanted.limit)
    return [_event(row) for row in conn.execute(query)]


def chain(conn: Connection, batch: int = 5000) -> Iterator[AuditEvent]:
    """Every event, oldest first, read in batches so that a long trail never sits in memory."""
    e = audit_event.c
    after = 0
    while True:
        query = select(audit_event).where(e.id > after).order_by(e.id).limit(batch)
        rows = [_event(row) for row in conn.execute(query)]
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].id
