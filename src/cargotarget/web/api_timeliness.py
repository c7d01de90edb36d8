"""Coverage and timeliness over the API: the figures of the page as JSON, with the same
filters; and voyage notices, by which a carrier announces a voyage before its manifest."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import msgspec
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from cargotarget.model.access import Permission
from cargotarget.reports.timeliness_report import TimelinessReport
from cargotarget.store.timeliness import Notice
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.schemas import INVALID, body, refusal, reply
from cargotarget.workflow.timeliness import (
    BadRequest,
    Filters,
    NoticeRequest,
    announce_voyage,
    filing_rule,
    read_timeliness,
    window_of,
)

router = APIRouter(prefix="/api/v1", tags=["timeliness"])
Field = Annotated[str | None, Query(max_length=64)]
#: A notice is a few hundred bytes; anything much larger is not one.
MAX_NOTICE = 16 * 1024


class Announced(msgspec.Struct, frozen=True, kw_only=True):
    """The notice as kept, with its id and when its manifest is due."""

    id: int
    notice: Notice


def _invalid(problems: list[str]) -> Response:
    content = {"detail": "invalid request", "problems": problems}
    return Response(msgspec.json.encode(content), status_code=422, media_type="application/json")


@router.get(
    "/timeliness",
    summary="Coverage and timeliness per provider and port",
    responses={
        200: reply(TimelinessReport, description="the figures of the period"),
        422: INVALID,
    },
)
def read_timeliness_api(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_TIMELINESS)],
    start: Field = None,
    end: Field = None,
    port: Field = None,
    provider: Field = None,
) -> Response:
    """The figures from ``start`` to ``end`` (ISO dates or date-times, UTC; a date ``end``
    includes its day; by default the last 30 days), overall, per provider and per port, at
    ``port`` and from ``provider`` when given, with the latest late filings, masters without
    houses and notices without a manifest. A caller scoped to ports sees theirs only."""
    context: WebContext = request.app.state.context
    now = datetime.now(UTC)
    try:
        filters = Filters(start=start, end=end, port=port, provider=provider)
        window = window_of(filters, ports=principal.user.ports, now=now)
    except BadRequest as exc:
        return _invalid(exc.problems)
    with context.engine.connect() as conn:
        report = read_timeliness(conn, filing_rule(context.settings), window, now=now)
    return Response(msgspec.json.encode(report), media_type="application/json")


@router.post(
    "/voyage-notices",
    summary="Announce a voyage or flight before its manifest",
    status_code=201,
    openapi_extra=body(NoticeRequest, "the voyage announced"),
    responses={
        201: reply(Announced, description="the notice as kept, with its manifest's due time"),
        413: refusal("the body is larger than a notice can be"),
        422: INVALID,
    },
)
async def announce_voyage_api(
    request: Request,
    principal: Annotated[Principal, needs(Permission.SUBMIT_MESSAGES)],
) -> Response:
    """Announce a voyage: carrier, mode, voyage or flight number, port, ETD and/or ETA. A
    notice whose manifest (same carrier, voyage number and port) has not come by its due
    time counts as a voyage announced without a manifest."""
    raw = await _read_body(request)
    try:
        wanted = msgspec.json.decode(raw, type=NoticeRequest)
    except msgspec.ValidationError as exc:
        return _invalid([str(exc)])
    except msgspec.DecodeError:
        return _invalid(["body: not a JSON object"])
    context: WebContext = request.app.state.context
    try:
        answer = await run_in_threadpool(_announce, context, wanted, principal)
    except BadRequest as exc:
        return _invalid(exc.problems)
    return Response(msgspec.json.encode(answer), status_code=201, media_type="application/json")


def _announce(context: WebContext, wanted: NoticeRequest, principal: Principal) -> Announced:
    """Keep the notice (the provider is the caller's account)."""
    with context.writing() as conn:
        notice_id, kept = announce_voyage(
            conn,
            filing_rule(context.settings),
            wanted,
            provider=principal.user.username,
            actor=principal.actor,
        )
    return Announced(id=notice_id, notice=kept)


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_NOTICE:
        raise ApiError(413, f"a notice is at most {MAX_NOTICE:,} bytes")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_NOTICE:
            raise ApiError(413, f"a notice is at most {MAX_NOTICE:,} bytes")
    return bytes(raw)
