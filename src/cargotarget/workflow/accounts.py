"""Managing accounts: adding users, their roles, ports, activation, passwords and unlocking,
each recorded in the audit trail with who did it (a user name, or ``system`` at the console).

Passwords are checked against the rules of :mod:`cargotarget.model.passwords` and stored only
as argon2id hashes; the audit trail says that a password was set, never anything about it. An
administrator may not take their own administrator role away nor deactivate themselves, so
that the last administrator cannot lock everyone out by a slip.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.codes import InvalidCode, UnLocode
from cargotarget.model.passwords import check_password
from cargotarget.model.users import Role, User, normal_username
from cargotarget.store import users as store
from cargotarget.store.audit import append_event
from cargotarget.store.credentials import (
    LoginState,
    credential,
    save_login_state,
    set_password_hash,
)
from cargotarget.store.web_sessions import end_user_sessions
from cargotarget.workflow.login import HASHER
from cargotarget.workflow.permissions import NotAllowed, UnknownUser

SYSTEM = "system"
#: The longest display name kept (a person's full name, with room to spare).
MAX_DISPLAY_NAME = 200


class InvalidAccount(ValueError):
    """An account field that cannot be used (a port that is no UN/LOCODE, an odd display
    name); the message says which and why."""


def _record(conn: Connection, actor: str, user: User, step: str, **detail: object) -> None:
    about = {"step": step, **detail}
    append_event(conn, actor, AuditAction.USER_CHANGE, ("user", user.username), about)


def _user(conn: Connection, username: str) -> User:
    user = store.user_by_name(conn, username)
    if user is None:
        raise UnknownUser(f"no user named {username!r}: add one with `cargotarget users add`")
    return user


def _listed(ports: frozenset[str] | None) -> list[str] | None:
    return None if ports is None else sorted(ports)


def ports_of(codes: Iterable[str]) -> frozenset[str]:
    """The UN/LOCODEs ``codes``, checked (format, country, code list); raises
    :class:`InvalidAccount` naming every code that is not one."""
    found: set[str] = set()
    problems = []
    for raw in codes:
        try:
            found.add(str(UnLocode(raw)))
        except InvalidCode as exc:
            problems.append(str(exc))
    if problems:
        raise InvalidAccount("; ".join(problems))
    if not found:
        raise InvalidAccount("name at least one port (a UN/LOCODE such as JMKIN), or every port")
    return frozenset(found)


def display_name_of(raw: str | None) -> str | None:
    """``raw`` trimmed (None when blank); raises :class:`InvalidAccount` when it holds
    control characters or is longer than :data:`MAX_DISPLAY_NAME`."""
    name = (raw or "").strip()
    if not name.isprintable():
        raise InvalidAccount("the display name holds control characters; type it as plain text")
    if len(name) > MAX_DISPLAY_NAME:
        raise InvalidAccount(f"the display name may have at most {MAX_DISPLAY_NAME} characters")
    return name or None


def register_user(
    conn: Connection,
    username: str,
    roles: Iterable[Role],
    *,
    display_name: str | None = None,
    ports: Iterable[str] | None = None,
    actor: str = SYSTEM,
) -> User:
    """Add a user with ``roles`` (see :func:`cargotarget.store.users.add_user`), scoped to
    ``ports`` (None: every port)."""
    chosen = None if ports is None else ports_of(ports)
    user = store.add_user(conn, username, roles, display_name=display_name_of(display_name))
    if chosen is not None:
        scoped = store.set_ports(conn, user.username, chosen)
        assert scoped is not None
        user = scoped
    detail: dict[str, object] = {"roles": sorted(user.roles), "display_name": user.display_name}
    if chosen is not None:
        detail["ports"] = _listed(user.ports)
    _record(conn, actor, user, "added", **detail)
    return user


def create_account(
    conn: Connection,
    username: str,
    roles: Iterable[Role],
    password: str,
    *,
    display_name: str | None = None,
    ports: Iterable[str] | None = None,
    actor: str = SYSTEM,
) -> User:
    """Add a user with an initial password: every field is checked before anything is
    written, so a refusal leaves no half-made account."""
    name = normal_username(username)
    wanted = frozenset(roles)
    if not wanted:
        raise InvalidAccount("a user needs at least one role")
    check_password(password, name)
    user = register_user(conn, name, wanted, display_name=display_name, ports=ports, actor=actor)
    return set_password(conn, user.username, password, actor=actor)


def change_roles(
    conn: Connection, username: str, roles: Iterable[Role], *, actor: str = SYSTEM
) -> User:
    """Replace the roles of ``username``. Raises :class:`NotAllowed` when an administrator
    would take their own administrator role away."""
    before = _user(conn, username)
    wanted = frozenset(roles)
    if actor == before.username and Role.ADMINISTRATOR in before.roles - wanted:
        raise NotAllowed(
            "you may not take away your own administrator role: another administrator must"
        )
    user = store.set_roles(conn, before.username, wanted)
    assert user is not None
    _record(conn, actor, user, "roles", before=sorted(before.roles), after=sorted(user.roles))
    return user


def set_user_ports(
    conn: Connection, username: str, ports: Iterable[str] | None, *, actor: str = SYSTEM
) -> User:
    """Scope ``username`` to ``ports`` (UN/LOCODEs, checked), or to every port with None."""
    before = _user(conn, username)
    chosen = None if ports is None else ports_of(ports)
    user = store.set_ports(conn, before.username, chosen)
    assert user is not None
    _record(conn, actor, user, "ports", before=_listed(before.ports), after=_listed(user.ports))
    return user


def set_user_active(conn: Connection, username: str, active: bool, *, actor: str = SYSTEM) -> User:
    """Activate or deactivate ``username`` (accounts are never deleted). Deactivating ends
    every session of the user at once; an administrator may not deactivate themselves."""
    before = _user(conn, username)
    if not active and actor == before.username:
        raise NotAllowed("you may not deactivate your own account: another administrator must")
    user = store.set_active(conn, before.username, active)
    assert user is not None
    if active:
        _record(conn, actor, user, "activated")
        return user
    ended = end_user_sessions(conn, user.id, datetime.now(UTC), "deactivated")
    _record(conn, actor, user, "deactivated", sessions_ended=ended)
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
