"""API token administration: the tokens, making one for a user (its secret shown once, on
the answer to the form, and never again) and revoking one. Both are audited by
:mod:`cargotarget.workflow.tokens` under the administrator's name."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cargotarget.model.access import Permission
from cargotarget.model.tokens import TokenScope
from cargotarget.store.users import users
from cargotarget.web.access import Principal, needs
from cargotarget.web.admin_forms import day_of, end_of, scopes_of, text_of
from cargotarget.web.context import WebContext
from cargotarget.web.forms import BadFilter
from cargotarget.web.templating import render
from cargotarget.workflow.permissions import NotAllowed, UnknownUser
from cargotarget.workflow.tokens import (
    MAX_LABEL,
    TokenRejected,
    UnknownToken,
    create_token,
    list_tokens,
    revoke_token,
)

router = APIRouter(include_in_schema=False)
Manage = Annotated[Principal, needs(Permission.MANAGE_USERS)]

STATUS: dict[type[Exception], int] = {
    BadFilter: 400,
    TokenRejected: 400,
    NotAllowed: 400,
    UnknownUser: 400,
    UnknownToken: 404,
}
REFUSALS = tuple(STATUS)


def _status(exc: Exception) -> int:
    return next(code for kind, code in STATUS.items() if isinstance(exc, kind))


def _context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


def _listing(
    request: Request, principal: Principal, owner: str = "", status: int = 200, **values: Any
) -> Response:
    try:
        chosen = text_of(owner, "owner", 64)
        with _context(request).engine.connect() as conn:
            found = list_tokens(conn, chosen)
            people = [user for user in users(conn) if user.active]
    except REFUSALS as exc:
        title = "Refused"
        return render(request, "error.html", principal, 400, title=title, message=str(exc))
    values.setdefault("message", None)
    values.setdefault("form", {})
    return render(
        request,
        "admin_tokens.html",
        principal,
        status,
        tokens=found,
        owner=chosen or "",
        people=people,
        scopes=list(TokenScope),
        now=datetime.now(UTC),
        **values,
    )


@router.get("/admin/tokens", response_class=HTMLResponse)
def tokens_page(
    request: Request, principal: Manage, owner: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    return _listing(request, principal, owner)


@router.post("/admin/tokens", response_class=HTMLResponse)
def create_token_form(
    request: Request,
    principal: Manage,
    owner: Annotated[str, Form(max_length=200)] = "",
    scopes: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    expires: Annotated[str, Form(max_length=32)] = "",
    label: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    form = {"owner": owner, "scopes": " ".join(scopes), "expires": expires, "label": label}
    try:
        name = text_of(owner, "owner", 64)
        if name is None:
            raise BadFilter("choose the user the token acts for")
        expires_at = end_of(day_of(expires, "expires"))
        with _context(request).engine.begin() as conn:
            token, secret = create_token(
                conn,
                name,
                scopes_of(scopes),
                actor=principal.actor,
                expires_at=expires_at,
                label=text_of(label, "label", MAX_LABEL),
            )
    except REFUSALS as exc:
        status = _status(exc)
        return _listing(request, principal, "", status, message=str(exc), form=form)
    return render(request, "admin_token_created.html", principal, token=token, secret=secret)


@router.post("/admin/tokens/{token_id}/revoke", response_class=HTMLResponse)
def revoke(
    request: Request, principal: Manage, token_id: Annotated[int, Path(ge=1, le=2**62)]
) -> Response:
    try:
        with _context(request).engine.begin() as conn:
            token = revoke_token(conn, token_id, actor=principal.actor)
    except UnknownToken as exc:
        return render(request, "error.html", principal, 404, title="Not found", message=str(exc))
    return RedirectResponse(f"/admin/tokens?owner={token.owner}", status_code=303)
