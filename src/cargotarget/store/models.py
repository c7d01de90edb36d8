"""Model versions: storing a trained one, reading them back, moving them through their life.

Nothing here decides whether a step is allowed: that is :mod:`cargotarget.workflow.ml_registry`.
A version's training record and model are written once; afterwards only the life-cycle columns
change, each by a conditional update that says whether the version was still where the caller
found it (two people deciding at once cannot both win).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, func, insert, select, update

from cargotarget.store.model_tables import model_version
from cargotarget.store.queries import as_utc


class NewModelVersion(msgspec.Struct, frozen=True, kw_only=True):
    """A trained model with the record of its training."""

    created_by: str
    window_start: datetime | None
    window_end: datetime
    features: list[str]
    parameters: dict[str, Any]
    metrics: dict[str, Any]
    examples: int
    positives: int
    control_examples: int
    content: bytes


class ModelVersion(msgspec.Struct, frozen=True, kw_only=True):
    """A stored model version without its model (read with :func:`model_content`)."""

    id: int
    label: str
    created_at: datetime
    created_by: str
    window_start: datetime | None
    window_end: datetime
    features: list[str]
    parameters: dict[str, Any]
    metrics: dict[str, Any]
    examples: int
    positives: int
    control_examples: int
    size: int
    status: str
    submitted_by: str | None
    submitted_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    retired_at: datetime | None


_JSON_COLUMNS = ("features", "parameters", "metrics")


def add_version(conn: Connection, new: NewModelVersion, *, at: datetime, status: str) -> int:
    """Store ``new`` in ``status``; returns its id. Its label (``model-<id>``) is what an
    assessment records as the version that scored it."""
    values = msgspec.structs.asdict(new)
    for name in _JSON_COLUMNS:
        values[name] = msgspec.json.encode(values[name], order="sorted").decode()
    # The label carries the id, which is known only once the row is in: a unique placeholder
    # first, replaced in the same transaction.
    placeholder = f"new-{secrets.token_hex(16)}"
    values.update(label=placeholder, created_at=at, status=status)
    made = conn.execute(insert(model_version).values(values)).inserted_primary_key
    assert made is not None
    version_id = int(made[0])
    conn.execute(
        update(model_version)
        .where(model_version.c.id == version_id)
        .values(label=f"model-{version_id}")
    )
    return version_id


def _query() -> Any:
    columns = [c for c in model_version.c if c.name not in ("content", "is_active")]
    return select(*columns, func.length(model_version.c.content).label("size"))


def _version(row: Any) -> ModelVersion:
    decode = msgspec.json.decode
    return ModelVersion(
        id=row.id,
        label=row.label,
        created_at=as_utc(row.created_at) or row.created_at,
        created_by=row.created_by,
        window_start=as_utc(row.window_start),
        window_end=as_utc(row.window_end) or row.window_end,
        features=decode(row.features),
        parameters=decode(row.parameters),
        metrics=decode(row.metrics),
        examples=row.examples,
        positives=row.positives,
        control_examples=row.control_examples,
        size=int(row.size or 0),
        status=row.status,
        submitted_by=row.submitted_by,
        submitted_at=as_utc(row.submitted_at),
        decided_by=row.decided_by,
        decided_at=as_utc(row.decided_at),
        decision_note=row.decision_note,
        retired_at=as_utc(row.retired_at),
    )


def version_by_id(conn: Connection, version_id: int, *, lock: bool = False) -> ModelVersion | None:
    query = _query().where(model_version.c.id == version_id)
    if lock:
        query = query.with_for_update(of=model_version)
    row = conn.execute(query).first()
    return None if row is None else _version(row)


def versions(
    conn: Connection, *, status: str | None = None, limit: int = 200
) -> list[ModelVersion]:
    """Model versions, newest first; in one status when asked."""
    query = _query().order_by(model_version.c.id.desc()).limit(limit)
    if status is not None:
        query = query.where(model_version.c.status == status)
    return [_version(row) for row in conn.execute(query)]


def active_version_id(conn: Connection) -> int | None:
    """The id of the active version, if one is."""
    m = model_version.c
    found = conn.execute(select(m.id).where(m.is_active.is_(True))).scalar()
    return None if found is None else int(found)


def model_content(conn: Connection, version_id: int) -> bytes | None:
    """The stored model of version ``version_id``."""
    m = model_version.c
    found = conn.execute(select(m.content).where(m.id == version_id)).scalar()
    return None if found is None else bytes(found)


def move(conn: Connection, version_id: int, was: str, status: str, **values: Any) -> bool:
    """Move version ``version_id`` from status ``was`` to ``status``, writing ``values`` (only
    life-cycle columns); False when it was no longer in ``was``."""
    allowed = {
        "submitted_by", "submitted_at", "decided_by", "decided_at", "decision_note", "retired_at",
    }  # fmt: skip
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not a life-cycle column: {', '.join(sorted(unknown))}")
    m = model_version.c
    active = True if status == "active" else None
    done = conn.execute(
        update(model_version)
        .where(m.id == version_id, m.status == was)
        .values(status=status, is_active=active, **values)
    )
    return done.rowcount == 1
