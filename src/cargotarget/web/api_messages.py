"""The filer's side of the API: submit a message in any ingest format, read a receipt.

The body is streamed to a temporary file and refused with 413 as soon as it passes the
configured limit (nothing of it is kept then). Everything else is archived before it is
parsed, so a truncated, malformed or binary message is kept, quarantined and explained in the
receipt; the answer is 422 when no consignment of it was accepted.
"""

from __future__ import annotations

import tempfile
from typing import IO, Annotated

import msgspec
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from cargotarget.ingest.registry import FORMATS
from cargotarget.model.access import Permission
from cargotarget.model.providers import DataProvider, sender_warnings
from cargotarget.model.users import User
from cargotarget.store.archive import MessageTooLarge
from cargotarget.store.providers import provider_by_id, provider_naming
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.schemas import INVALID, Invalid, answer, refusal
from cargotarget.workflow.assess import AssessConfig, assess_pending
from cargotarget.workflow.permissions import NotAllowed
from cargotarget.workflow.providers import filer_scope, filing_provider
from cargotarget.workflow.receipts import Receipt, receipt

router = APIRouter(prefix="/api/v1", tags=["messages"])

_BODY = {
    "requestBody": {
        "required": True,
        "description": "the message as filed: UN/EDIFACT CUSCAR, ANSI X12 309/310, IATA "
        "Cargo-XML or Cargo-IMP, EU ICS entry summary XML, canonical JSON or JSON Lines, CSV",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
_RECEIPT = answer(Receipt, description="the receipt: per consignment, accepted or held back")


def _json(value: object, status: int = 200) -> Response:
    return Response(msgspec.json.encode(value), status_code=status, media_type="application/json")


async def _spool(request: Request, limit: int) -> IO[bytes]:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"the message is {int(declared):,} bytes; the limit is {limit:,}")
    # Handed to the caller, which closes it; closed here on every refusal.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            spool.close()
            raise ApiError(413, f"the message exceeds the limit of {limit:,} bytes; nothing kept")
        spool.write(chunk)
    if size == 0:
        spool.close()
        raise ApiError(400, "the request body is empty: send the message as the body")
    spool.seek(0)
    return spool


def _filer(context: WebContext, user: User) -> DataProvider | None:
    """The provider the submitting account files for; a deactivated one may not file."""
    try:
        with context.engine.connect() as conn:
            return filing_provider(conn, user)
    except NotAllowed as exc:
        raise ApiError(403, str(exc)) from exc


def _ingest(
    context: WebContext, body: IO[bytes], user: User, fmt: str | None, filename: str | None
) -> Receipt:
    space = context.workspace
    provider = _filer(context, user)
    try:
        report = space.intake.ingest(body, provider=user.username, filename=filename, fmt=fmt)  # type: ignore[arg-type]
    except MessageTooLarge as exc:
        raise ApiError(413, str(exc)) from exc
    with context.assessing:
        assess_pending(space.engine, space.catalogue, AssessConfig.from_settings(space.settings))
    with space.engine.connect() as conn:
        found = receipt(conn, report.raw_message_id, report)
    assert found is not None
    return msgspec.structs.replace(
        found,
        provider_code=None if provider is None else provider.code,
        warnings=sender_warnings(provider, report.senders),
    )


@router.post(
    "/messages",
    summary="Submit a message",
    openapi_extra=_BODY,
    responses={
        200: _RECEIPT,
        400: refusal("an empty body, an unknown format or an odd file name"),
        413: refusal("the message is larger than the configured limit; nothing kept"),
        422: answer(Receipt, Invalid, description="no consignment accepted (the receipt says why)"),
    },
)
async def submit_message(
    request: Request,
    principal: Annotated[Principal, needs(Permission.SUBMIT_MESSAGES)],
    format: Annotated[
        str | None,
        Query(max_length=16, description="detected when not given; one of: " + ", ".join(FORMATS)),
    ] = None,
    filename: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Archive, parse, store and assess a message; answer with its receipt."""
    if format is not None and format not in FORMATS:
        raise ApiError(400, f"no format is called {format!r}; supported: {', '.join(FORMATS)}")
    if filename is not None and not filename.isprintable():
        raise ApiError(400, "the file name holds control characters")
    context: WebContext = request.app.state.context
    body = await _spool(request, context.settings.max_message_bytes)
    try:
        done = await run_in_threadpool(_ingest, context, body, principal.user, format, filename)
    finally:
        body.close()
    refused = done.accepted == 0 and (done.rejected > 0 or bool(done.rejected_messages))
    return _json(done, 422 if refused else 200)


@router.get(
    "/receipts/{receipt_id}",
    summary="Read a receipt",
    responses={200: _RECEIPT, 404: refusal("no such receipt of yours"), 422: INVALID},
)
def read_receipt(
    request: Request,
    receipt_id: Annotated[int, Path(ge=1, le=2**62)],
    principal: Annotated[Principal, needs(Permission.READ_RECEIPTS)],
) -> Response:
    """The receipt of an earlier submission (a filer sees only their own)."""
    context: WebContext = request.app.state.context
    with context.engine.connect() as conn:
        found = receipt(conn, receipt_id)
        provider, filers = filer_scope(conn, principal.user)
        if found is None or not (filers is None or found.provider in filers):
            raise ApiError(404, f"no receipt {receipt_id} of yours")
        if provider is None:
            named = provider_naming(conn, found.provider)
            provider = None if named is None else provider_by_id(conn, named)
    code = None if provider is None else provider.code
    return _json(msgspec.structs.replace(found, provider_code=code))
