"""Checking a login: the password against its argon2id hash, with throttling and lockout.

After ``max_failures`` failed attempts within ``window`` the account is locked for
``lockout``; while it is locked even the right password is refused. Every attempt, whether it
succeeds or not, is an audit event that says why it failed. The answer to the person at the
keyboard is always the same, so it tells nothing about which accounts exist or are locked, and
it takes about the same time: an unknown user's password is checked against a dummy hash.

The caller commits the transaction whatever the outcome (that is why a refusal is a result,
not an exception): the failure count and the audit events must be kept.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

import msgspec
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.users import User
from cargotarget.settings import Settings
from cargotarget.store.audit import append_event
from cargotarget.store.credentials import (
    Credential,
    LoginState,
    credential,
    save_login_state,
    set_password_hash,
)
from cargotarget.store.users import user_by_name

#: argon2id with the library's defaults (RFC 9106 low-memory profile: 64 MiB, 3 passes).
HASHER = PasswordHasher()

REFUSAL = "wrong user name or password, or the account is locked for a while after failed logins"


class LoginPolicy(msgspec.Struct, frozen=True, kw_only=True):
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginPolicy:
        return cls(
            max_failures=settings.login_max_failures,
            window=timedelta(minutes=settings.login_window_minutes),
            lockout=timedelta(minutes=settings.login_lockout_minutes),
        )


class LoginResult(msgspec.Struct, frozen=True, kw_only=True):
    """The signed-in user, or None and the one message every refusal shows."""

    user: User | None
    message: str | None = None


@cache
def _dummy_hash() -> str:
    return HASHER.hash("not the password of anyone at all")


def _verified(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; without a hash, the same work against a dummy one."""
    try:
        return HASHER.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def _failed(state: Credential, policy: LoginPolicy, now: datetime) -> LoginState:
    """The login state after one more failure."""
    first = state.first_failure_at
    fresh = first is None or now - first > policy.window or state.locked_until is not None
    failures = 1 if fresh else state.failures + 1
    locked = now + policy.lockout if failures >= policy.max_failures else None
    return LoginState(
        failures=failures, first_failure_at=now if fresh else first, locked_until=locked
    )


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def _refuse(conn: Connection, name: str, actor: str, reason: str, **detail: object) -> LoginResult:
    about = {"reason": reason, **detail}
    append_event(conn, actor, AuditAction.LOGIN_FAILED, ("user", name), about)
    return LoginResult(user=None, message=REFUSAL)


def login(
    conn: Connection,
    username: str,
    password: str,
    *,
    policy: LoginPolicy | None = None,
    now: datetime | None = None,
) -> LoginResult:
    """Check ``password`` for ``username`` and record the attempt."""
    policy, now = policy or LoginPolicy(), now or datetime.now(UTC)
    name = username.strip().lower()[:64]
    user = user_by_name(conn, name) if name else None
    state = None if user is None else credential(conn, user.id)
    locked = state is not None and state.locked(now)
    ok = _verified(None if state is None or locked else state.password_hash, password)
    if user is None or state is None:
        reason = "unknown user" if user is None else "no password set"
        return _refuse(conn, name, user.username if user else "anonymous", reason)
    if locked:
        return _refuse(conn, name, user.username, "locked", until=_iso(state.locked_until))
    if not ok:
        after = _failed(state, policy, now)
        save_login_state(conn, user.id, after)
        why = "wrong password"
        until = _iso(after.locked_until)
        return _refuse(conn, name, user.username, why, failures=after.failures, locked_until=until)
    if not user.active:
        return _refuse(conn, name, user.username, "account deactivated")
    save_login_state(conn, user.id, LoginState())
    if HASHER.check_needs_rehash(state.password_hash):
        set_password_hash(conn, user.id, HASHER.hash(password), state.password_set_at)
    append_event(conn, user.username, AuditAction.LOGIN, ("user", user.username))
    return LoginResult(user=user)
