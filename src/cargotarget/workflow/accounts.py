"""Managing accounts: adding users, their roles, activation, passwords and unlocking, each
recorded in the audit trail with who did it (a user name, or ``system`` at the console).

Passwords are checked against the rules of :mod:`cargotarget.model.passwords` and stored only
as argon2id hashes; the audit trail says that a password was set, never anything about it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.passwords import check_password
from cargotarget.model.users import Role, User
from cargotarget.store import users as store
from cargotarget.store.audit import append_event
from cargotarget.store.credentials import (
    LoginState,
    credential,
    save_login_state,
    set_password_hash,
)
from cargotarget.workflow.login import HASHER
from cargotarget.workflow.permissions import UnknownUser

SYSTEM = "system"


def _record(conn: Connection, actor: str, user: User, step: str, **detail: object) -> None:
    about = {"step": step, **detail}
    append_event(conn, actor, AuditAction.USER_CHANGE, ("user", user.username), about)


def _user(conn: Connection, username: str) -> User:
    user = store.user_by_name(conn, username)
    if user is None:
        raise UnknownUser(f"no user named {username!r}: add one with `cargotarget users add`")
    return user


def register_user(
    conn: Connection,
    username: str,
    roles: Iterable[Role],
    *,
    display_name: str | None = None,
    actor: str = SYSTEM,
) -> User:
    """Add a user with ``roles`` (see :func:`cargotarget.store.users.add_user`)."""
    user = store.add_user(conn, username, roles, display_name=display_name)
    _record(conn, actor, user, "added", roles=sorted(user.roles), display_name=user.display_name)
    return user


def change_roles(
    conn: Connection, username: str, roles: Iterable[Role], *, actor: str = SYSTEM
) -> User:
    """Replace the roles of ``username``."""
    before = _user(conn, username)
    user = store.set_roles(conn, before.username, roles)
    assert user is not None
    _record(conn, actor, user, "roles", before=sorted(before.roles), after=sorted(user.roles))
    return user


def set_user_active(conn: Connection, username: str, active: bool, *, actor: str = SYSTEM) -> User:
    """Activate or deactivate ``username`` (accounts are never deleted)."""
    user = store.set_active(conn, _user(conn, username).username, active)
    assert user is not None
    _record(conn, actor, user, "activated" if active else "deactivated")
    return user


def set_password(conn: Connection, username: str, password: str, *, actor: str = SYSTEM) -> User:
    """Give ``username`` a new password (which also lifts a lock). Raises
    :class:`~cargotarget.model.passwords.WeakPassword` with every rule it breaks."""
    user = _user(conn, username)
    check_password(password, user.username)
    set_password_hash(conn, user.id, HASHER.hash(password), datetime.now(UTC))
    _record(conn, actor, user, "password set")
    return user


def unlock(conn: Connection, username: str, *, actor: str = SYSTEM) -> bool:
    """Lift the lock and forget the failed logins of ``username``; False when it was not
    locked (nothing is then changed, but the request is recorded all the same)."""
    user = _user(conn, username)
    state = credential(conn, user.id)
    was_locked = state is not None and state.locked(datetime.now(UTC))
    if state is not None and (state.failures or state.locked_until):
        save_login_state(conn, user.id, LoginState())
    _record(conn, actor, user, "unlocked", was_locked=was_locked)
    return was_locked
