"""Risk responses to filers: fetched by the provider they are for.

A filer lists its responses (newest first; ``unfetched=true`` for those it has not read yet,
``since`` for those made since a time) and reads one as JSON, or as a UN/EDIFACT CUSRES
interchange with ``?format=cusres`` or ``Accept: application/edifact`` (for filers whose
systems speak CUSCAR). Another filer's response is "not found", never "forbidden", so that
its existence is not given away. The first read by the filer is noted on the response and in
the audit trail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from cargotarget.ingest.edifact.cusres_writer import write_cusres
from cargotarget.model.access import Permission
from cargotarget.model.responses import FilerResponse
from cargotarget.store.queries import as_utc
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.schemas import INVALID, refusal, reply
from cargotarget.workflow.responses import MAX_PAGE, UnknownResponse, list_responses, read_response

router = APIRouter(prefix="/api/v1", tags=["responses"])
Reader = Annotated[Principal, needs(Permission.READ_RESPONSES)]
EDIFACT = "application/edifact"


class ResponsePage(msgspec.Struct, frozen=True, kw_only=True):
    """Responses newest first; ``next_before`` is the ``before`` of the next page, if any."""

    responses: list[FilerResponse]
    next_before: int | None


def _json(value: object) -> Response:
    return Response(msgspec.json.encode(value), media_type="application/json")


def _context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


@router.get(
    "/responses",
    summary="List your risk responses",
    responses={200: reply(ResponsePage, description="responses, newest first"), 422: INVALID},
)
def list_filer_responses(
    request: Request,
    principal: Reader,
    since: Annotated[datetime | None, Query(description="made at or after (ISO 8601)")] = None,
    unfetched: Annotated[bool, Query(description="only those not read yet")] = False,
    before: Annotated[int | None, Query(ge=1, le=2**62, description="ids below this")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> Response:
    """The responses to the caller's filings (an auditor: everyone's), newest first."""
    with _context(request).engine.begin() as conn:
        found = list_responses(
            conn,
            principal.user,
            principal.actor,
            since=as_utc(since),
            unfetched=unfetched,
            before=before,
            limit=limit + 1,
        )
    page = found[:limit]
    more = len(found) > limit
    return _json(ResponsePage(responses=page, next_before=page[-1].response_id if more else None))


_ONE = reply(FilerResponse, description="the response, as JSON or as a CUSRES interchange")
_ONE["content"][EDIFACT] = {"schema": {"type": "string"}}


@router.get(
    "/responses/{response_id}",
    summary="Read a risk response (JSON or EDIFACT CUSRES)",
    responses={
        200: _ONE,
        404: refusal("no such response of yours"),
        422: INVALID,
    },
)
def read_filer_response(
    request: Request,
    principal: Reader,
    response_id: Annotated[int, Path(ge=1, le=2**62)],
    format: Annotated[
        Literal["json", "cusres"] | None,
        Query(description="json, or cusres for UN/EDIFACT; else the Accept header decides"),
    ] = None,
) -> Response:
    """One response to the caller's filings, as JSON or as a CUSRES interchange."""
    try:
        context = _context(request)
        with context.engine.begin() as conn:
            found = read_response(conn, principal.user, principal.actor, response_id)
    except UnknownResponse as exc:
        raise ApiError(404, str(exc)) from exc
    wanted = format or ("cusres" if EDIFACT in request.headers.get("accept", "") else "json")
    if wanted == "json":
        return _json(found)
    data = write_cusres(
        found,
        sender=context.settings.response_sender,
        recipient=found.provider or "UNKNOWN",
        control_ref=f"R{found.response_id}"[:14],
    )
    filename = f"cusres-{found.response_id}.edi"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type=EDIFACT, headers=headers)
