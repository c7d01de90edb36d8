"""CSRF: a state-changing request made with a session cookie must carry the session's token,
in the ``X-CSRF-Token`` header (htmx sends it, from the page's ``hx-headers``) or, on pages, in
a ``csrf_token`` form field. The login form, made before any session exists, carries a token
that must match a cookie of its own (double submit)."""

from __future__ import annotations

import hmac

from fastapi import Request

CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOGIN_CSRF_COOKIE = "ct_login_csrf"


class CsrfRejected(Exception):
    """A state-changing request without the right CSRF token."""


async def presented_token(request: Request) -> str:
    """The CSRF token the request carries (header first, then the form field)."""
    header = request.headers.get(CSRF_HEADER)
    if header or request.url.path.startswith("/api/"):
        return header or ""  # the API's bodies are messages, never forms: the header only
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def same(presented: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(presented.encode(), expected.encode())


async def check_csrf(request: Request, expected: str) -> None:
    """Raise :class:`CsrfRejected` unless ``request`` carries ``expected``."""
    if not same(await presented_token(request), expected):
        raise CsrfRejected()
