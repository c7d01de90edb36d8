"""Signing in and out of the workbench: server-side sessions behind a random cookie.

The browser holds a random session id (32 bytes); the database keeps its SHA-256, the user,
a CSRF token for the session's forms, and its times. Every sign-in makes a new id, so an id
planted in a browser before the login is worth nothing after it (no session fixation); a
sign-out ends the session in the database, so the old cookie is refused from then on. A
session also ends after ``lifetime`` and after ``idle`` without use; every sign-in deletes the
sessions that have ended in any way. Sign-ins and sign-outs are audited (the login itself by
:func:`cargotarget.workflow.login.login`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import msgspec
from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.users import User
from cargotarget.store import web_sessions as store
from cargotarget.store.audit import append_event
from cargotarget.store.users import user_by_id
from cargotarget.workflow.login import LoginPolicy, login

#: Sessions are not touched more often than this (a write per page view is not needed).
TOUCH_EVERY = timedelta(seconds=60)


class SessionPolicy(msgspec.Struct, frozen=True, kw_only=True):
    lifetime: timedelta = timedelta(hours=8)
    idle: timedelta = timedelta(minutes=30)


class ActiveSession(msgspec.Struct, frozen=True, kw_only=True):
    """A live session: its user and the CSRF token its forms must carry."""

    user: User
    csrf_token: str
    id_hash: str


class SignIn(msgspec.Struct, frozen=True, kw_only=True):
    """A successful sign-in carries the new session's secret id; a refusal only a message."""

    session_id: str | None
    session: ActiveSession | None
    message: str | None


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def sign_in(
    conn: Connection,
    username: str,
    password: str,
    *,
    login_policy: LoginPolicy,
    policy: SessionPolicy,
    via: str = "web",
) -> SignIn:
    """Check the password (throttled, audited) and start a new session on success."""
    result = login(conn, username, password, policy=login_policy)
    if result.user is None:
        return SignIn(session_id=None, session=None, message=result.message)
    now = datetime.now(UTC)
    # Housekeeping rides on the login, which is rare next to page views: sessions that can
    # never be used again are deleted, so the table holds little more than the live ones (a
    # deleted session's cookie is refused like an unknown one).
    store.purge_sessions(conn, now, policy.idle)
    session_id = secrets.token_urlsafe(32)
    stored = store.StoredSession(
        id_hash=_hash(session_id),
        user_id=result.user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + policy.lifetime,
        ended_at=None,
    )
    store.add_session(conn, stored)
    active = ActiveSession(user=result.user, csrf_token=stored.csrf_token, id_hash=stored.id_hash)
    return SignIn(session_id=session_id, session=active, message=None)


def current_session(
    conn: Connection, session_id: str, policy: SessionPolicy, now: datetime | None = None
) -> ActiveSession | None:
    """The live session with ``session_id``, or None (unknown, ended, expired, idle too long,
    or its user deactivated). An idle or expired session is ended on the way."""
    if not session_id or len(session_id) > 128:
        return None
    now = now or datetime.now(UTC)
    stored = store.session_by_hash(conn, _hash(session_id))
    if stored is None or stored.ended_at is not None:
        return None
    if stored.expires_at <= now or stored.last_seen_at + policy.idle <= now:
        store.end_session(conn, stored.id_hash, now, "expired")
        return None
    user = user_by_id(conn, stored.user_id)
    if user is None or not user.active:
        store.end_session(conn, stored.id_hash, now, "deactivated")
        return None
    if now - stored.last_seen_at >= TOUCH_EVERY:
        store.touch_session(conn, stored.id_hash, now)
    return ActiveSession(user=user, csrf_token=stored.csrf_token, id_hash=stored.id_hash)


def sign_out(conn: Connection, session: ActiveSession) -> None:
    """End ``session`` for good and record the logout."""
    if store.end_session(conn, session.id_hash, datetime.now(UTC), "logout"):
        name = session.user.username
        detail = {"session": session.id_hash[:12]}
        append_event(conn, name, AuditAction.LOGOUT, ("user", name), detail)
