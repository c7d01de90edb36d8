"""The model registry pages: versions, metrics, training, promotion with four eyes.

The list shows every version with its window, examples and headline metrics; a version's page
shows its features, parameters and metrics overall and on the random control group, who
trained, submitted and decided, and the steps the reader may take. Training runs in the
request (a demo-sized store trains in seconds); a second training while one runs is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cargotarget.model.access import Permission
from cargotarget.web.access import Principal, needs
from cargotarget.web.model_actions import (
    REFUSED,
    Step,
    status_of,
    take_step,
    train_now,
    version,
    versions,
)
from cargotarget.web.pages_rules import context_of
from cargotarget.web.templating import render

router = APIRouter(include_in_schema=False)
VersionId = Annotated[int, Path(ge=1, le=2**62)]
Note = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=40)]


def _list_page(
    request: Request, principal: Principal, status: int = 200, message: str = ""
) -> HTMLResponse:
    shown = versions(context_of(request))
    return render(
        request, "models.html", principal, status, versions=shown, message=message, problems=[]
    )


@router.get("/models", response_class=HTMLResponse)
def models_page(
    request: Request, principal: Annotated[Principal, needs(Permission.VIEW_MODELS)]
) -> HTMLResponse:
    return _list_page(request, principal)


def _version_page(
    request: Request, principal: Principal, version_id: int, status: int = 200, message: str = ""
) -> HTMLResponse:
    try:
        shown = version(context_of(request), version_id)
    except REFUSED as exc:
        return render(
            request, "error.html", principal, status_of(exc), title="Not found", message=str(exc)
        )
    return render(
        request, "model.html", principal, status, version=shown, message=message, problems=[]
    )


@router.get("/models/{version_id}", response_class=HTMLResponse)
def model_page(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.VIEW_MODELS)],
) -> HTMLResponse:
    return _version_page(request, principal, version_id)


def _until(day: str) -> datetime | None:
    """The end of the day ``day`` (YYYY-MM-DD) in UTC; None when empty."""
    if not day.strip():
        return None
    chosen = datetime.strptime(day.strip(), "%Y-%m-%d").date()
    return datetime.combine(chosen + timedelta(days=1), time.min, tzinfo=UTC)


@router.post("/models/train", response_class=HTMLResponse)
def train_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.TRAIN_MODELS)],
    until: Short = "",
    seed: Short = "1",
    submit: Short = "",
) -> Response:
    """Train a version now; with ``submit``, also submit it for approval (retrain)."""
    try:
        end = _until(until)
    except ValueError:
        return _list_page(request, principal, 400, "the window's end must be a day, YYYY-MM-DD")
    if not seed.strip().isdigit() or int(seed) > 2**31 - 1:
        return _list_page(request, principal, 400, "the seed must be a whole number")
    try:
        made = train_now(
            context_of(request), principal.user.username, submit=bool(submit), until=end,
            seed=int(seed),
        )  # fmt: skip
    except REFUSED as exc:
        return _list_page(request, principal, status_of(exc), str(exc))
    return RedirectResponse(f"/models/{made.id}", status_code=303)


def _step(
    request: Request, principal: Principal, version_id: int, step: Step, note: str
) -> Response:
    if not note.replace("\n", " ").isprintable():
        message = "the note holds control characters; type it as plain text"
        return _version_page(request, principal, version_id, 400, message)
    try:
        take_step(context_of(request), version_id, step, principal.user.username, note)
    except REFUSED as exc:
        return _version_page(request, principal, version_id, status_of(exc), str(exc))
    return RedirectResponse(f"/models/{version_id}", status_code=303)


@router.post("/models/{version_id}/submit", response_class=HTMLResponse)
def submit_page(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.TRAIN_MODELS)],
    note: Note = "",
) -> Response:
    return _step(request, principal, version_id, Step.SUBMIT, note)


@router.post("/models/{version_id}/approve", response_class=HTMLResponse)
def approve_page(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.APPROVE_MODELS)],
    note: Note = "",
) -> Response:
    return _step(request, principal, version_id, Step.APPROVE, note)


@router.post("/models/{version_id}/reject", response_class=HTMLResponse)
def reject_page(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.APPROVE_MODELS)],
    note: Note = "",
) -> Response:
    return _step(request, principal, version_id, Step.REJECT, note)


@router.post("/models/{version_id}/retire", response_class=HTMLResponse)
def retire_page(
    request: Request,
    version_id: VersionId,
    principal: Annotated[Principal, needs(Permission.APPROVE_MODELS)],
    note: Note = "",
) -> Response:
    return _step(request, principal, version_id, Step.RETIRE, note)
