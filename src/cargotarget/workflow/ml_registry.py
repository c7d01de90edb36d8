"""The model registry's life cycle, with four eyes: a trained version is submitted by an
analyst or supervisor, and becomes the active model only when a supervisor who neither trained
nor submitted it approves it (which retires the version active before); a rejection says why.
A supervisor may also retire the active version, after which assessments score without a model.

Every step is recorded in the audit trail in the caller's transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Connection

from cargotarget.model.access import GRANTS, Permission
from cargotarget.model.audit import AuditAction
from cargotarget.store import models as store
from cargotarget.store.audit import append_event
from cargotarget.store.models import ModelVersion
from cargotarget.workflow.permissions import NotAllowed, acting_user

#: Who may train and submit models, and who may approve them: as the permissions say.
TRAINERS = frozenset(r for r, held in GRANTS.items() if Permission.TRAIN_MODELS in held)
APPROVERS = frozenset(r for r, held in GRANTS.items() if Permission.APPROVE_MODELS in held)
#: The author of what the system does on its own (a scheduled training).
SYSTEM = "system"
MAX_NOTE = 2000


class ModelStatus(StrEnum):
    TRAINED = "trained"
    SUBMITTED = "submitted"
    ACTIVE = "active"
    RETIRED = "retired"
    REJECTED = "rejected"


class UnknownModel(LookupError):
    """No model version with that id."""


class ModelStepRefused(ValueError):
    """The step does not fit the version's state (approving one never submitted, ...)."""


class ModelNoteRefused(ModelStepRefused):
    """The note is missing where a reason is needed, too long, or not plain text."""


def model_changed(
    conn: Connection, actor: str, version: ModelVersion, step: str, **detail: object
) -> None:
    """Record a step in the life of model version ``version`` in the audit trail."""
    about = {
        "step": step,
        "label": version.label,
        **{k: v for k, v in detail.items() if v is not None},
    }
    append_event(conn, actor, AuditAction.MODEL_CHANGE, ("model", str(version.id)), about)


def _note(note: str | None) -> str | None:
    note = (note or "").strip() or None
    if note is not None and (len(note) > MAX_NOTE or not note.replace("\n", " ").isprintable()):
        raise ModelNoteRefused(f"the note must be plain text of at most {MAX_NOTE} characters")
    return note


def model_version(conn: Connection, version_id: int, *, lock: bool = False) -> ModelVersion:
    found = store.version_by_id(conn, version_id, lock=lock)
    if found is None:
        raise UnknownModel(f"no model version {version_id}")
    return found


def model_versions(conn: Connection, *, limit: int = 200) -> list[ModelVersion]:
    """Every model version, newest first."""
    return store.versions(conn, limit=limit)


def _in(conn: Connection, version_id: int, wanted: ModelStatus, verb: str) -> ModelVersion:
    found = model_version(conn, version_id, lock=True)
    if found.status != wanted:
        raise ModelStepRefused(
            f"cannot {verb} {found.label}: it is {found.status}, not {wanted.value}"
        )
    return found


def submit_model(
    conn: Connection, version_id: int, username: str, *, note: str | None = None
) -> ModelVersion:
    """Ask for version ``version_id`` (trained) to become the active model."""
    user = acting_user(conn, username, TRAINERS, "submit models for promotion")
    note = _note(note)
    found = _in(conn, version_id, ModelStatus.TRAINED, "submit")
    now = datetime.now(UTC)
    store.move(
        conn,
        version_id,
        found.status,
        ModelStatus.SUBMITTED,
        submitted_by=user.username,
        submitted_at=now,
    )
    model_changed(conn, user.username, found, "submitted", note=note)
    return model_version(conn, version_id)


def approve_model(
    conn: Connection, version_id: int, username: str, *, note: str | None = None
) -> ModelVersion:
    """Make the submitted version ``version_id`` the active model, retiring the one active
    before. Only a supervisor who neither trained nor submitted it may."""
    user = acting_user(conn, username, APPROVERS, "approve models")
    note = _note(note)
    found = _in(conn, version_id, ModelStatus.SUBMITTED, "approve")
    if user.username in (found.submitted_by, found.created_by):
        raise NotAllowed(
            f"four eyes: {user.username} trained or submitted {found.label} and cannot approve "
            "it; another supervisor must"
        )
    now = datetime.now(UTC)
    active = store.active_version_id(conn)
    if active is not None:
        before = model_version(conn, active, lock=True)
        store.move(conn, active, ModelStatus.ACTIVE, ModelStatus.RETIRED, retired_at=now)
        model_changed(conn, user.username, before, "retired", replaced_by=found.label)
    store.move(
        conn, version_id, ModelStatus.SUBMITTED, ModelStatus.ACTIVE,
        decided_by=user.username, decided_at=now, decision_note=note,
    )  # fmt: skip
    model_changed(conn, user.username, found, "approved", note=note)
    return model_version(conn, version_id)


def reject_model(conn: Connection, version_id: int, username: str, *, note: str) -> ModelVersion:
    """Refuse the submitted version ``version_id`` with a reason; it never becomes active."""
    user = acting_user(conn, username, APPROVERS, "reject models")
    reason = _note(note)
    if reason is None:
        raise ModelNoteRefused("a rejection needs a reason telling the author what to change")
    found = _in(conn, version_id, ModelStatus.SUBMITTED, "reject")
    store.move(
        conn, version_id, ModelStatus.SUBMITTED, ModelStatus.REJECTED,
        decided_by=user.username, decided_at=datetime.now(UTC), decision_note=reason,
    )  # fmt: skip
    model_changed(conn, user.username, found, "rejected", note=reason)
    return model_version(conn, version_id)


def retire_model(conn: Connection, version_id: int, username: str, *, note: str) -> ModelVersion:
    """Take the active version ``version_id`` out of use: assessments go on without a model
    until another is approved. A supervisor's act, with a reason."""
    user = acting_user(conn, username, APPROVERS, "retire models")
    reason = _note(note)
    if reason is None:
        raise ModelNoteRefused("retiring the active model needs a reason")
    found = _in(conn, version_id, ModelStatus.ACTIVE, "retire")
    store.move(
        conn, version_id, ModelStatus.ACTIVE, ModelStatus.RETIRED, retired_at=datetime.now(UTC)
    )
    model_changed(conn, user.username, found, "retired", note=reason)
    return model_version(conn, version_id)


def check_trainer(conn: Connection, username: str) -> str:
    """``username`` if they may train models (the system may too); refuses otherwise."""
    if username == SYSTEM:
        return username
    return acting_user(conn, username, TRAINERS, "train models").username


__all__ = [
    "APPROVERS",
    "SYSTEM",
    "TRAINERS",
    "ModelNoteRefused",
    "ModelStatus",
    "ModelStepRefused",
    "NotAllowed",
    "UnknownModel",
    "approve_model",
    "check_trainer",
    "model_changed",
    "model_version",
    "model_versions",
    "reject_model",
    "retire_model",
    "submit_model",
]
