"""Who may use the audit, user and token administration routes (see :mod:`tests.web.routes`)."""

from __future__ import annotations

from tests.web.roles import AD, AU

ADMIN: dict[tuple[str, str], set[str]] = {
    ("GET", "/audit"): {AU},
    ("GET", "/audit/verify"): {AU},
    ("GET", "/api/v1/audit"): {AU},
    ("GET", "/admin/users"): {AD},
    ("POST", "/admin/users"): {AD},
    ("GET", "/admin/users/{username}"): {AD},
    ("POST", "/admin/users/{username}/roles"): {AD},
    ("POST", "/admin/users/{username}/ports"): {AD},
    ("POST", "/admin/users/{username}/active"): {AD},
    ("POST", "/admin/users/{username}/unlock"): {AD},
    ("POST", "/admin/users/{username}/password"): {AD},
    ("GET", "/admin/tokens"): {AD},
    ("POST", "/admin/tokens"): {AD},
    ("POST", "/admin/tokens/{token_id}/revoke"): {AD},
}
