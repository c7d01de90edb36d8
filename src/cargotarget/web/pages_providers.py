"""Data provider administration: the providers, registering one, a provider's page with its
identifiers and accounts, and making an API token for one of its accounts (its secret shown
once, as on the token page). Every change is audited by :mod:`cargotarget.workflow.providers`
and :mod:`cargotarget.workflow.tokens` under the administrator's name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection

from cargotarget.model.access import Permission
from cargotarget.model.providers import IdentifierScheme, InvalidProvider, ProviderKind
from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.store.providers import providers
from cargotarget.store.users import users
from cargotarget.web.access import Principal, needs
from cargotarget.web.admin_forms import text_of
from cargotarget.web.context import WebContext
from cargotarget.web.forms import BadFilter
from cargotarget.web.templating import render
from cargotarget.workflow import providers as workflow
from cargotarget.workflow.permissions import NotAllowed, UnknownUser
from cargotarget.workflow.tokens import MAX_LABEL, TokenRejected, create_token

router = APIRouter(include_in_schema=False)
Manage = Annotated[Principal, needs(Permission.MANAGE_PROVIDERS)]
Code = Annotated[str, Path(max_length=64)]
#: What a filer's token may do: submit messages, read its receipts and risk responses.
FILER_SCOPES = frozenset({TokenScope.SUBMIT, TokenScope.READ_OWN_RECEIPTS})

STATUS: dict[type[Exception], int] = {
    BadFilter: 400,
    InvalidProvider: 400,
    NotAllowed: 400,
    UnknownUser: 400,
    TokenRejected: 400,
    workflow.ProviderConflict: 409,
    workflow.UnknownProvider: 404,
}
REFUSALS = tuple(STATUS)


def _status(exc: Exception) -> int:
    return next(code for kind, code in STATUS.items() if isinstance(exc, kind))


def _context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


def _choice(value: str, kinds: type[ProviderKind] | type[IdentifierScheme], name: str) -> Any:
    try:
        return kinds(value.strip())
    except ValueError:
        allowed = ", ".join(k.value for k in kinds)
        raise BadFilter(f"{name} is one of {allowed}") from None


def _listing(request: Request, principal: Principal, status: int = 200, **values: Any) -> Response:
    with _context(request).engine.connect() as conn:
        found = providers(conn)
    values.setdefault("message", None)
    values.setdefault("form", {})
    return render(
        request,
        "admin_providers.html",
        principal,
        status,
        providers=found,
        kinds=list(ProviderKind),
        **values,
    )


def _page(
    request: Request, principal: Principal, code: str, status: int = 200, **values: Any
) -> Response:
    try:
        with _context(request).engine.connect() as conn:
            provider = workflow.find_provider(conn, code)
            linked = {a for p in providers(conn) for a in p.accounts}
            free = [
                u.username
                for u in users(conn)
                if u.active and Role.DATA_PROVIDER in u.roles and u.username not in linked
            ]
    except workflow.UnknownProvider as exc:
        return render(request, "error.html", principal, 404, title="Not found", message=str(exc))
    values.setdefault("message", None)
    return render(
        request,
        "admin_provider.html",
        principal,
        status,
        provider=provider,
        free_accounts=free,
        schemes=list(IdentifierScheme),
        **values,
    )


@router.get("/admin/providers", response_class=HTMLResponse)
def providers_page(request: Request, principal: Manage) -> Response:
    return _listing(request, principal)


@router.post("/admin/providers", response_class=HTMLResponse)
def register_form(
    request: Request,
    principal: Manage,
    code: Annotated[str, Form(max_length=200)] = "",
    name: Annotated[str, Form(max_length=1000)] = "",
    kind: Annotated[str, Form(max_length=32)] = "",
    contact: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    form = {"code": code, "name": name, "kind": kind, "contact": contact}
    try:
        chosen = _choice(kind, ProviderKind, "the kind")
        with _context(request).engine.begin() as conn:
            provider = workflow.register_provider(
                conn, code, name, chosen, actor=principal.actor, contact=contact
            )
    except REFUSALS as exc:
        return _listing(request, principal, _status(exc), message=str(exc), form=form)
    return RedirectResponse(f"/admin/providers/{provider.code}", status_code=303)


@router.get("/admin/providers/{code}", response_class=HTMLResponse)
def provider_page(request: Request, principal: Manage, code: Code) -> Response:
    return _page(request, principal, code)


def _act(
    request: Request, principal: Principal, code: str, act: Callable[[Connection], object]
) -> Response:
    """Make one change in a transaction; back to the provider's page, with the refusal."""
    try:
        with _context(request).engine.begin() as conn:
            act(conn)
    except REFUSALS as exc:
        return _page(request, principal, code, _status(exc), message=str(exc))
    return RedirectResponse(f"/admin/providers/{code.upper()}", status_code=303)


@router.post("/admin/providers/{code}/identifiers", response_class=HTMLResponse)
def identifier_form(
    request: Request,
    principal: Manage,
    code: Code,
    scheme: Annotated[str, Form(max_length=32)] = "",
    value: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    def act(conn: Connection) -> object:
        chosen = _choice(scheme, IdentifierScheme, "the scheme")
        return workflow.add_identifier(conn, code, chosen, value, actor=principal.actor)

    return _act(request, principal, code, act)


@router.post("/admin/providers/{code}/accounts", response_class=HTMLResponse)
def account_form(
    request: Request,
    principal: Manage,
    code: Code,
    username: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    def act(conn: Connection) -> object:
        name = text_of(username, "account", 64)
        if name is None:
            raise BadFilter("choose the account that files for the provider")
        return workflow.link_account(conn, code, name, actor=principal.actor)

    return _act(request, principal, code, act)


@router.post("/admin/providers/{code}/active", response_class=HTMLResponse)
def active_form(
    request: Request,
    principal: Manage,
    code: Code,
    active: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    def act(conn: Connection) -> object:
        if active not in ("yes", "no"):
            raise BadFilter("active is yes or no")
        return workflow.set_provider_active(conn, code, active == "yes", actor=principal.actor)

    return _act(request, principal, code, act)


@router.post("/admin/providers/{code}/tokens", response_class=HTMLResponse)
def token_form(
    request: Request,
    principal: Manage,
    code: Code,
    account: Annotated[str, Form(max_length=200)] = "",
    label: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """A filer's token (submit, read own receipts and responses) for one of its accounts."""
    try:
        with _context(request).engine.begin() as conn:
            provider = workflow.find_provider(conn, code)
            if account not in provider.accounts:
                raise BadFilter(f"choose one of the accounts of {provider.code}")
            token, secret = create_token(
                conn,
                account,
                FILER_SCOPES,
                actor=principal.actor,
                label=text_of(label, "label", MAX_LABEL) or f"{provider.code} filing",
            )
    except REFUSALS as exc:
        return _page(request, principal, code, _status(exc), message=str(exc))
    return render(request, "admin_token_created.html", principal, token=token, secret=secret)
