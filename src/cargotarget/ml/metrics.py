"""Ranking measures of a risk score and out-of-time target statistics.

A targeting team examines the top few percent of declarations, so the measures that matter are
the precision and recall of that top share, and the AUC over the whole ranking. The target
statistics summarise the earlier history of a key (an importer, an HS code, a route) using only
rows dated strictly before each row, so a feature never knows an outcome from its own future.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl


def _top(scores: np.ndarray, share: float) -> np.ndarray:
    """Indexes of the ``share`` best-scored rows (at least one). Ties keep the input order
    (a stable sort), so the same scores always select the same rows."""
    if not 0.0 < share <= 1.0:
        raise ValueError(f"share must be in (0, 1], not {share}")
    if scores.ndim != 1 or len(scores) == 0:
        raise ValueError("scores must be a non-empty one-dimensional array")
    count = max(1, round(len(scores) * share))
    return np.argsort(-scores, kind="stable")[:count]


def _checked(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    if scores.shape != labels.shape:
        raise ValueError(f"scores {scores.shape} and labels {labels.shape} differ in shape")
    return np.asarray(labels, dtype=np.float64)


def precision_at(scores: np.ndarray, labels: np.ndarray, share: float) -> float:
    """Share of positives among the ``share`` (e.g. 0.05) best-scored rows."""
    positives = _checked(scores, labels)
    return float(positives[_top(scores, share)].mean())


def recall_at(scores: np.ndarray, labels: np.ndarray, share: float) -> float:
    """Share of all positives that fall within the ``share`` best-scored rows (0 when the
    labels hold no positive)."""
    positives = _checked(scores, labels)
    total = positives.sum()
    if total == 0:
        return 0.0
    return float(positives[_top(scores, share)].sum() / total)


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve: the chance a random positive outscores a random negative,
    ties counting half (the Mann-Whitney statistic over average ranks)."""
    positives = _checked(scores, labels) > 0
    n_pos = int(positives.sum())
    n_neg = len(positives) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("AUC needs at least one positive and one negative label")
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    # Average rank of each distinct score: tied rows share the mean of the ranks they span.
    ends = np.cumsum(counts)
    average_rank = ends - (counts - 1) / 2.0
    ranks = average_rank[inverse]
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def history_statistics(
    frame: pl.DataFrame,
    keys: Sequence[str],
    *,
    date: str,
    label: str,
    prior: float | pl.Series,
    smoothing: float,
    name: str,
) -> pl.DataFrame:
    """Per row, what was known about its ``keys`` before its ``date``: the number of earlier
    rows (``{name}_seen``), of those with a known ``label`` (``{name}_labelled``), and the
    smoothed mean of their labels (``{name}_rate``; for 0/1 labels the rate of positives),
    pulled towards ``prior`` with the weight of ``smoothing`` rows so a key seen twice is not
    called certain. ``prior`` is one number or one per row (e.g. the overall rate known at
    the row's date); with ``smoothing`` 0 an unseen key's rate is NaN (not known).

    Rows on the same date do not see each other: a day's outcomes are known only after the
    day. A null ``label`` marks a row whose outcome is not known (yet): it counts as seen but
    adds nothing to the rate. The result has one row per input row, in the input's order.
    """
    group = [*keys, date]
    daily = (
        frame.group_by(group)
        .agg(
            pl.len().alias("seen"),
            pl.col(label).count().alias("labelled"),
            pl.col(label).sum().alias("positive"),
        )
        .sort(group)
        .with_columns(
            (pl.col(c).cum_sum().over(keys) - pl.col(c)).alias(c)
            for c in ("seen", "labelled", "positive")
        )
    )
    prior_column = prior.alias("prior") if isinstance(prior, pl.Series) else pl.lit(prior)
    joined = frame.select(group).join(
        daily, on=group, how="left", nulls_equal=True, maintain_order="left"
    )
    rate = (pl.col("positive") + smoothing * pl.col("prior")) / (pl.col("labelled") + smoothing)
    return joined.with_columns(prior_column.cast(pl.Float64).alias("prior")).select(
        pl.col("seen").alias(f"{name}_seen"),
        pl.col("labelled").alias(f"{name}_labelled"),
        rate.alias(f"{name}_rate"),
    )
