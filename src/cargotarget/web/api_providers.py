"""Data providers over the API (for the administrator), and acknowledgements for filers.

The administrator registers providers, adds the identifiers their messages name them by,
links the accounts that file for them, and deactivates them; every change is audited by
:mod:`cargotarget.workflow.providers`. A filer lists its own receipts, newest first, a page at
a time (``next_before`` names the next page), and reads each one at ``/api/v1/receipts/{id}``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import msgspec
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from cargotarget.model.access import Permission
from cargotarget.model.providers import (
    MAX_CONTACT,
    MAX_NAME,
    DataProvider,
    IdentifierScheme,
    InvalidProvider,
    ProviderKind,
)
from cargotarget.store.acknowledgements import received_page
from cargotarget.store.providers import providers
from cargotarget.store.queries import as_utc
from cargotarget.store.receipts import Received
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.rule_bodies import read_json
from cargotarget.web.schemas import INVALID, body, refusal, reply
from cargotarget.workflow import providers as workflow
from cargotarget.workflow.permissions import NotAllowed, UnknownUser

router = APIRouter(prefix="/api/v1", tags=["providers"])
Manage = Annotated[Principal, needs(Permission.MANAGE_PROVIDERS)]
Code = Annotated[str, Path(min_length=2, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
T = TypeVar("T")
B = TypeVar("B", bound=msgspec.Struct)
_BODY_LIMIT = 16 * 1024

STATUS: dict[type[Exception], int] = {
    workflow.UnknownProvider: 404,
    workflow.ProviderConflict: 409,
    InvalidProvider: 422,
    UnknownUser: 422,
    NotAllowed: 422,
}


class NewProvider(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=64)]
    name: Annotated[str, msgspec.Meta(max_length=MAX_NAME * 2)]
    kind: ProviderKind = ProviderKind.OTHER
    contact: Annotated[str, msgspec.Meta(max_length=MAX_CONTACT * 2)] = ""


class NewIdentifier(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    scheme: IdentifierScheme
    value: Annotated[str, msgspec.Meta(max_length=128)]


class NewAccount(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    username: Annotated[str, msgspec.Meta(max_length=128)]


class ProviderStatus(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    active: bool


class ProviderList(msgspec.Struct, frozen=True, kw_only=True):
    providers: list[DataProvider]


class ReceiptPage(msgspec.Struct, frozen=True, kw_only=True):
    """Receipts newest first; ``next_before`` is the ``before`` of the next page, if any."""

    receipts: list[Received]
    next_before: int | None


def _json(value: object, status: int = 200) -> Response:
    return Response(msgspec.json.encode(value), status_code=status, media_type="application/json")


def _context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


def _change(request: Request, change: Callable[[Connection], T]) -> T:
    """Run ``change`` in one transaction; a refusal becomes its status."""
    try:
        with _context(request).engine.begin() as conn:
            return change(conn)
    except tuple(STATUS) as exc:
        status = next(code for kind, code in STATUS.items() if isinstance(exc, kind))
        raise ApiError(status, str(exc)) from exc


async def _apply(
    request: Request, kind: type[B], change: Callable[[Connection, B], DataProvider]
) -> DataProvider:
    """Read the body as ``kind`` and make the change it asks for."""
    new = await read_json(request, kind, limit=_BODY_LIMIT)
    return await run_in_threadpool(_change, request, lambda conn: change(conn, new))


_PROVIDER = reply(DataProvider, description="the provider with its identifiers and accounts")
#: Who is refused at the door: no credentials, or no permission for provider administration.
_DENIED: dict[int | str, dict[str, Any]] = {
    401: refusal("not signed in and no API token"),
    403: refusal("missing the manage_providers permission, or a missing CSRF token"),
}
_REFUSED: dict[int | str, dict[str, Any]] = {
    **_DENIED,
    404: refusal("no provider with that code"),
    409: refusal("the code, identifier or account is taken already"),
    413: refusal("the body is too large"),
    422: refusal("a value that cannot be used, or a body that is not what this call takes"),
}


@router.get(
    "/providers",
    summary="List data providers",
    responses={200: reply(ProviderList, description="every provider, by code"), **_DENIED},
)
def list_providers(request: Request, principal: Manage) -> Response:
    with _context(request).engine.connect() as conn:
        return _json(ProviderList(providers=providers(conn)))


@router.post(
    "/providers",
    summary="Register a data provider",
    status_code=201,
    openapi_extra=body(NewProvider, "the provider's code, name, kind and contact"),
    responses={201: _PROVIDER, **_REFUSED},
)
async def register(request: Request, principal: Manage) -> Response:
    def change(conn: Connection, new: NewProvider) -> DataProvider:
        return workflow.register_provider(
            conn, new.code, new.name, new.kind, actor=principal.actor, contact=new.contact
        )

    return _json(await _apply(request, NewProvider, change), 201)


@router.get(
    "/providers/{code}",
    summary="Read a data provider",
    responses={
        200: _PROVIDER,
        **_DENIED,
        404: refusal("no provider with that code"),
        422: INVALID,
    },
)
def read_provider(request: Request, principal: Manage, code: Code) -> Response:
    return _json(_change(request, lambda conn: workflow.find_provider(conn, code)))


@router.post(
    "/providers/{code}/identifiers",
    summary="Add an identifier to a provider",
    openapi_extra=body(NewIdentifier, "the scheme (scac, eori, edi_sender, ...) and value"),
    responses={200: _PROVIDER, **_REFUSED},
)
async def add_identifier(request: Request, principal: Manage, code: Code) -> Response:
    def change(conn: Connection, new: NewIdentifier) -> DataProvider:
        return workflow.add_identifier(conn, code, new.scheme, new.value, actor=principal.actor)

    return _json(await _apply(request, NewIdentifier, change))


@router.post(
    "/providers/{code}/accounts",
    summary="Link a data provider account to a provider",
    openapi_extra=body(NewAccount, "the user name of a data provider account"),
    responses={200: _PROVIDER, **_REFUSED},
)
async def link_account(request: Request, principal: Manage, code: Code) -> Response:
    def change(conn: Connection, new: NewAccount) -> DataProvider:
        return workflow.link_account(conn, code, new.username, actor=principal.actor)

    return _json(await _apply(request, NewAccount, change))


@router.post(
    "/providers/{code}/status",
    summary="Deactivate or reactivate a provider",
    openapi_extra=body(ProviderStatus, "active: false to stop its accounts filing"),
    responses={200: _PROVIDER, **_REFUSED},
)
async def set_status(request: Request, principal: Manage, code: Code) -> Response:
    def change(conn: Connection, new: ProviderStatus) -> DataProvider:
        return workflow.set_provider_active(conn, code, new.active, actor=principal.actor)

    return _json(await _apply(request, ProviderStatus, change))


@router.get(
    "/receipts",
    summary="List your receipts",
    responses={200: reply(ReceiptPage, description="receipts, newest first"), 422: INVALID},
)
def list_receipts(
    request: Request,
    principal: Annotated[Principal, needs(Permission.READ_RECEIPTS)],
    since: Annotated[datetime | None, Query(description="received at or after (ISO 8601)")] = None,
    before: Annotated[int | None, Query(ge=1, le=2**62, description="ids below this")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    """The receipts of the caller's provider (an auditor: everyone's), newest first."""
    with _context(request).engine.connect() as conn:
        _, filers = workflow.filer_scope(conn, principal.user)
        after = None if since is None else as_utc(since)
        found = received_page(conn, filers, since=after, before=before, limit=limit + 1)
    more = len(found) > limit
    page = found[:limit]
    return _json(ReceiptPage(receipts=page, next_before=page[-1].id if more else None))
