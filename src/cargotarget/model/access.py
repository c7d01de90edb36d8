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
    #: Claim cases, decide them with a reason code, order examinations.
    WORK_CASES = "work_cases"
    #: Give cases to officers, act on a case someone else holds.
    ASSIGN_CASES = "assign_cases"
    #: The examination orders and the examiner's list.
    VIEW_EXAMINATIONS = "view_examinations"
    RECORD_RESULTS = "record_results"
    #: Rules and watch lists with their performance and history.
    VIEW_RULES = "view_rules"
    #: Write rules and watch-list changes, backtest them, submit them for approval.
    EDIT_RULES = "edit_rules"
    #: Approve or reject what someone else submitted (four eyes).
    APPROVE_RULES = "approve_rules"
    VIEW_AUDIT = "view_audit"
    #: Users, their roles and ports, and API tokens.
    MANAGE_USERS = "manage_users"
    #: The model registry: model versions with their training window, features and metrics.
    VIEW_MODELS = "view_models"
    #: Train or retrain a model and submit a version for promotion.
    TRAIN_MODELS = "train_models"
    #: Promote a version someone else submitted to active, or refuse it (four eyes).
    APPROVE_MODELS = "approve_models"
    #: Register data providers with their identifiers; give them tokens.
    MANAGE_PROVIDERS = "manage_providers"
    #: Risk responses to the filer (request information, do not load, assessment complete).
    READ_RESPONSES = "read_responses"
    #: Coverage and timeliness of the data, per provider and per port.
    VIEW_TIMELINESS = "view_timeliness"


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
    Role.TARGETING_OFFICER: _CARGO
    | {
        Permission.WORK_CASES,
        Permission.VIEW_EXAMINATIONS,
        Permission.VIEW_RULES,
        Permission.VIEW_TIMELINESS,
    },
    Role.SUPERVISOR: _CARGO
    | {
        Permission.WORK_CASES,
        Permission.ASSIGN_CASES,
        Permission.VIEW_EXAMINATIONS,
        Permission.VIEW_RULES,
        Permission.EDIT_RULES,
        Permission.APPROVE_RULES,
        Permission.VIEW_MODELS,
        Permission.TRAIN_MODELS,
        Permission.APPROVE_MODELS,
        Permission.VIEW_TIMELINESS,
    },
    Role.ANALYST: (_CARGO - {Permission.VIEW_QUEUE})
    | {
        Permission.VIEW_RULES,
        Permission.EDIT_RULES,
        Permission.VIEW_MODELS,
        Permission.TRAIN_MODELS,
        Permission.VIEW_TIMELINESS,
    },
    Role.AUDITOR: _CARGO
    | {
        Permission.READ_RECEIPTS,
        Permission.VIEW_EXAMINATIONS,
        Permission.VIEW_RULES,
        Permission.VIEW_AUDIT,
        Permission.VIEW_MODELS,
        Permission.READ_RESPONSES,
        Permission.VIEW_TIMELINESS,
    },
    Role.EXAMINER: frozenset(
        {
            Permission.VIEW_DASHBOARD,
            Permission.VIEW_CONSIGNMENT,
            Permission.VIEW_EXAMINATIONS,
            Permission.RECORD_RESULTS,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {Permission.VIEW_DASHBOARD, Permission.MANAGE_USERS, Permission.MANAGE_PROVIDERS}
    ),
    Role.DATA_PROVIDER: frozenset(
        {Permission.SUBMIT_MESSAGES, Permission.READ_RECEIPTS, Permission.READ_RESPONSES}
    ),
}

#: What a token's scope lets it do, at most (its owner's roles must allow it too).
SCOPE_GRANTS: dict[TokenScope, frozenset[Permission]] = {
    TokenScope.SUBMIT: frozenset({Permission.SUBMIT_MESSAGES}),
    TokenScope.READ_OWN_RECEIPTS: frozenset({Permission.READ_RECEIPTS, Permission.READ_RESPONSES}),
    TokenScope.READ: _CARGO
    | {
        Permission.READ_RECEIPTS,
        Permission.VIEW_EXAMINATIONS,
        Permission.VIEW_RULES,
        Permission.VIEW_TIMELINESS,
    },
    TokenScope.WRITE_RESULTS: frozenset({Permission.VIEW_EXAMINATIONS, Permission.RECORD_RESULTS}),
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
