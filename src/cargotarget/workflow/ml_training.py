"""Training a model from the stored examination outcomes and saving it as a new version.

The examples are the examined consignments, each as its version current when it was examined
(the latest filed by then), with the assessment frame built exactly as an assessment builds it
(fields, the history and the indicator values, each indicator reading only what was filed
before the row). The outcomes of the window are the labels, and every outcome known by the
window's end feeds the out-of-time target statistics. The library
(:mod:`cargotarget.ml.training`) splits by time, weights and calibrates; this module gathers,
calls it and stores the result with its metrics.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine

from cargotarget.ml.examples import TIME
from cargotarget.ml.model import TrainedModel, TrainingRefused
from cargotarget.ml.training import train_model
from cargotarget.risk.fields import Catalogue
from cargotarget.risk.indicators.config import IndicatorConfig
from cargotarget.store.assessments import stored_filings
from cargotarget.store.models import ModelVersion, NewModelVersion, add_version
from cargotarget.store.training_examples import consignment_versions
from cargotarget.workflow.history import filing_frame, indicator_values, stored_history
from cargotarget.workflow.ml_inputs import model_inputs, outcome_frame, party_keys
from cargotarget.workflow.ml_registry import (
    ModelStatus,
    check_trainer,
    model_changed,
    model_version,
    submit_model,
)

#: Called with a step's name and the share of the whole work done (0 to 1).
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class TrainingSet:
    """The labelled examples of a window: ``inputs`` (one row per examined consignment) and
    ``outcomes`` (every outcome examined by ``until``)."""

    inputs: pl.DataFrame
    outcomes: pl.DataFrame
    since: datetime | None
    until: datetime


def _quiet(step: str, done: float) -> None:
    """The progress callback that reports nothing."""


def examined_versions(conn: Connection, outcomes: pl.DataFrame) -> list[int]:
    """For each examined consignment, its version current at its first examination: the
    latest version filed by then (the first version, when none was)."""
    first = outcomes.group_by("consignment_id").agg(pl.col("examined_at").min())
    found = consignment_versions(conn, first["consignment_id"].to_list())
    versions = pl.DataFrame(
        found, schema={"version_id": pl.Int64, "consignment_id": pl.Int64, "filed_at": TIME},
        orient="row",
    )  # fmt: skip
    versions = versions.with_columns(
        pl.col("filed_at").fill_null(pl.datetime(1970, 1, 1, time_zone="UTC"))
    ).sort("filed_at", "version_id")
    chosen = (
        first.sort("examined_at")
        .join_asof(
            versions,
            left_on="examined_at",
            right_on="filed_at",
            by="consignment_id",
            check_sortedness=False,  # both are sorted by time above
        )
        .join(
            versions.group_by("consignment_id").agg(pl.col("version_id").min().alias("earliest")),
            on="consignment_id",
        )
        .select(pl.col("version_id").fill_null(pl.col("earliest")))
    )
    return sorted(chosen["version_id"].to_list())


def training_set(
    conn: Connection,
    catalogue: Catalogue,
    *,
    until: datetime,
    since: datetime | None = None,
    indicators: IndicatorConfig | None = None,
    progress: Progress = _quiet,
) -> TrainingSet:
    """The examples examined in [``since``, ``until``] with their assessment frames."""
    progress("reading examination outcomes", 0.0)
    known = outcome_frame(conn, until=until)
    labelled = known if since is None else known.filter(pl.col("examined_at") >= since)
    if labelled.is_empty():
        raise TrainingRefused("no examination outcome is recorded in the training window")
    progress("reading the examined consignments", 0.05)
    target = stored_filings(conn, examined_versions(conn, labelled))
    inputs = filing_frame(target, catalogue)
    progress("reading the history", 0.15)
    history = stored_history(conn)
    progress("computing indicators", 0.25)
    frame = indicator_values(inputs, history, catalogue, indicators or IndicatorConfig())
    examples = model_inputs(frame, target, party_keys(target, inputs))
    return TrainingSet(inputs=examples, outcomes=known, since=since, until=until)


def train_version(
    engine: Engine,
    catalogue: Catalogue,
    username: str,
    *,
    until: datetime | None = None,
    since: datetime | None = None,
    seed: int = 1,
    progress: Progress = _quiet,
) -> ModelVersion:
    """Train a model on the outcomes examined in [``since``, ``until``] (until now by
    default) and store it as a new version, "trained" (not in use until approved). Raises
    :class:`TrainingRefused` when the window holds too little to learn from."""
    end = (until or datetime.now(UTC)).astimezone(UTC)
    started = time.perf_counter()
    with engine.connect() as conn:
        author = check_trainer(conn, username)
        data = training_set(conn, catalogue, until=end, since=since, progress=progress)

    def rounds(done: int, total: int) -> None:
        progress("training", 0.3 + 0.65 * done / max(total, 1))

    progress("training", 0.3)
    model = train_model(data.inputs, data.outcomes, until=end, seed=seed, progress=rounds)
    progress("saving", 0.97)
    with engine.begin() as conn:
        made = add_version(
            conn,
            _new_version(model, author, since, end),
            at=datetime.now(UTC),
            status=ModelStatus.TRAINED,
        )
        version = model_version(conn, made)
        model_changed(
            conn, author, version, "trained", seed=seed, examples=version.examples,
            seconds=round(time.perf_counter() - started, 1),
        )  # fmt: skip
    progress("done", 1.0)
    return version


def retrain(
    engine: Engine,
    catalogue: Catalogue,
    username: str,
    *,
    until: datetime | None = None,
    seed: int = 1,
    progress: Progress = _quiet,
) -> ModelVersion:
    """Train a new version on everything examined until now (or ``until``) and submit it
    for approval in one go: what a scheduled retraining does."""
    made = train_version(engine, catalogue, username, until=until, seed=seed, progress=progress)
    with engine.begin() as conn:
        return submit_model(conn, made.id, username, note="scheduled retraining")


def _new_version(
    model: TrainedModel, author: str, since: datetime | None, end: datetime
) -> NewModelVersion:
    counts = model.counts
    return NewModelVersion(
        created_by=author,
        window_start=since or model.window_start,
        window_end=end,
        features=list(model.features),
        parameters={**model.params, "seed": model.seed},
        metrics=grouped_metrics(model.metrics),
        examples=counts.get("examples", 0),
        positives=counts.get("findings", 0),
        control_examples=counts.get("random", 0),
        content=model.to_bytes(),
    )


def grouped_metrics(flat: dict[str, float]) -> dict[str, Any]:
    """The library's metrics (``random_auc``, ``all_auc``, ...) grouped as the registry shows
    them: on the random control group, on every held-out examination, and the rest."""
    grouped: dict[str, Any] = {"control": {}, "overall": {}}
    for name, value in flat.items():
        if name.startswith("random_"):
            grouped["control"][name.removeprefix("random_")] = value
        elif name.startswith("all_"):
            grouped["overall"][name.removeprefix("all_")] = value
        else:
            grouped[name] = value
    return grouped
