"""The case API: read a case (its state, decisions and every step), claim, assign, decide,
order an examination, record the result, close; the examinations awaiting a result.

Each step answers with the case as it stands afterwards. Refusals carry a readable message:
400 for a missing reason, 403 for a missing role or a port the caller does not work, 404 for a
consignment with no case, 409 for a step the case's status does not allow, 413 for an
oversized body and 422 for a body that does not validate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from cargotarget.model.access import Permission
from cargotarget.model.cases import Decision, ExaminationType
from cargotarget.web.access import Principal, needs
from cargotarget.web.case_bodies import read_body, refusal_answer
from cargotarget.web.case_errors import REFUSED
from cargotarget.web.case_schemas import (
    AssignBody,
    DecideBody,
    ExaminationBody,
    ExaminationPage,
    NoteBody,
    ResultBody,
    invalid,
    refused,
)
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.forms import BadFilter, port_of, printable
from cargotarget.web.schemas import body, reply
from cargotarget.workflow import cases
from cargotarget.workflow.case_views import (
    CaseView,
    case_view,
    examinations_for,
    record_case_view,
)

router = APIRouter(prefix="/api/v1", tags=["cases"])
CaseId = Annotated[int, Path(ge=1, le=2**62)]

_CASE = reply(
    CaseView, description="the case: its state, every step so far and what the caller may do"
)
_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: refused("a reason code or written reason is missing or wrong, or an unknown user"),
    403: refused("a missing permission or role, or a port the caller does not work"),
    404: refused("no such consignment, or it has not been assessed (no case)"),
    409: refused("the case's status does not allow this step, or it changed meanwhile"),
    413: refused("the body is larger than 64 KiB"),
    422: invalid("the body or a parameter does not validate; each problem named"),
}


def _json(value: object, status: int = 200) -> Response:
    return Response(msgspec.json.encode(value), status_code=status, media_type="application/json")


async def _step(
    request: Request,
    principal: Principal,
    consignment_id: int,
    act: Callable[[Connection, str], object],
) -> Response:
    context: WebContext = request.app.state.context
    username = principal.user.username

    def run() -> CaseView:
        with context.engine.begin() as conn:
            act(conn, username)
        with context.engine.connect() as conn:
            return case_view(conn, consignment_id, principal.user)

    try:
        return _json(await run_in_threadpool(run))
    except REFUSED as exc:
        return refusal_answer(exc)


@router.get(
    "/cases/{consignment_id}",
    summary="A case: its state and every decision and step",
    responses={200: _CASE, **{k: v for k, v in _REFUSALS.items() if k in (403, 404, 422)}},
)
def read_case(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.VIEW_CONSIGNMENT)],
) -> Response:
    """Where the case stands, every step so far (oldest first) and the steps the caller may
    take now."""
    context: WebContext = request.app.state.context
    try:
        with context.engine.connect() as conn:
            view = case_view(conn, consignment_id, principal.user)
    except REFUSED as exc:
        return refusal_answer(exc)
    with context.writing() as conn:
        record_case_view(conn, principal.actor, consignment_id)
    return _json(view)


@router.post(
    "/cases/{consignment_id}/claim",
    summary="Claim an open case",
    responses={200: _CASE, **_REFUSALS},
)
async def claim(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.WORK_CASES)],
) -> Response:
    """Take an open case (a body, if any, is ignored)."""
    return await _step(
        request, principal, consignment_id, lambda c, u: cases.claim(c, consignment_id, u)
    )


@router.post(
    "/cases/{consignment_id}/assign",
    summary="Give a case to an officer (supervisors)",
    openapi_extra=body(AssignBody, "the officer and a written note"),
    responses={200: _CASE, **_REFUSALS},
)
async def assign(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.ASSIGN_CASES)],
) -> Response:
    given = await read_body(request, AssignBody)
    return await _step(
        request,
        principal,
        consignment_id,
        lambda c, u: cases.assign(c, consignment_id, u, given.assignee, given.note),
    )


@router.post(
    "/cases/{consignment_id}/decide",
    summary="Decide a claimed case with a reason code",
    openapi_extra=body(DecideBody, "the decision, its reason code and a note"),
    responses={200: _CASE, **_REFUSALS},
)
async def decide(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.WORK_CASES)],
) -> Response:
    given = await read_body(request, DecideBody)
    decision = Decision(kind=given.kind, reason_code=given.reason_code, note=given.note)
    return await _step(
        request,
        principal,
        consignment_id,
        lambda c, u: cases.decide(c, consignment_id, u, decision),
    )


@router.post(
    "/cases/{consignment_id}/examination",
    summary="Order an examination of a targeted consignment",
    openapi_extra=body(ExaminationBody, "the type of examination and a note"),
    responses={200: _CASE, **_REFUSALS},
)
async def order_examination(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.WORK_CASES)],
) -> Response:
    given = await read_body(request, ExaminationBody)
    return await _step(
        request,
        principal,
        consignment_id,
        lambda c, u: cases.order_examination(c, consignment_id, u, given.examination, given.note),
    )


@router.post(
    "/cases/{consignment_id}/result",
    summary="Record the result of the ordered examination (examiners)",
    openapi_extra=body(ResultBody, "what the examination found"),
    responses={200: _CASE, **_REFUSALS},
)
async def record_result(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.RECORD_RESULTS)],
) -> Response:
    """Also stored as an examination outcome, for party history and rule performance."""
    given = await read_body(request, ResultBody)
    result = given.result()
    return await _step(
        request,
        principal,
        consignment_id,
        lambda c, u: cases.record_result(c, consignment_id, u, result),
    )


@router.post(
    "/cases/{consignment_id}/close",
    summary="Close a case",
    openapi_extra=body(NoteBody, "an optional note", required=False),
    responses={200: _CASE, **_REFUSALS},
)
async def close(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.WORK_CASES)],
) -> Response:
    """Close a case decided without a target, or one whose result is recorded."""
    given = await read_body(request, NoteBody, optional=True)
    return await _step(
        request,
        principal,
        consignment_id,
        lambda c, u: cases.close(c, consignment_id, u, given.note),
    )


@router.get(
    "/examinations",
    summary="Examinations awaiting a result",
    responses={
        200: reply(ExaminationPage, description="one page of orders, the longest waiting first"),
        400: refused("a bad filter"),
        403: refused("a port the caller does not work"),
        422: invalid("a parameter does not validate"),
    },
)
def read_examinations(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_EXAMINATIONS)],
    port: Annotated[str, Query(max_length=16, description="UN/LOCODE of discharge")] = "",
    type: Annotated[str, Query(max_length=32, description="examination type")] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Orders awaiting a result at the caller's ports (or the one given)."""
    try:
        at_port = port_of(port)
        chosen = printable(type, "type").strip().lower()
        examination = ExaminationType(chosen) if chosen else None
    except BadFilter as exc:
        raise ApiError(400, str(exc)) from exc
    except ValueError as exc:
        kinds = ", ".join(e.value for e in ExaminationType)
        raise ApiError(400, f"type must be one of {kinds}") from exc
    context: WebContext = request.app.state.context
    try:
        with context.engine.connect() as conn:
            orders = examinations_for(
                conn, principal.user, at_port, examination, limit=limit, offset=offset
            )
    except REFUSED as exc:
        return refusal_answer(exc)
    return _json(ExaminationPage(items=orders, limit=limit, offset=offset))
