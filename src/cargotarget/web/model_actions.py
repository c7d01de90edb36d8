"""What the model pages and the model API share: training one at a time, the steps of the
registry, and the status each refusal is answered with (the workflow knows nothing of HTTP).
"""

from __future__ import annotations

import threading
from datetime import datetime
from enum import StrEnum

import msgspec
from fastapi.responses import Response

from cargotarget.ml.model import TrainingRefused
from cargotarget.store.models import ModelVersion
from cargotarget.web.context import WebContext
from cargotarget.web.schemas import Refusal
from cargotarget.workflow import ml_registry as registry
from cargotarget.workflow.ml_registry import ModelNoteRefused, ModelStepRefused, UnknownModel
from cargotarget.workflow.ml_training import retrain, train_version
from cargotarget.workflow.permissions import NotAllowed, UnknownUser


class TrainingBusy(RuntimeError):
    """A training started from the workbench is still running."""


#: The domain errors of the model registry and their statuses (the first that fits).
REFUSALS: tuple[tuple[type[Exception], int], ...] = (
    (UnknownModel, 404),
    (NotAllowed, 403),
    (UnknownUser, 403),
    (ModelNoteRefused, 400),
    (ModelStepRefused, 409),
    (TrainingBusy, 409),
    (TrainingRefused, 422),
)
REFUSED = tuple(kind for kind, _ in REFUSALS)

# One training at a time per server process: a second click while one runs is refused rather
# than queued, since both would learn from the same outcomes.
_training = threading.Lock()


class Step(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    RETIRE = "retire"


def status_of(exc: Exception) -> int:
    return next(status for kind, status in REFUSALS if isinstance(exc, kind))


def json_refusal(exc: Exception) -> Response:
    """The API's answer to a refused step."""
    return Response(
        msgspec.json.encode(Refusal(detail=str(exc))),
        status_code=status_of(exc),
        media_type="application/json",
    )


def train_now(
    context: WebContext,
    username: str,
    *,
    submit: bool,
    until: datetime | None = None,
    seed: int = 1,
) -> ModelVersion:
    """Train a version as ``username`` (and submit it when ``submit``: a retraining)."""
    if not _training.acquire(blocking=False):
        raise TrainingBusy("a training is running already; try again when it is done")
    try:
        space = context.workspace
        if submit:
            return retrain(space.engine, space.catalogue, username, until=until, seed=seed)
        return train_version(space.engine, space.catalogue, username, until=until, seed=seed)
    finally:
        _training.release()


def take_step(
    context: WebContext, version_id: int, step: Step, username: str, note: str
) -> ModelVersion:
    """Submit, approve, reject or retire version ``version_id`` as ``username``."""
    with context.engine.begin() as conn:
        if step is Step.SUBMIT:
            return registry.submit_model(conn, version_id, username, note=note)
        if step is Step.APPROVE:
            return registry.approve_model(conn, version_id, username, note=note)
        if step is Step.REJECT:
            return registry.reject_model(conn, version_id, username, note=note)
        return registry.retire_model(conn, version_id, username, note=note)


def versions(context: WebContext) -> list[ModelVersion]:
    with context.engine.connect() as conn:
        return registry.model_versions(conn)


def version(context: WebContext, version_id: int) -> ModelVersion:
    with context.engine.connect() as conn:
        return registry.model_version(conn, version_id)
