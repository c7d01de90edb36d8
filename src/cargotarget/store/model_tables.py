"""The table of model versions (on the shared metadata): the model registry.

A model version is written once when it is trained: its training window, the features it reads,
the parameters and metrics of its training (overall, and on the random control group, the only
unbiased sample of examinations), how many examples it learned from, and the model itself.
Afterwards only its life-cycle columns change: trained -> submitted -> active -> retired, or
submitted -> rejected.

``is_active`` is True for the active version and NULL for every other; being unique, it lets the
database itself refuse a second active version (NULLs never collide, on either database).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, LargeBinary, String, Table, Text

from cargotarget.store.tables import Id, Stamp, metadata

model_version = Table(
    "model_version",
    metadata,
    Column("id", Id, primary_key=True),
    Column("label", String(64), nullable=False, unique=True),
    Column("created_at", Stamp, nullable=False),
    Column("created_by", String(64), nullable=False),  # a user name, or "system"
    Column("window_start", Stamp),
    Column("window_end", Stamp, nullable=False),
    Column("features", Text, nullable=False),  # JSON list of feature names
    Column("parameters", Text, nullable=False),  # JSON
    Column("metrics", Text, nullable=False),  # JSON: overall and on the random control group
    Column("examples", Integer, nullable=False),
    Column("positives", Integer, nullable=False),
    Column("control_examples", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("status", String(16), nullable=False),  # trained|submitted|active|retired|rejected
    Column("is_active", Boolean, unique=True),
    Column("submitted_by", String(64)),
    Column("submitted_at", Stamp),
    Column("decided_by", String(64)),
    Column("decided_at", Stamp),
    Column("decision_note", Text),
    Column("retired_at", Stamp),
    Index(None, "status"),
)
