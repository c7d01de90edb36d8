"""Ranking measures on small cases worked out by hand, and the out-of-time target statistics."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from cargotarget.ml.metrics import auc, history_statistics, precision_at, recall_at

SCORES = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0])
LABELS = np.array([1, 0, 1, 1, 0, 0, 0, 1, 0, 0])


def test_precision_of_the_top_share() -> None:
    assert precision_at(SCORES, LABELS, 0.1) == 1.0
    assert precision_at(SCORES, LABELS, 0.2) == 0.5
    assert precision_at(SCORES, LABELS, 0.4) == 0.75
    assert precision_at(SCORES, LABELS, 1.0) == 0.4


def test_precision_keeps_at_least_one_row() -> None:
    assert precision_at(SCORES, LABELS, 0.01) == 1.0


def test_recall_of_the_top_share() -> None:
    assert recall_at(SCORES, LABELS, 0.2) == 0.25
    assert recall_at(SCORES, LABELS, 0.4) == 0.75
    assert recall_at(SCORES, LABELS, 1.0) == 1.0
    assert recall_at(SCORES, np.zeros(10), 0.5) == 0.0


def test_order_of_rows_does_not_matter() -> None:
    order = np.random.default_rng(3).permutation(10)
    assert precision_at(SCORES[order], LABELS[order], 0.4) == 0.75
    assert auc(SCORES[order], LABELS[order]) == auc(SCORES, LABELS)


def test_auc_by_hand() -> None:
    # 4 positives, 6 negatives: the pairs a positive wins are 6 + 5 + 5 + 2 = 18 of 24.
    assert auc(SCORES, LABELS) == pytest.approx(18 / 24)
    assert auc(np.array([0.1, 0.9]), np.array([0, 1])) == 1.0
    assert auc(np.array([0.9, 0.1]), np.array([0, 1])) == 0.0


def test_auc_counts_ties_as_half() -> None:
    assert auc(np.array([0.5, 0.5, 0.5, 0.5]), np.array([1, 0, 1, 0])) == 0.5
    assert auc(np.array([0.5, 0.5, 0.9]), np.array([0, 1, 1])) == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("scores", "labels", "share", "message"),
    [
        (SCORES, LABELS, 0.0, "share must be"),
        (SCORES, LABELS, 1.5, "share must be"),
        (SCORES, LABELS[:5], 0.1, "differ in shape"),
        (np.array([]), np.array([]), 0.1, "non-empty"),
    ],
)
def test_bad_arguments_are_refused(
    scores: np.ndarray, labels: np.ndarray, share: float, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        precision_at(scores, labels, share)


def test_auc_needs_both_classes() -> None:
    with pytest.raises(ValueError, match="positive and one negative"):
        auc(SCORES, np.ones(10))


def _history(frame: pl.DataFrame) -> pl.DataFrame:
    return history_statistics(
        frame, ["who"], date="day", label="y", prior=0.5, smoothing=2.0, name="who"
    )


def test_history_counts_only_earlier_days() -> None:
    frame = pl.DataFrame(
        {
            "who": ["a", "a", "a", "b", "a", "a"],
            "day": [1, 1, 2, 2, 3, 4],
            "y": [1, 1, 0, 1, None, 0],
        }
    )
    found = _history(frame)
    assert found["who_seen"].to_list() == [0, 0, 2, 0, 3, 4]
    assert found["who_labelled"].to_list() == [0, 0, 2, 0, 3, 3]
    # Pulled to 0.5 with the weight of 2 rows: day 2 knows two positives, (2 + 1) / 4; day 3
    # also one negative, (2 + 1) / 5.
    assert found["who_rate"].to_list() == pytest.approx([0.5, 0.5, 0.75, 0.5, 0.6, 0.6])


def test_history_ignores_the_future_and_the_row_order() -> None:
    rng = np.random.default_rng(7)
    frame = pl.DataFrame(
        {
            "who": rng.choice(["a", "b", "c"], 300),
            "day": rng.integers(0, 30, 300),
            "y": rng.integers(0, 2, 300),
        }
    ).with_row_index("row")
    full = pl.concat([frame, _history(frame)], how="horizontal")
    early = frame.filter(pl.col("day") < 15).sample(fraction=1.0, shuffle=True, seed=1)
    alone = pl.concat([early, _history(early)], how="horizontal").sort("row")
    assert alone.equals(full.filter(pl.col("day") < 15))
