"""API tokens on SQLite and PostgreSQL: the secret is returned once and only its hash is kept;
a presented secret names its owner and scopes until the token is revoked or expires."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, select, text, update
from sqlalchemy.exc import DBAPIError

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.security_tables import api_token
from cargotarget.workflow.accounts import register_user, set_user_active
from cargotarget.workflow.permissions import NotAllowed, UnknownUser
from cargotarget.workflow.tokens import (
    TokenRejected,
    UnknownToken,
    authenticate_token,
    create_token,
    list_tokens,
    revoke_token,
)

FILING = [TokenScope.SUBMIT, TokenScope.READ_OWN_RECEIPTS]


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        register_user(connection, "maersk", [Role.DATA_PROVIDER])
        register_user(connection, "lab", [Role.EXAMINER])
        yield connection


def test_the_secret_is_returned_once_and_only_its_hash_is_kept(conn: Connection) -> None:
    token, secret = create_token(conn, "MAERSK", FILING, actor="admin", label="EDI gateway")
    assert secret.startswith("ct_")
    assert len(secret) == 46
    assert token.prefix == secret[:11]
    assert (token.owner, token.label, token.created_by) == ("maersk", "EDI gateway", "admin")
    assert token.scopes == frozenset(FILING)
    row = conn.execute(select(api_token)).one()
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in str(value) for value in row)
    other = create_token(conn, "maersk", FILING, actor="admin")[1]
    assert other != secret


def test_a_secret_names_its_owner_and_scopes(conn: Connection) -> None:
    token, secret = create_token(conn, "maersk", FILING, actor="admin")
    _, lab_secret = create_token(conn, "lab", [TokenScope.WRITE_RESULTS], actor="admin")
    found = authenticate_token(conn, secret)
    assert found is not None
    assert (found.token_id, found.owner, found.scopes) == (token.id, "maersk", frozenset(FILING))
    assert found.actor == f"token:{token.id}"
    lab = authenticate_token(conn, lab_secret)
    assert lab is not None
    assert (lab.owner, lab.scopes) == ("lab", {TokenScope.WRITE_RESULTS})


@pytest.mark.parametrize(
    "presented",
    ["", "ct_", "not a token", "ct_" + "A" * 43, "x" * 10_000, "ct_<script>'; --" + "a" * 27],
)
def test_anything_else_is_refused(conn: Connection, presented: str) -> None:
    create_token(conn, "maersk", FILING, actor="admin")
    assert authenticate_token(conn, presented) is None


def test_a_secret_with_the_right_prefix_but_wrong_rest_is_refused(conn: Connection) -> None:
    _, secret = create_token(conn, "maersk", FILING, actor="admin")
    wrong = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert authenticate_token(conn, wrong) is None


def test_revoked_tokens_are_refused_and_revoking_is_audited(conn: Connection) -> None:
    token, secret = create_token(conn, "maersk", FILING, actor="admin")
    revoked = revoke_token(conn, token.id, actor="supervisor1")
    assert revoked.revoked_at is not None
    assert revoked.state(datetime.now(UTC)) == "revoked"
    assert authenticate_token(conn, secret) is None
    again = revoke_token(conn, token.id, actor="supervisor1")
    assert again.revoked_at == revoked.revoked_at
    with pytest.raises(UnknownToken, match="no token with id 999"):
        revoke_token(conn, 999, actor="admin")
    events = list(reversed(audit_events(conn, AuditFilter(action="token_change"))))
    assert [(e.actor, e.subject_id, e.details()["step"]) for e in events] == [
        ("admin", str(token.id), "created"),
        ("supervisor1", str(token.id), "revoked"),
        ("supervisor1", str(token.id), "revoked"),
    ]
    assert events[0].details()["scopes"] == ["read_own_receipts", "submit"]
    assert events[0].details()["prefix"] == token.prefix
    assert not any(secret in e.detail for e in events)
    assert [e.details()["already"] for e in events[1:]] == [False, True]


def test_expired_tokens_are_refused(conn: Connection) -> None:
    expiry = datetime.now(UTC) + timedelta(days=30)
    token, secret = create_token(conn, "maersk", FILING, actor="admin", expires_at=expiry)
    assert token.expires_at == expiry
    assert authenticate_token(conn, secret) is not None
    assert authenticate_token(conn, secret, now=expiry - timedelta(seconds=1)) is not None
    assert authenticate_token(conn, secret, now=expiry) is None
    assert token.state(expiry) == "expired"


def test_a_deactivated_owner_s_tokens_are_refused(conn: Connection) -> None:
    _, secret = create_token(conn, "maersk", FILING, actor="admin")
    set_user_active(conn, "maersk", False)
    assert authenticate_token(conn, secret) is None
    with pytest.raises(NotAllowed, match="deactivated"):
        create_token(conn, "maersk", FILING, actor="admin")


def test_tokens_that_cannot_be_made(conn: Connection) -> None:
    with pytest.raises(UnknownUser, match="no user named 'nobody'"):
        create_token(conn, "nobody", FILING, actor="admin")
    with pytest.raises(TokenRejected, match="at least one scope"):
        create_token(conn, "maersk", [], actor="admin")
    with pytest.raises(TokenRejected, match="has already passed"):
        create_token(
            conn, "maersk", FILING, actor="admin", expires_at=datetime(2020, 1, 1, tzinfo=UTC)
        )
    assert list_tokens(conn) == []


def test_tokens_are_listed_by_owner(conn: Connection) -> None:
    first, _ = create_token(conn, "maersk", FILING, actor="admin")
    second, _ = create_token(conn, "lab", [TokenScope.READ], actor="admin")
    assert [t.id for t in list_tokens(conn)] == [first.id, second.id]
    assert list_tokens(conn, "LAB") == [second]
    with pytest.raises(UnknownUser):
        list_tokens(conn, "nobody")


def test_the_database_refuses_to_change_a_token_s_secret_or_scopes(engine: Engine) -> None:
    with engine.begin() as conn:
        register_user(conn, "maersk", [Role.DATA_PROVIDER])
        create_token(conn, "maersk", FILING, actor="admin")
    for values in ({"scopes": '["read","submit","write_results"]'}, {"secret_hash": "0" * 64}):
        with pytest.raises(DBAPIError, match="a token never changes"), engine.begin() as conn:
            conn.execute(update(api_token).values(values))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT scopes FROM api_token")).scalar() == (
            '["read_own_receipts","submit"]'
        )


def test_use_is_noted_at_most_once_a_minute(conn: Connection) -> None:
    token, secret = create_token(conn, "maersk", FILING, actor="admin")
    assert token.last_used_at is None
    t0 = datetime.now(UTC)

    def last_used() -> datetime | None:
        (found,) = list_tokens(conn, "maersk")
        return found.last_used_at

    assert authenticate_token(conn, secret, now=t0) is not None
    assert last_used() == t0
    assert authenticate_token(conn, secret, now=t0 + timedelta(seconds=59)) is not None
    assert last_used() == t0  # within the minute: not written again
    later = t0 + timedelta(seconds=61)
    assert authenticate_token(conn, secret, now=later) is not None
    assert last_used() == later
    assert authenticate_token(conn, secret[:-1] + "?", now=later + timedelta(hours=1)) is None
    assert last_used() == later  # a wrong secret is no use of the token
