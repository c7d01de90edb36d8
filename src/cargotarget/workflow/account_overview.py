"""The administrator's view of the accounts: each user with roles, ports, whether they can
sign in, whether failed logins locked them, and when they last signed in."""

from __future__ import annotations

from datetime import datetime

import msgspec
from sqlalchemy import Connection

from cargotarget.model.users import User
from cargotarget.store.audit_logins import last_logins
from cargotarget.store.users import credentials_of, user_by_name, users


class Account(msgspec.Struct, frozen=True, kw_only=True):
    user: User
    has_password: bool
    locked_until: datetime | None
    last_login: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def _accounts(conn: Connection, found: list[User]) -> list[Account]:
    states = credentials_of(conn)
    logins = last_logins(conn, [user.username for user in found])
    return [
        Account(
            user=user,
            has_password=user.id in states,
            locked_until=states[user.id].locked_until if user.id in states else None,
            last_login=logins.get(user.username),
        )
        for user in found
    ]


def accounts(conn: Connection) -> list[Account]:
    """Every account, by user name."""
    return _accounts(conn, users(conn))


def account(conn: Connection, username: str) -> Account | None:
    """The account of ``username``, or None."""
    user = user_by_name(conn, username)
    return None if user is None else _accounts(conn, [user])[0]
