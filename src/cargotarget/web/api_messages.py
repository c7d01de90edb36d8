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
from cargotarget.model.users import Role
from cargotarget.store.archive import MessageTooLarge
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.schemas import INVALID, Invalid, answer, refusal
from cargotarget.workflow.assess import AssessConfig, assess_pending
from cargotarget.workflow.receipts import Receipt, receipt

router = APIRouter(prefix="/api/v1", tags=["messages"])

_BODY = {
    "requestBody": {
        "required": True,
        "description": "the message as filed: UN/EDIFACT CUSCAR, canonical JSON or JSON Lines, CSV",
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


def _ingest(
    context: WebContext, body: IO[bytes], owner: str, fmt: str | None, filename: str | None
) -> Receipt:
    space = context.workspace
    try:
        report = space.intake.ingest(body, provider=owner, filename=filename, fmt=fmt)  # type: ignore[arg-type]
    except MessageTooLarge as exc:
        raise ApiError(413, str(exc)) from exc
    with context.assessing:
        assess_pending(space.engine, space.catalogue, AssessConfig.from_settings(space.settings))
    with space.engine.connect() as conn:
        found = receipt(conn, report.raw_message_id, report)
    assert found is not None
    return found


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
        str | None, Query(max_length=16, description="cuscar, json, jsonl or csv")
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
        done = await run_in_threadpool(
            _ingest, context, body, principal.user.username, format, filename
        )
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
    mine = found is not None and found.provider == principal.user.username
    if found is None or not (mine or Role.AUDITOR in principal.user.roles):
        raise ApiError(404, f"no receipt {receipt_id} of yours")
    return _json(found)
