"""Reading cargo through the API: a consignment with its latest assessment, and the queue."""

from __future__ import annotations

from typing import Annotated

import msgspec
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from cargotarget.model.access import Permission
from cargotarget.web import case_queue
from cargotarget.web.access import Principal, needs
from cargotarget.web.case_schemas import WorkQueuePage
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.forms import BadFilter, printable
from cargotarget.web.schemas import INVALID, answer, refusal, reply
from cargotarget.workflow.workbench import (
    ConsignmentDetail,
    consignments_by_bill,
    record_view,
)
from cargotarget.workflow.workbench import read_consignment as consignment_of

router = APIRouter(prefix="/api/v1", tags=["cargo"])


def _json(value: object) -> Response:
    return Response(msgspec.json.encode(value), media_type="application/json")


@router.get(
    "/consignments/{bill}",
    summary="A consignment with its latest assessment",
    responses={
        200: answer(ConsignmentDetail, description="every version; the latest assessment"),
        400: refusal("an odd bill number"),
        404: refusal("no consignment with that bill number (at the caller's ports)"),
        409: refusal("several filers used the bill number: name one"),
        422: INVALID,
    },
)
def read_consignment(
    request: Request,
    bill: Annotated[str, Path(min_length=1, max_length=64)],
    principal: Annotated[Principal, needs(Permission.VIEW_CONSIGNMENT)],
    provider: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Every version of the consignment filed under ``bill`` and its latest assessment,
    explained. When several filers used the same bill number, ``provider`` picks one."""
    try:
        printable(bill, "the bill number")
        printable(provider or "", "the provider")
    except BadFilter as exc:
        raise ApiError(400, str(exc)) from exc
    context: WebContext = request.app.state.context
    ports = principal.user.ports  # a token acts with its owner's ports
    with context.engine.connect() as conn:
        # Bills discharged at ports the caller does not see are answered as unknown.
        ids = consignments_by_bill(conn, bill, provider, ports)
        if len(ids) > 1:
            raise ApiError(409, f"{len(ids)} filers used bill {bill!r}: name one as ?provider=")
        detail = consignment_of(conn, ids[0], ports) if ids else None
    if detail is None:
        raise ApiError(404, f"no consignment with bill number {bill!r}")
    with context.writing() as conn:
        record_view(conn, principal.actor, detail)
    return _json(detail)


@router.get(
    "/queue",
    summary="The work queue",
    responses={
        200: reply(WorkQueuePage, description="one page of the queue, each row with its case"),
        400: refusal("a bad filter"),
        403: refusal("a port the caller does not work"),
        422: INVALID,
    },
)
def read_queue(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_QUEUE)],
    lane: Annotated[str, Query(max_length=16, description="red, yellow or green")] = "",
    port: Annotated[str, Query(max_length=16, description="UN/LOCODE of discharge")] = "",
    threat: Annotated[str, Query(max_length=32, description="threat of a rule that hit")] = "",
    cases: Annotated[str, Query(max_length=16, description="all, open or mine")] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Live consignments in the red and yellow lanes (or the lane given), highest score
    first, each with its case status and assignee, at the ports the caller works."""
    return case_queue.queue_answer(request, principal, (lane, port, threat, cases), limit, offset)
