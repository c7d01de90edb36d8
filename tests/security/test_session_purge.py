"""Sessions that can never be used again (logged out, past their lifetime, idle too long) are
deleted at the next sign-in, on SQLite and PostgreSQL; live sessions are kept and still work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, update

from cargotarget.model.users import Role
from cargotarget.store.session_tables import web_session
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.browser_sessions import (
    SessionPolicy,
    current_session,
    sign_in,
    sign_out,
)
from cargotarget.workflow.login import LoginPolicy

PASSWORD = "violet harbour crane at dusk"
POLICY = SessionPolicy(lifetime=timedelta(hours=8), idle=timedelta(minutes=30))


def _sign_in(engine: Engine, name: str) -> tuple[str, str]:
    """A new session of ``name``: its secret id and its stored id hash."""
    with engine.begin() as conn:
        done = sign_in(conn, name, PASSWORD, login_policy=LoginPolicy(), policy=POLICY)
    assert done.session_id is not None
    assert done.session is not None
    return done.session_id, done.session.id_hash


def _stored(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(web_session.c.id_hash)).scalars())


def test_dead_sessions_are_purged_at_the_next_sign_in(engine: Engine) -> None:
    with engine.begin() as conn:
        for name in ("alice", "bob"):
            register_user(conn, name, [Role.TARGETING_OFFICER])
            set_password(conn, name, PASSWORD)
    logged_out = _sign_in(engine, "alice")
    expired = _sign_in(engine, "alice")
    idle = _sign_in(engine, "bob")
    live = _sign_in(engine, "bob")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        session = current_session(conn, logged_out[0], POLICY)
        assert session is not None
        sign_out(conn, session)
        s = web_session.c
        conn.execute(update(web_session).where(s.id_hash == expired[1]).values(expires_at=now))
        stale = now - timedelta(minutes=31)
        conn.execute(update(web_session).where(s.id_hash == idle[1]).values(last_seen_at=stale))
    assert _stored(engine) == {logged_out[1], expired[1], idle[1], live[1]}
    newest = _sign_in(engine, "alice")
    assert _stored(engine) == {live[1], newest[1]}
    with engine.begin() as conn:
        for gone in (logged_out, expired, idle):
            assert current_session(conn, gone[0], POLICY) is None
        still = current_session(conn, live[0], POLICY)
    assert still is not None
    assert still.user.username == "bob"
