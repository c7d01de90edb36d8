"""What each role may do in the workbench and the API: the permissions and who holds them.

Every page and every API route declares one permission; a user holds the permissions of all
their roles. A machine client (an API token) holds only what both its owner's roles and its
scopes allow, so a data provider's token may submit messages and read its own receipts and
nothing else.
"""

from __future__ import annotations

from enum import StrEnum

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role


class Permission(StrEnum):
    #: Anyone, signed in or not (the login page, static assets, the API description).
    PUBLIC = "public"
    #: Any signed-in user (the logout).
    SIGNED_IN = "signed_in"
    VIEW_DASHBOARD = "view_dashboard"
    SEARCH = "search"
    VIEW_CONSIGNMENT = "view_consignment"
    VIEW_QUEUE = "view_queue"
    SUBMIT_MESSAGES = "submit_messages"
    READ_RECEIPTS = "read_receipts"


_CARGO = frozenset(
    {
        Permission.VIEW_DASHBOARD,
        Permission.SEARCH,
        Permission.VIEW_CONSIGNMENT,
        Permission.VIEW_QUEUE,
    }
)

#: The permissions of each role (besides PUBLIC and SIGNED_IN, which every user has).
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.TARGETING_OFFICER: _CARGO,
    Role.SUPERVISOR: _CARGO,
    Role.ANALYST: _CARGO - {Permission.VIEW_QUEUE},
    Role.AUDITOR: _CARGO | {Permission.READ_RECEIPTS},
    Role.EXAMINER: frozenset({Permission.VIEW_DASHBOARD, Permission.VIEW_CONSIGNMENT}),
    Role.ADMINISTRATOR: frozenset({Permission.VIEW_DASHBOARD}),
    Role.DATA_PROVIDER: frozenset({Permission.SUBMIT_MESSAGES, Permission.READ_RECEIPTS}),
}

#: What a token's scope lets it do, at most (its owner's roles must allow it too).
SCOPE_GRANTS: dict[TokenScope, frozenset[Permission]] = {
    TokenScope.SUBMIT: frozenset({Permission.SUBMIT_MESSAGES}),
    TokenScope.READ_OWN_RECEIPTS: frozenset({Permission.READ_RECEIPTS}),
    TokenScope.READ: _CARGO | {Permission.READ_RECEIPTS},
    TokenScope.WRITE_RESULTS: frozenset(),
}

_EVERYONE = frozenset({Permission.PUBLIC, Permission.SIGNED_IN})


def role_permissions(roles: frozenset[Role]) -> frozenset[Permission]:
    """The permissions a user with ``roles`` holds."""
    held: frozenset[Permission] = _EVERYONE
    for role in roles:
        held |= GRANTS[role]
    return held


def token_permissions(
    roles: frozenset[Role], scopes: frozenset[TokenScope]
) -> frozenset[Permission]:
    """The permissions of a token whose owner holds ``roles``: what both allow."""
    allowed: frozenset[Permission] = _EVERYONE
    for scope in scopes:
        allowed |= SCOPE_GRANTS[scope]
    return role_permissions(roles) & allowed
