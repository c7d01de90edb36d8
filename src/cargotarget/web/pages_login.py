"""The login and logout of the workbench.

A successful login always issues a new session id (a cookie set before the login is never
promoted), and the login form itself is protected against cross-site posting by a token that
must match a cookie of its own.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cargotarget.model.access import Permission
from cargotarget.web.access import SESSION_COOKIE, Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.csrf import LOGIN_CSRF_COOKIE, CsrfRejected, same
from cargotarget.web.templating import render
from cargotarget.workflow.browser_sessions import sign_in, sign_out

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Where to go after the login: a path of this site only (never another host)."""
    if not target or not target.isprintable() or "\\" in target:
        return "/"
    if not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _login_page(
    request: Request, next_path: str, message: str | None = None, status: int = 200
) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    page = render(
        request,
        "login.html",
        None,
        status_code=status,
        login_csrf=token,
        next_path=next_path,
        message=message,
    )
    page.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/login",
    )
    return page


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request,
    _anyone: Annotated[Principal | None, needs(Permission.PUBLIC)],
    next: str | None = None,
) -> Response:
    return _login_page(request, safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    earlier: Annotated[Principal | None, needs(Permission.PUBLIC)],
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    if not same(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE, "")):
        raise CsrfRejected()
    # Control characters are no part of any user name (and a database refuses some of them).
    username = "".join(ch for ch in username if ch.isprintable())
    context: WebContext = request.app.state.context
    with context.engine.begin() as conn:
        if earlier is not None and earlier.session is not None:
            sign_out(conn, earlier.session)  # a login always starts from a new session
        done = sign_in(
            conn,
            username,
            password,
            login_policy=context.login_policy,
            policy=context.session_policy,
        )
    if done.session_id is None:
        return _login_page(request, safe_next(next), done.message, status=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        done.session_id,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(
    request: Request, principal: Annotated[Principal, needs(Permission.SIGNED_IN)]
) -> Response:
    context: WebContext = request.app.state.context
    if principal.session is not None:
        with context.engine.begin() as conn:
            sign_out(conn, principal.session)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
