"""Passwords and logins on SQLite and PostgreSQL: the password rules, argon2id hashes, the one
answer for every refusal, lockout after repeated failures, unlocking, and the audit trail."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, select

from cargotarget.model.audit import AuditEvent
from cargotarget.model.passwords import WeakPassword, password_problems
from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.security_tables import user_credential
from cargotarget.store.users import user_by_name
from cargotarget.workflow.accounts import (
    InvalidAccount,
    change_roles,
    create_account,
    register_user,
    set_password,
    set_user_active,
    set_user_ports,
    unlock,
)
from cargotarget.workflow.audit import verify_chain
from cargotarget.workflow.login import REFUSAL, LoginPolicy, LoginResult, login
from cargotarget.workflow.permissions import NotAllowed, UnknownUser

GOOD = "orange tractor under 7 moons"
NOW = datetime.now(UTC)  # unlocking judges the lock by the clock
POLICY = LoginPolicy(max_failures=3, window=timedelta(minutes=10), lockout=timedelta(minutes=30))
REFUSED = LoginResult(user=None, message=REFUSAL)


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        register_user(connection, "alice", [Role.TARGETING_OFFICER], actor="admin")
        set_password(connection, "alice", GOOD, actor="admin")
        yield connection


def _trail(conn: Connection, **wanted: str) -> list[AuditEvent]:
    return list(reversed(audit_events(conn, AuditFilter(**wanted))))


def _login(conn: Connection, password: str, at: datetime, name: str = "alice") -> LoginResult:
    return login(conn, name, password, policy=POLICY, now=at)


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("", ["a password needs at least 12 characters; this one has 0"]),
        ("short pass1", ["a password needs at least 12 characters; this one has 11"]),
        ("x" * 1025, ["a password may have at most 1024 characters"]),
        ("alice-at-the-port!", ["a password must not contain the user name"]),
        ("ALICEALICEALICE", ["a password must not contain the user name"]),
        ("zzzzzzzzzzzz", ["a password must not be one character repeated"]),
        ("Password1234", ["this password is on the list of common passwords"]),
        ("Summer2026!!!", ["this password is on the list of common passwords"]),
        ("  qwertyuiop  ", ["this password is on the list of common passwords"]),
        (GOOD, []),
        ("correct battery horse staple", []),
    ],
)
def test_password_rules(password: str, problems: list[str]) -> None:
    found = password_problems(password, "alice")
    assert len(found) == len(problems)
    for message, expected in zip(found, problems, strict=True):
        assert message.startswith(expected)


def test_a_weak_password_is_refused_with_every_reason(conn: Connection) -> None:
    with pytest.raises(WeakPassword) as refused:
        set_password(conn, "alice", "alice" * 3)
    assert str(refused.value) == "a password must not contain the user name"
    with pytest.raises(WeakPassword) as refused:
        set_password(conn, "alice", "")
    assert refused.value.problems == ("a password needs at least 12 characters; this one has 0",)
    assert _login(conn, GOOD, NOW).user is not None  # the old password still holds
    with pytest.raises(UnknownUser, match="no user named 'nobody'"):
        set_password(conn, "nobody", GOOD)


def test_only_an_argon2id_hash_is_stored(conn: Connection) -> None:
    stored = conn.execute(select(user_credential.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert GOOD not in stored
    details = [e.detail for e in _trail(conn, action="user_change")]
    assert not any(GOOD in d for d in details)


def test_the_right_password_logs_in_and_is_audited(conn: Connection) -> None:
    result = _login(conn, GOOD, NOW)
    assert result.user is not None
    assert result.user.username == "alice"
    assert result.message is None
    event = _trail(conn, action="login")[-1]
    assert (event.actor, event.subject_kind, event.subject_id) == ("alice", "user", "alice")
    assert _login(conn, GOOD, NOW, name="  ALICE ").user == result.user


def test_every_refusal_looks_the_same_and_is_audited_with_its_reason(conn: Connection) -> None:
    register_user(conn, "bob", [Role.ANALYST])  # no password yet
    attempts = [
        ("alice", "wrong password entirely"),
        ("nobody", GOOD),
        ("bob", GOOD),
        ("", GOOD),
        ("<script>alert(1)</script>" * 10, "\x00\n'; DROP TABLE audit_event; --"),
    ]
    for name, password in attempts:
        assert _login(conn, password, NOW, name=name) == REFUSED
    failed = _trail(conn, action="login_failed")
    assert [(e.actor, e.details()["reason"]) for e in failed] == [
        ("alice", "wrong password"),
        ("anonymous", "unknown user"),
        ("bob", "no password set"),
        ("anonymous", "unknown user"),
        ("anonymous", "unknown user"),
    ]
    assert failed[-1].subject_id == ("<script>alert(1)</script>" * 10)[:64]
    assert not any(GOOD in e.detail for e in failed)
    assert verify_chain(conn).intact


def test_failures_lock_the_account_until_unlocked(conn: Connection) -> None:
    for minute in range(3):
        assert _login(conn, "not the password", NOW + timedelta(minutes=minute)) == REFUSED
    # Locked now: the right password is refused too, and looks like any other refusal.
    assert _login(conn, GOOD, NOW + timedelta(minutes=4)) == REFUSED
    reasons = [e.details() for e in _trail(conn, action="login_failed")]
    assert [r["reason"] for r in reasons] == ["wrong password"] * 3 + ["locked"]
    assert [r.get("failures") for r in reasons[:3]] == [1, 2, 3]
    assert reasons[2]["locked_until"] == (NOW + timedelta(minutes=32)).isoformat()
    assert unlock(conn, "alice", actor="admin") is True
    assert _login(conn, GOOD, NOW + timedelta(minutes=5)).user is not None
    assert unlock(conn, "alice") is False
    steps = [(e.actor, e.details()) for e in _trail(conn, action="user_change")][-2:]
    assert steps == [
        ("admin", {"step": "unlocked", "was_locked": True}),
        ("system", {"step": "unlocked", "was_locked": False}),
    ]
    with pytest.raises(UnknownUser):
        unlock(conn, "nobody")


def test_a_lock_ends_by_itself_and_old_failures_are_forgotten(conn: Connection) -> None:
    for minute in range(3):
        _login(conn, "not the password", NOW + timedelta(minutes=minute))
    assert _login(conn, GOOD, NOW + timedelta(minutes=31)) == REFUSED
    assert _login(conn, GOOD, NOW + timedelta(minutes=33)).user is not None
    # Two failures, a pause longer than the window, two more: never three within it.
    for minute in (40, 41, 55, 56):
        _login(conn, "not the password", NOW + timedelta(minutes=minute))
    assert _login(conn, GOOD, NOW + timedelta(minutes=57)).user is not None


def test_a_success_resets_the_count(conn: Connection) -> None:
    for minute in (0, 1):
        _login(conn, "not the password", NOW + timedelta(minutes=minute))
    assert _login(conn, GOOD, NOW + timedelta(minutes=2)).user is not None
    for minute in (3, 4):
        _login(conn, "not the password", NOW + timedelta(minutes=minute))
    assert _login(conn, GOOD, NOW + timedelta(minutes=5)).user is not None


def test_a_new_password_replaces_the_old_and_lifts_the_lock(conn: Connection) -> None:
    for minute in range(3):
        _login(conn, "not the password", NOW + timedelta(minutes=minute))
    set_password(conn, "alice", "a brand new long passphrase")
    assert _login(conn, GOOD, NOW + timedelta(minutes=4)) == REFUSED
    assert _login(conn, "a brand new long passphrase", NOW + timedelta(minutes=5)).user


def test_a_deactivated_user_cannot_log_in(conn: Connection) -> None:
    set_user_active(conn, "alice", False, actor="admin")
    assert _login(conn, GOOD, NOW) == REFUSED
    assert _trail(conn, action="login_failed")[-1].details() == {"reason": "account deactivated"}


def test_user_changes_are_audited(conn: Connection) -> None:
    change_roles(conn, "alice", [Role.EXAMINER, Role.AUDITOR], actor="admin")
    set_user_active(conn, "alice", False, actor="admin")
    steps = [(e.actor, e.subject_id, e.details()) for e in _trail(conn, action="user_change")]
    assert steps == [
        (
            "admin",
            "alice",
            {"step": "added", "roles": ["targeting_officer"], "display_name": "alice"},
        ),
        ("admin", "alice", {"step": "password set"}),
        (
            "admin",
            "alice",
            {"step": "roles", "before": ["targeting_officer"], "after": ["auditor", "examiner"]},
        ),
        ("admin", "alice", {"step": "deactivated", "sessions_ended": 0}),
    ]


def test_ports_are_checked_set_and_cleared(conn: Connection) -> None:
    user = set_user_ports(conn, "alice", ["jmkin", "USNYC", "JMKIN"], actor="admin")
    assert user.ports == {"JMKIN", "USNYC"}
    for bad, message in (
        (["JMKIN", "QQ123"], "UN/LOCODE 'QQ123'"),
        (["<script>"], "UN/LOCODE '<script>'"),
        ([], "name at least one port"),
    ):
        with pytest.raises(InvalidAccount, match=re.escape(message)):
            set_user_ports(conn, "alice", bad, actor="admin")
    assert set_user_ports(conn, "alice", None, actor="admin").ports is None
    steps = [e.details() for e in _trail(conn, action="user_change")][-2:]
    assert steps == [
        {"step": "ports", "before": None, "after": ["JMKIN", "USNYC"]},
        {"step": "ports", "before": ["JMKIN", "USNYC"], "after": None},
    ]
    with pytest.raises(UnknownUser):
        set_user_ports(conn, "nobody", ["JMKIN"], actor="admin")


def test_an_account_is_made_whole_or_not_at_all(conn: Connection) -> None:
    made = create_account(
        conn, "Bob", [Role.EXAMINER], GOOD, ports=["LKCMB"], display_name=" Bob B ", actor="admin"
    )
    assert (made.username, made.ports, made.display_name) == ("bob", {"LKCMB"}, "Bob B")
    assert _login(conn, GOOD, NOW, "bob").user is not None
    for kwargs, error in (
        ({"password": "short"}, WeakPassword),
        ({"ports": ["XXXXX"]}, InvalidAccount),
        ({"roles": []}, InvalidAccount),
        ({"display_name": "a\x00b"}, InvalidAccount),
        ({"display_name": "d" * 201}, InvalidAccount),
    ):
        fields: dict[str, object] = {"roles": [Role.EXAMINER], "password": GOOD, **kwargs}
        with pytest.raises(error):
            create_account(conn, "carol", actor="admin", **fields)  # type: ignore[arg-type]
    assert [e.subject_id for e in _trail(conn, action="user_change")].count("carol") == 0
    assert user_by_name(conn, "carol") is None  # checked before anything was written


def test_an_administrator_keeps_their_own_role_and_account(conn: Connection) -> None:
    register_user(conn, "root", [Role.ADMINISTRATOR], actor="admin")
    with pytest.raises(NotAllowed, match="your own administrator role"):
        change_roles(conn, "root", [Role.AUDITOR], actor="root")
    with pytest.raises(NotAllowed, match="your own account"):
        set_user_active(conn, "root", False, actor="root")
    assert change_roles(conn, "root", [Role.AUDITOR], actor="admin").roles == {Role.AUDITOR}
    assert not set_user_active(conn, "alice", False, actor="root").active
