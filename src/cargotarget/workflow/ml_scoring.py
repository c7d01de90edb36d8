"""The active model in the assessment: its points for each consignment and, as a hit of kind
``model``, the features that moved them most, in words.

The active model is read and decoded once per process and kept by its version (a version's
model never changes); a promotion or retirement is seen at the next assessment, which asks
the store which version is active. Its target statistics are built once per assessment from
every outcome known at that moment, and each consignment's features are looked up in them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl
from sqlalchemy import Connection

from cargotarget.ml.explain import Contribution, explain
from cargotarget.ml.features import table_features
from cargotarget.ml.model import TrainedModel
from cargotarget.ml.target_statistics import TargetTables
from cargotarget.ml.training import MODEL_POINTS, model_score, predict
from cargotarget.store.assessments import Hit, StoredFiling
from cargotarget.store.models import ModelVersion, active_version_id, model_content
from cargotarget.workflow.ml_inputs import model_inputs, outcome_frame
from cargotarget.workflow.ml_registry import model_version

MODEL_HIT = "model"
#: Contributions kept with each model hit.
TOP_CONTRIBUTIONS = 5
#: Contributions are worked out for the consignments the model gave at least these many points
#: (a tenth of a certain finding's worth): working them out costs far more than the score, and
#: below this the model barely moved the total.
EXPLAINED_FROM = 10.0

_loaded: dict[tuple[str, int, datetime], TrainedModel] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class ModelScorer:
    """The active model with what it needs to score a batch now."""

    version: ModelVersion
    model: TrainedModel
    tables: TargetTables

    def hits(
        self, frame: pl.DataFrame, target: Sequence[StoredFiling], keys: pl.DataFrame
    ) -> list[Hit]:
        """One ``model`` hit per row of ``frame`` (the indicator values of ``target``, whose
        history rows are ``keys``): the model's points, its probability and the top
        contributions with their sentences."""
        if not target:
            return []
        features = table_features(model_inputs(frame, target, keys), self.tables)
        points = [model_score(float(p)) for p in np.clip(predict(self.model, features), 0, 1)]
        wanted = [i for i, p in enumerate(points) if p >= EXPLAINED_FROM]
        parts: list[list[Contribution]] = [[] for _ in points]
        if wanted:
            chosen = explain(self.model, features[wanted], top=TOP_CONTRIBUTIONS)
            for i, found in zip(wanted, chosen, strict=True):
                parts[i] = found
        return [
            Hit(
                kind=MODEL_HIT,
                weight=round(p, 2),
                evidence={
                    "model": self.version.label,
                    "probability": round(p / MODEL_POINTS, 4),
                    "contributions": [_said(c) for c in said],
                },
            )
            for p, said in zip(points, parts, strict=True)
        ]


def _said(part: Contribution) -> dict[str, object]:
    """A contribution as the hit's evidence keeps it."""
    return {
        "feature": part.feature,
        "words": part.words,
        "value": part.value,
        "points": round(part.points, 2),
        "sentence": part.sentence,
    }


def active_model(conn: Connection) -> tuple[ModelVersion, TrainedModel] | None:
    """The active version and its model (decoded once per process), or None."""
    active = active_version_id(conn)
    if active is None:
        return None
    version = model_version(conn, active)
    key = (conn.engine.url.render_as_string(hide_password=True), version.id, version.created_at)
    with _lock:
        found = _loaded.get(key)
    if found is None:
        content = model_content(conn, version.id)
        assert content is not None
        found = TrainedModel.from_bytes(content)
        with _lock:
            _loaded[key] = found
    return version, found


def model_scorer(conn: Connection, at: datetime) -> ModelScorer | None:
    """What scoring with the active model at ``at`` needs, or None without an active model."""
    active = active_model(conn)
    if active is None:
        return None
    version, model = active
    tables = TargetTables.build(outcome_frame(conn, until=at), until=at)
    return ModelScorer(version=version, model=model, tables=tables)
