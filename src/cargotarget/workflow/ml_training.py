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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
from sqlalchemy import Connection

from cargotarget.ml.examples import TIME
from cargotarget.risk.fields import Catalogue
from cargotarget.risk.indicators.config import IndicatorConfig
from cargotarget.store.assessments import stored_filings
from cargotarget.store.training_examples import consignment_versions
from cargotarget.workflow.history import filing_frame, indicator_values, stored_history
from cargotarget.workflow.ml_inputs import model_inputs, outcome_frame, party_keys

#: Called with a step's name and the share of the whole work done (0 to 1).
Progress = Callable[[str, float], None]


class NotEnoughOutcomes(ValueError):
    """Too few examination outcomes (or findings) in the window to learn from."""


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
        raise NotEnoughOutcomes("no examination outcome is recorded in the training window")
    progress("reading the examined consignments", 0.05)
    target = stored_filings(conn, examined_versions(conn, labelled))
    inputs = filing_frame(target, catalogue)
    progress("reading the history", 0.15)
    history = stored_history(conn)
    progress("computing indicators", 0.25)
    frame = indicator_values(inputs, history, catalogue, indicators or IndicatorConfig())
    examples = model_inputs(frame, target, party_keys(target, inputs))
    return TrainingSet(inputs=examples, outcomes=known, since=since, until=until)


def window_end(at: datetime | None) -> datetime:
    """The end of a training window: ``at`` in UTC, or now."""
    return (at or datetime.now(UTC)).astimezone(UTC)
