"""Who may act: resolving the acting user and checking their roles.

Every change of a rule or a watch list names the user who makes it. The user must exist, be
active and hold one of the roles the action needs; otherwise the action is refused with a
message that says which role was missing.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection

from cargotarget.model.users import Role, User
from cargotarget.store.users import user_by_name


class UnknownUser(LookupError):
    """No user by that name is registered."""


class NotAllowed(PermissionError):
    """The user may not do this: a missing role, an inactive account, or the four-eyes rule."""


def acting_user(conn: Connection, username: str, roles: Iterable[Role], doing: str) -> User:
    """The active user ``username`` if they hold one of ``roles``, for ``doing`` (a phrase such
    as "approve rules", used in the refusal)."""
    user = user_by_name(conn, username)
    if user is None:
        raise UnknownUser(f"no user named {username!r}: add one with `cargotarget users add`")
    if not user.active:
        raise NotAllowed(f"{user.username} is deactivated and may not {doing}")
    allowed = frozenset(roles)
    if not user.has_any(allowed):
        needed = " or ".join(sorted(allowed))
        held = ", ".join(sorted(user.roles)) or "no role"
        raise NotAllowed(f"to {doing} needs the {needed} role; {user.username} has {held}")
    return user
