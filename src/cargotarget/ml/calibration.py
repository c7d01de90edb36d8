"""Probability calibration: turning the booster's scores into rates of finding that hold.

Isotonic regression (pool adjacent violators) fitted on the validation part of the training
window, with the same example weights as training: the only assumption is that a higher score
never means a lower chance of a finding, which suits boosted trees whose raw probabilities are
ranked well but, trained on a weighted and biased sample, not on the right scale. The fitted
map is a list of points between which a score is interpolated linearly; scores beyond the
first or last point take its value.
"""

from __future__ import annotations

import msgspec
import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


class Calibration(msgspec.Struct, frozen=True):
    """A monotone map from raw scores (``points``, increasing) to probabilities (``values``,
    non-decreasing, within [0, 1])."""

    points: tuple[float, ...]
    values: tuple[float, ...]


def fit_isotonic(scores: Array, labels: Array, weights: Array | None = None) -> Calibration:
    """The weighted isotonic fit of ``labels`` (0/1) on ``scores``; each block of pooled
    scores becomes one point at its weighted mean score."""
    if scores.size == 0:
        raise ValueError("calibration needs at least one scored example")
    weight = np.ones_like(scores) if weights is None else weights.astype(np.float64)
    order = np.argsort(scores, kind="stable")
    x, y, w = scores[order], labels[order].astype(np.float64), weight[order]
    means: list[float] = []
    totals: list[float] = []
    centres: list[float] = []
    for xi, yi, wi in zip(x.tolist(), y.tolist(), w.tolist(), strict=True):
        means.append(yi)
        totals.append(wi)
        centres.append(xi * wi)
        # Pool while the last block would fall below the one before it.
        while len(means) > 1 and means[-2] >= means[-1]:
            mean, total, centre = means.pop(), totals.pop(), centres.pop()
            pooled = totals[-1] + total
            means[-1] = (means[-1] * totals[-1] + mean * total) / pooled
            totals[-1] = pooled
            centres[-1] += centre
    points = [c / t for c, t in zip(centres, totals, strict=True)]
    return Calibration(tuple(points), tuple(float(np.clip(m, 0.0, 1.0)) for m in means))


def calibrate(calibration: Calibration, scores: npt.NDArray[np.floating]) -> Array:
    """The calibrated probability of each of ``scores``."""
    points = np.asarray(calibration.points, dtype=np.float64)
    values = np.asarray(calibration.values, dtype=np.float64)
    return np.interp(scores.astype(np.float64, copy=False), points, values)
