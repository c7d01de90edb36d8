"""User administration: the accounts, making one, and changing roles, ports, activation,
lock and password. Every change goes through :mod:`cargotarget.workflow.accounts`, which
records it in the audit trail under the administrator's name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection

from cargotarget.model.access import Permission
from cargotarget.model.passwords import MAX_LENGTH, WeakPassword
from cargotarget.model.users import InvalidUsername, Role
from cargotarget.store.users import UserExists
from cargotarget.web.access import Principal, needs
from cargotarget.web.admin_forms import ports_field, roles_of, text_of
from cargotarget.web.context import WebContext
from cargotarget.web.forms import BadFilter, printable
from cargotarget.web.templating import render
from cargotarget.workflow import accounts as workflow
from cargotarget.workflow.account_overview import account, accounts
from cargotarget.workflow.permissions import NotAllowed, UnknownUser

router = APIRouter(include_in_schema=False)
Manage = Annotated[Principal, needs(Permission.MANAGE_USERS)]
Username = Annotated[str, Path(min_length=1, max_length=64)]
Field = Annotated[str, Form(max_length=1000)]
Checked = Annotated[list[str], Form()]
Password = Annotated[str, Form(max_length=MAX_LENGTH)]

#: Refusals of the account workflow and the status each is answered with.
STATUS: dict[type[Exception], int] = {
    BadFilter: 400,
    workflow.InvalidAccount: 400,
    InvalidUsername: 400,
    WeakPassword: 400,
    UserExists: 409,
    NotAllowed: 403,
    UnknownUser: 404,
}
REFUSALS = tuple(STATUS)


def _status(exc: Exception) -> int:
    return next(code for kind, code in STATUS.items() if isinstance(exc, kind))


def _context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


def _listing(request: Request, principal: Principal, status: int = 200, **values: Any) -> Response:
    with _context(request).engine.connect() as conn:
        found = accounts(conn)
    values.setdefault("message", None)
    values.setdefault("form", {})
    now = datetime.now(UTC)
    return render(
        request,
        "admin_users.html",
        principal,
        status,
        accounts=found,
        roles=list(Role),
        now=now,
        **values,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, principal: Manage) -> Response:
    return _listing(request, principal)


@router.post("/admin/users", response_class=HTMLResponse)
def create_user(
    request: Request,
    principal: Manage,
    username: Annotated[str, Form(max_length=64)] = "",
    display_name: Field = "",
    roles: Checked = [],  # noqa: B006 (FastAPI copies defaults)
    ports: Field = "",
    every_port: Annotated[str, Form(max_length=8)] = "",
    password: Password = "",
) -> Response:
    form = {"username": username, "display_name": display_name, "ports": ports}
    form["roles"] = " ".join(roles)
    try:
        printable(username, "user name")
        with _context(request).engine.begin() as conn:
            user = workflow.create_account(
                conn,
                username,
                roles_of(roles),
                password,
                display_name=text_of(display_name, "display name", workflow.MAX_DISPLAY_NAME),
                ports=ports_field(ports, every=bool(every_port)),
                actor=principal.actor,
            )
    except REFUSALS as exc:
        return _listing(request, principal, _status(exc), message=str(exc), form=form)
    return RedirectResponse(f"/admin/users/{user.username}", status_code=303)


def _detail(
    request: Request, principal: Principal, username: str, status: int = 200, **values: Any
) -> Response:
    with _context(request).engine.connect() as conn:
        found = account(conn, username)
    if found is None:
        message = f"no user named {username!r}"
        return render(request, "error.html", principal, 404, title="Not found", message=message)
    values.setdefault("message", None)
    return render(
        request,
        "admin_user.html",
        principal,
        status,
        account=found,
        roles=list(Role),
        now=datetime.now(UTC),
        **values,
    )


@router.get("/admin/users/{username}", response_class=HTMLResponse)
def user_page(request: Request, principal: Manage, username: Username) -> Response:
    return _detail(request, principal, username)


def _change(
    request: Request, principal: Principal, username: str, change: Callable[[Connection], object]
) -> Response:
    """Run ``change`` in one transaction; back to the user's page, or the refusal on it."""
    try:
        printable(username, "user name")
        with _context(request).engine.begin() as conn:
            change(conn)
    except REFUSALS as exc:
        if isinstance(exc, UnknownUser | BadFilter):
            title = "Not found" if isinstance(exc, UnknownUser) else "Refused"
            status = _status(exc)
            return render(request, "error.html", principal, status, title=title, message=str(exc))
        return _detail(request, principal, username, _status(exc), message=str(exc))
    return RedirectResponse(f"/admin/users/{username.strip().lower()}", status_code=303)


@router.post("/admin/users/{username}/roles", response_class=HTMLResponse)
def change_roles(
    request: Request,
    principal: Manage,
    username: Username,
    roles: Checked = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    def change(conn: Connection) -> object:
        return workflow.change_roles(conn, username, roles_of(roles), actor=principal.actor)

    return _change(request, principal, username, change)


@router.post("/admin/users/{username}/ports", response_class=HTMLResponse)
def change_ports(
    request: Request,
    principal: Manage,
    username: Username,
    ports: Field = "",
    every_port: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    def change(conn: Connection) -> object:
        chosen = ports_field(ports, every=bool(every_port))
        return workflow.set_user_ports(conn, username, chosen, actor=principal.actor)

    return _change(request, principal, username, change)


@router.post("/admin/users/{username}/active", response_class=HTMLResponse)
def change_active(
    request: Request,
    principal: Manage,
    username: Username,
    active: Annotated[str, Form(max_length=8)],
) -> Response:
    def change(conn: Connection) -> object:
        if active not in ("yes", "no"):
            raise BadFilter(f"active must be yes or no, not {active!r}")
        return workflow.set_user_active(conn, username, active == "yes", actor=principal.actor)

    return _change(request, principal, username, change)


@router.post("/admin/users/{username}/unlock", response_class=HTMLResponse)
def unlock(request: Request, principal: Manage, username: Username) -> Response:
    def change(conn: Connection) -> object:
        return workflow.unlock(conn, username, actor=principal.actor)

    return _change(request, principal, username, change)


@router.post("/admin/users/{username}/password", response_class=HTMLResponse)
def set_password(
    request: Request, principal: Manage, username: Username, password: Password
) -> Response:
    def change(conn: Connection) -> object:
        return workflow.set_password(conn, username, password, actor=principal.actor)

    return _change(request, principal, username, change)
