"""Browser sessions: starting, finding, touching and ending them (only id hashes are kept)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import Connection, delete, insert, or_, select, update

from cargotarget.store.queries import as_utc
from cargotarget.store.session_tables import web_session


class StoredSession(msgspec.Struct, frozen=True, kw_only=True):
    """A session as stored: whose it is, its CSRF token and its times."""

    id_hash: str
    user_id: int
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ended_at: datetime | None


def _session(row: Any) -> StoredSession:
    return StoredSession(
        id_hash=row.id_hash,
        user_id=row.user_id,
        csrf_token=row.csrf_token,
        created_at=as_utc(row.created_at) or row.created_at,
        last_seen_at=as_utc(row.last_seen_at) or row.last_seen_at,
        expires_at=as_utc(row.expires_at) or row.expires_at,
        ended_at=as_utc(row.ended_at),
    )


def add_session(conn: Connection, session: StoredSession) -> None:
    conn.execute(insert(web_session).values(msgspec.structs.asdict(session)))


def session_by_hash(conn: Connection, id_hash: str) -> StoredSession | None:
    row = conn.execute(select(web_session).where(web_session.c.id_hash == id_hash)).first()
    return None if row is None else _session(row)


def touch_session(conn: Connection, id_hash: str, at: datetime) -> None:
    """Note that the session was used at ``at``."""
    s = web_session.c
    conn.execute(update(web_session).where(s.id_hash == id_hash).values(last_seen_at=at))


def end_session(conn: Connection, id_hash: str, at: datetime, why: str) -> bool:
    """End a live session for good; False when it had already ended."""
    s = web_session.c
    done = conn.execute(
        update(web_session)
        .where(s.id_hash == id_hash, s.ended_at.is_(None))
        .values(ended_at=at, ended_why=why[:16])
    )
    return bool(done.rowcount)


def end_user_sessions(conn: Connection, user_id: int, at: datetime, why: str) -> int:
    """End every live session of ``user_id``; how many there were."""
    s = web_session.c
    done = conn.execute(
        update(web_session)
        .where(s.user_id == user_id, s.ended_at.is_(None))
        .values(ended_at=at, ended_why=why[:16])
    )
    return int(done.rowcount)


def purge_sessions(conn: Connection, now: datetime, idle: timedelta) -> int:
    """Delete the sessions that can never be used again: ended, past their lifetime, or idle
    for longer than ``idle``; how many were deleted. A deleted session's cookie is refused
    like any unknown one."""
    s = web_session.c
    dead = or_(s.ended_at.is_not(None), s.expires_at <= now, s.last_seen_at <= now - idle)
    return int(conn.execute(delete(web_session).where(dead)).rowcount)
