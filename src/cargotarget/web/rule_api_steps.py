"""The rule API's lifecycle steps (submit, approve, reject, retire) and the backtest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import msgspec
from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from cargotarget.model.access import Permission
from cargotarget.model.rules import RuleVersion
from cargotarget.web.access import Principal, needs
from cargotarget.web.api_rules import WRITE, BacktestInput, StepInput
from cargotarget.web.errors import ApiError
from cargotarget.web.pages_rules import context_of
from cargotarget.web.rule_bodies import read_json
from cargotarget.web.rule_errors import REFUSED, json_refusal
from cargotarget.web.rule_schemas import refused
from cargotarget.web.schemas import body, reply
from cargotarget.workflow.backtest import backtest
from cargotarget.workflow.backtest_report import BacktestReport
from cargotarget.workflow.candidates import stored_candidate
from cargotarget.workflow.rules import approve, reject, retire, submit

router = APIRouter(prefix="/api/v1", tags=["rules"])
Code = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
MAX_DAYS = 3660
Act = Callable[[Connection, str, str, str | None, int | None], RuleVersion]
_STEP = {
    200: reply(RuleVersion, description="the version after the step"),
    400: refused("a rejection without a note, or a note with control characters"),
    **WRITE,
}
_EXTRA = body(StepInput, "a note (required to reject) and optionally the version")


def _json(value: object) -> Response:
    return Response(msgspec.json.encode(value), media_type="application/json")


def _run(request: Request, principal: Principal, code: str, step: StepInput, act: Act) -> Response:
    plain = step.note.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if not plain.isprintable() or len(step.note) > 10_000:
        raise ApiError(400, "the note must be plain text of at most 10,000 characters")
    note = step.note.strip() or None
    if step.version is not None and not 1 <= step.version <= 1_000_000:
        raise ApiError(400, "version must be a number from 1")
    try:
        with context_of(request).engine.begin() as conn:
            done = act(conn, code, principal.user.username, note, step.version)
    except REFUSED as exc:
        return json_refusal(exc)
    return _json(done)


async def _step(request: Request, principal: Principal, code: str, act: Act) -> Response:
    step = await read_json(request, StepInput)
    return await run_in_threadpool(_run, request, principal, code, step, act)


@router.post(
    "/rules/{code}/submit",
    summary="Submit a draft for approval",
    openapi_extra=_EXTRA,
    responses=_STEP,
)
async def submit_rule(
    request: Request, code: Code, principal: Annotated[Principal, needs(Permission.EDIT_RULES)]
) -> Response:
    return await _step(
        request, principal, code, lambda c, k, u, n, v: submit(c, k, u, note=n, version=v)
    )


@router.post(
    "/rules/{code}/approve",
    summary="Approve the pending version (four eyes)",
    openapi_extra=_EXTRA,
    responses=_STEP,
)
async def approve_rule(
    request: Request, code: Code, principal: Annotated[Principal, needs(Permission.APPROVE_RULES)]
) -> Response:
    return await _step(
        request, principal, code, lambda c, k, u, n, v: approve(c, k, u, note=n, version=v)
    )


@router.post(
    "/rules/{code}/reject",
    summary="Reject the pending version with a note",
    openapi_extra=_EXTRA,
    responses=_STEP,
)
async def reject_rule(
    request: Request, code: Code, principal: Annotated[Principal, needs(Permission.APPROVE_RULES)]
) -> Response:
    return await _step(
        request, principal, code, lambda c, k, u, n, v: reject(c, k, u, note=n or "", version=v)
    )


@router.post(
    "/rules/{code}/retire",
    summary="Retire the active version or withdraw a draft",
    openapi_extra=_EXTRA,
    responses=_STEP,
)
async def retire_rule(
    request: Request, code: Code, principal: Annotated[Principal, needs(Permission.EDIT_RULES)]
) -> Response:
    return await _step(
        request, principal, code, lambda c, k, u, n, v: retire(c, k, u, note=n, version=v)
    )


def _backtest(request: Request, code: str, days: int) -> Response:
    context = context_of(request)
    catalogue = context.workspace.catalogue
    try:
        with context.engine.connect() as conn:
            candidate = stored_candidate(conn, code, catalogue)
        return _json(backtest(context.engine, catalogue, candidate, days=days))
    except REFUSED as exc:
        return json_refusal(exc)


@router.post(
    "/rules/{code}/backtest",
    summary="Backtest the rule's latest version over the last N days",
    openapi_extra=body(BacktestInput, "how many days back (default 30)"),
    responses={
        200: reply(BacktestReport, description="what the rule would have done"),
        400: refused("days out of range"),
        **WRITE,
    },
)
async def backtest_rule(
    request: Request, code: Code, principal: Annotated[Principal, needs(Permission.EDIT_RULES)]
) -> Response:
    given = await read_json(request, BacktestInput)
    if not 1 <= given.days <= MAX_DAYS:
        raise ApiError(400, f"days must be from 1 to {MAX_DAYS}")
    return await run_in_threadpool(_backtest, request, code, given.days)
