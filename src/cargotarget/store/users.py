"""User accounts: adding, finding and listing users and their roles.

Roles are kept as a JSON list in one column: a user holds a handful at most and they are always
read with the account. Accounts are never deleted (their names stand in the audit trail); an
account that should no longer act is deactivated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from cargotarget.model.users import Role, User, normal_username
from cargotarget.store import tables as t
from cargotarget.store.queries import as_utc
from cargotarget.store.security_tables import user_credential

_roles = msgspec.json.Decoder(list[Role])
_ports = msgspec.json.Decoder(list[str] | None)


class UserExists(ValueError):
    """A user with this name is already registered."""


def _user(row: Any) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        roles=frozenset(_roles.decode(row.roles)),
        active=row.active,
        created_at=as_utc(row.created_at) or row.created_at,
        ports=None if row.ports is None else frozenset(_ports.decode(row.ports) or ()),
    )


def _encode_roles(roles: Iterable[Role]) -> str:
    return msgspec.json.encode(sorted(set(roles))).decode()


def add_user(
    conn: Connection, username: str, roles: Iterable[Role], *, display_name: str | None = None
) -> User:
    """Register a user. Raises :class:`UserExists` if the name is taken and
    :class:`~cargotarget.model.users.InvalidUsername` if it cannot be a login."""
    name = normal_username(username)
    if user_by_name(conn, name) is not None:
        raise UserExists(f"user {name!r} already exists")
    values = {
        "username": name,
        "display_name": (display_name or "").strip() or name,
        "roles": _encode_roles(roles),
        "active": True,
        "created_at": datetime.now(UTC),
    }
    try:
        conn.execute(insert(t.user_account).values(values))
    except IntegrityError as exc:  # another session took the name in the meantime
        raise UserExists(f"user {name!r} already exists") from exc
    found = user_by_name(conn, name)
    assert found is not None
    return found


def user_by_name(conn: Connection, username: str) -> User | None:
    """The user called ``username`` (any case), or None."""
    u = t.user_account.c
    row = conn.execute(select(t.user_account).where(u.username == username.strip().lower())).first()
    return None if row is None else _user(row)


def user_by_id(conn: Connection, user_id: int) -> User | None:
    """The user with id ``user_id``, or None."""
    row = conn.execute(select(t.user_account).where(t.user_account.c.id == user_id)).first()
    return None if row is None else _user(row)


def users(conn: Connection) -> list[User]:
    """Every user, by name."""
    rows = conn.execute(select(t.user_account).order_by(t.user_account.c.username))
    return [_user(row) for row in rows]


def set_roles(conn: Connection, username: str, roles: Iterable[Role]) -> User | None:
    """Replace the roles of ``username``; None when there is no such user."""
    u = t.user_account.c
    conn.execute(
        update(t.user_account)
        .where(u.username == username.strip().lower())
        .values(roles=_encode_roles(roles))
    )
    return user_by_name(conn, username)


def set_active(conn: Connection, username: str, active: bool) -> User | None:
    """Activate or deactivate ``username``; None when there is no such user."""
    u = t.user_account.c
    conn.execute(
        update(t.user_account).where(u.username == username.strip().lower()).values(active=active)
    )
    return user_by_name(conn, username)


def set_ports(conn: Connection, username: str, ports: Iterable[str] | None) -> User | None:
    """Scope ``username`` to ``ports`` (UN/LOCODEs, already checked), or to every port with
    None; None when there is no such user."""
    u = t.user_account.c
    value = None if ports is None else msgspec.json.encode(sorted(set(ports))).decode()
    conn.execute(
        update(t.user_account).where(u.username == username.strip().lower()).values(ports=value)
    )
    return user_by_name(conn, username)


class Credentials(msgspec.Struct, frozen=True, kw_only=True):
    """Whether a user has a password, and until when failed logins lock the account."""

    has_password: bool
    locked_until: datetime | None


def credentials_of(conn: Connection) -> dict[int, Credentials]:
    """The password state of every user who has a password, by user id."""
    c = user_credential.c
    rows = conn.execute(select(c.user_id, c.locked_until))
    return {
        row.user_id: Credentials(has_password=True, locked_until=as_utc(row.locked_until))
        for row in rows
    }
