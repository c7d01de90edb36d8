"""Account passwords (as argon2id hashes) and the count of failed logins that locks an account.

One row per user who has a password. Reading it for a login locks it for the rest of the
transaction (on PostgreSQL; SQLite has one writer at a time) so that failures counted by
concurrent attempts are never lost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, insert, select, update

from cargotarget.store.queries import as_utc
from cargotarget.store.security_tables import user_credential


class Credential(msgspec.Struct, frozen=True, kw_only=True):
    """A user's password hash and login state: ``failures`` since ``first_failure_at``, and
    the time until which the account is locked, if it is."""

    user_id: int
    password_hash: str
    password_set_at: datetime
    failures: int
    first_failure_at: datetime | None
    locked_until: datetime | None

    def locked(self, now: datetime) -> bool:
        """Whether the account is locked at ``now``."""
        return self.locked_until is not None and self.locked_until > now


class LoginState(msgspec.Struct, frozen=True, kw_only=True):
    failures: int = 0
    first_failure_at: datetime | None = None
    locked_until: datetime | None = None


def _credential(row: Any) -> Credential:
    return Credential(
        user_id=row.user_id,
        password_hash=row.password_hash,
        password_set_at=as_utc(row.password_set_at) or row.password_set_at,
        failures=row.failures,
        first_failure_at=as_utc(row.first_failure_at),
        locked_until=as_utc(row.locked_until),
    )


def credential(conn: Connection, user_id: int) -> Credential | None:
    """The password and login state of user ``user_id``, locked until the transaction ends."""
    c = user_credential.c
    query = select(user_credential).where(c.user_id == user_id).with_for_update()
    row = conn.execute(query).first()
    return None if row is None else _credential(row)


def set_password_hash(conn: Connection, user_id: int, password_hash: str, at: datetime) -> None:
    """Store a new password hash for ``user_id``; a new password also lifts any lock."""
    values = {"password_hash": password_hash, "password_set_at": at, **_state(LoginState())}
    c = user_credential.c
    done = conn.execute(update(user_credential).where(c.user_id == user_id).values(values))
    if done.rowcount == 0:
        conn.execute(insert(user_credential).values(user_id=user_id, **values))


def _state(state: LoginState) -> dict[str, Any]:
    return msgspec.structs.asdict(state)


def save_login_state(conn: Connection, user_id: int, state: LoginState) -> bool:
    """Record failed logins and the lock of ``user_id``; False when it has no password."""
    c = user_credential.c
    done = conn.execute(update(user_credential).where(c.user_id == user_id).values(_state(state)))
    return done.rowcount > 0
