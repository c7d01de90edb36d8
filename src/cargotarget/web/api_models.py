"""The model registry over the API: versions with their metrics, training (or retraining,
which also submits), and the steps of promotion with four eyes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from cargotarget.model.access import Permission
from cargotarget.store.models import ModelVersion
from cargotarget.web.access import Principal, needs
from cargotarget.web.errors import ApiError
from cargotarget.web.model_actions import (
    REFUSED,
    Step,
    json_refusal,
    take_step,
    train_now,
    version,
    versions,
)
from cargotarget.web.pages_rules import context_of
from cargotarget.web.rule_bodies import read_json
from cargotarget.web.rule_schemas import DENIED, refused
from cargotarget.web.schemas import body, reply

router = APIRouter(prefix="/api/v1", tags=["models"])
VersionId = Annotated[int, Path(ge=1, le=2**62)]
#: The largest body these calls take (a note, a date and a seed fit many times over).
MAX_BODY = 16 * 1024


class TrainInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Train on the outcomes examined until ``until`` (now when absent), with ``seed``;
    ``submit`` also submits the new version for approval (a scheduled retraining)."""

    until: datetime | None = None
    seed: Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)] = 1
    submit: bool = False


class StepInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The note of a step (a rejection and a retirement need one)."""

    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""


def _json(value: object, status: int = 200) -> Response:
    return Response(msgspec.json.encode(value), status_code=status, media_type="application/json")


_READ: dict[int | str, dict[str, Any]] = {
    **DENIED,
    200: reply(list[ModelVersion], description="model versions, newest first"),
}
_ONE: dict[int | str, dict[str, Any]] = {
    **DENIED,
    200: reply(ModelVersion, description="the version with its training record"),
    404: refused("no such version"),
}
WRITE: dict[int | str, dict[str, Any]] = {
    **DENIED,
    400: refused("a note that is not plain text, or missing where a reason is needed"),
    404: refused("no such version"),
    409: refused("the version is not in a state for this step, or a training is running"),
    413: refused("the body is too large"),
    422: refused("a body not taken, or too few examination outcomes to learn from"),
}


@router.get("/models", summary="Model versions with their metrics", responses=_READ)
def list_models(
    request: Request, principal: Annotated[Principal, needs(Permission.VIEW_MODELS)]
) -> Response:
    return _json(versions(context_of(request)))


@router.get("/models/{version_id}", summary="One model version", responses=_ONE)
def read_model(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.VIEW_MODELS)],
) -> Response:
    try:
        return _json(version(context_of(request), version_id))
    except REFUSED as exc:
        return json_refusal(exc)


def _train(request: Request, principal: Principal, given: TrainInput) -> Response:
    if given.until is not None and given.until.tzinfo is None:
        raise ApiError(422, "until needs a time zone (e.g. 2026-06-30T00:00:00Z)")
    try:
        made = train_now(
            context_of(request),
            principal.user.username,
            submit=given.submit,
            until=given.until,
            seed=given.seed,
        )
    except REFUSED as exc:
        return json_refusal(exc)
    return _json(made, 201)


@router.post(
    "/models/train",
    summary="Train a new version now (and submit it, for a retraining)",
    openapi_extra=body(TrainInput, "the window's end, the seed, whether to submit", required=False),
    responses={201: reply(ModelVersion, description="the new version"), **WRITE},
)
async def train_model(
    request: Request, principal: Annotated[Principal, needs(Permission.TRAIN_MODELS)]
) -> Response:
    given = await read_json(request, TrainInput, limit=MAX_BODY)
    return await run_in_threadpool(_train, request, principal, given)


def _step(
    request: Request, principal: Principal, version_id: int, step: Step, note: str
) -> Response:
    if not note.replace("\n", " ").isprintable():
        raise ApiError(400, "the note must be plain text")
    try:
        done = take_step(context_of(request), version_id, step, principal.user.username, note)
    except REFUSED as exc:
        return json_refusal(exc)
    return _json(done)


_NOTE = body(StepInput, "a note; the reason of a rejection or retirement", required=False)
_DONE = {200: reply(ModelVersion, description="the version after the step"), **WRITE}


@router.post(
    "/models/{version_id}/submit",
    summary="Submit a trained version for approval",
    openapi_extra=_NOTE,
    responses=_DONE,
)
async def submit_model(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.TRAIN_MODELS)],
) -> Response:
    given = await read_json(request, StepInput, limit=MAX_BODY)
    return await run_in_threadpool(_step, request, principal, version_id, Step.SUBMIT, given.note)


@router.post(
    "/models/{version_id}/approve",
    summary="Make a submitted version active (a supervisor who neither trained nor submitted it)",
    openapi_extra=_NOTE,
    responses=_DONE,
)
async def approve_model(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.APPROVE_MODELS)],
) -> Response:
    given = await read_json(request, StepInput, limit=MAX_BODY)
    return await run_in_threadpool(_step, request, principal, version_id, Step.APPROVE, given.note)


@router.post(
    "/models/{version_id}/reject",
    summary="Refuse a submitted version with a reason",
    openapi_extra=_NOTE,
    responses=_DONE,
)
async def reject_model(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.APPROVE_MODELS)],
) -> Response:
    given = await read_json(request, StepInput, limit=MAX_BODY)
    return await run_in_threadpool(_step, request, principal, version_id, Step.REJECT, given.note)


@router.post(
    "/models/{version_id}/retire",
    summary="Take the active version out of use, with a reason",
    openapi_extra=_NOTE,
    responses=_DONE,
)
async def retire_model(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.APPROVE_MODELS)],
) -> Response:
    given = await read_json(request, StepInput, limit=MAX_BODY)
    return await run_in_threadpool(_step, request, principal, version_id, Step.RETIRE, given.note)
