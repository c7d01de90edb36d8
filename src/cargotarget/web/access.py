"""Who is asking and whether they may: every route declares the permission it needs.

A route declares its permission with ``Depends(Needs(Permission.X))`` (the ``needs`` helper).
The dependency finds the principal (an API token in ``Authorization: Bearer``, else the session
cookie), checks the permission, and for a session checks the CSRF token of every
state-changing request. :func:`route_permission` reads the declaration back from the route
table, so a test can walk every route and every role.
"""

from __future__ import annotations

from typing import Any

import msgspec
from fastapi import Depends, Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute

from cargotarget.model.access import Permission, role_permissions, token_permissions
from cargotarget.model.tokens import TokenIdentity
from cargotarget.model.users import User
from cargotarget.store.users import user_by_name
from cargotarget.web.context import WebContext
from cargotarget.web.csrf import check_csrf
from cargotarget.workflow.browser_sessions import ActiveSession, current_session
from cargotarget.workflow.tokens import authenticate_token

SESSION_COOKIE = "ct_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """The signed-in user (through a session) or the owner of a presented token."""

    user: User
    permissions: frozenset[Permission]
    session: ActiveSession | None = None
    token: TokenIdentity | None = None

    @property
    def actor(self) -> str:
        """How the audit trail names who acted."""
        return self.token.actor if self.token is not None else self.user.username

    @property
    def csrf_token(self) -> str:
        return "" if self.session is None else self.session.csrf_token


class _Unknown:
    """Marks a request whose principal has not been looked up yet."""


_UNKNOWN = _Unknown()


class NotSignedIn(Exception):
    """No valid session or token, on a route that needs one."""


class Forbidden(Exception):
    """A principal without the permission a route needs."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        return None
    return secret if secret.isprintable() else ""  # "": a token, but no live one


def _resolve(context: WebContext, bearer: str | None, cookie: str | None) -> Principal | None:
    with context.engine.begin() as conn:
        if bearer is not None:
            identity = authenticate_token(conn, bearer)
            owner = None if identity is None else user_by_name(conn, identity.owner)
            if identity is None or owner is None:
                return None
            allowed = token_permissions(owner.roles, identity.scopes)
            return Principal(user=owner, permissions=allowed, token=identity)
        if not cookie:
            return None
        session = current_session(conn, cookie, context.session_policy)
        if session is None:
            return None
        held = role_permissions(session.user.roles)
        return Principal(user=session.user, permissions=held, session=session)


async def principal_of(request: Request) -> Principal | None:
    """The principal of ``request``, resolved once and kept on the request."""
    known: Principal | _Unknown | None = getattr(request.state, "principal", _UNKNOWN)
    if not isinstance(known, _Unknown):
        return known
    context: WebContext = request.app.state.context
    bearer, cookie = _bearer(request), request.cookies.get(SESSION_COOKIE)
    found = await run_in_threadpool(_resolve, context, bearer, cookie)
    request.state.principal = found
    return found


class Needs:
    """The dependency that declares and enforces a route's permission."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, request: Request) -> Principal | None:
        principal = await principal_of(request)
        if self.permission is Permission.PUBLIC:
            return principal
        if principal is None:
            raise NotSignedIn()
        if self.permission not in principal.permissions:
            raise Forbidden(f"this needs the {self.permission.value} permission")
        if request.method not in SAFE_METHODS and principal.session is not None:
            await check_csrf(request, principal.session.csrf_token)
        return principal


def needs(permission: Permission) -> Any:
    """``Depends`` on :class:`Needs`: use as a route's dependency or parameter default."""
    return Depends(Needs(permission))


def route_permission(route: BaseRoute) -> Permission | None:
    """The permission ``route`` declares, or None when it declares none."""
    if not isinstance(route, APIRoute):
        return None
    stack = list(route.dependant.dependencies)
    while stack:
        dependency = stack.pop()
        if isinstance(dependency.call, Needs):
            return dependency.call.permission
        stack.extend(dependency.dependencies)
    return None
