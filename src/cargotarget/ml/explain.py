"""Why the model scored a consignment as it did: LightGBM's own per-prediction contributions
(``pred_contrib``: exact for trees, each feature's share of the raw score in log-odds, plus a
bias that is the same for every row), the largest of them, in words an officer reads.

Log-odds mean nothing to an officer, so each contribution is also given in points of the
assessment score: the contributions are converted at the rate at which this consignment's
own points moved away from those of an average consignment (the bias alone), so that the
points of all features add up to that difference. Where the row barely moved, the rate is
the slope of the probability at the row instead, and no feature is credited with more than
the model's whole weight.
"""

from __future__ import annotations

import math

import msgspec
import numpy as np
import polars as pl

from cargotarget.ml.calibration import calibrate
from cargotarget.ml.features import SPECS, FeatureSpec
from cargotarget.ml.model import TrainedModel, booster_of, model_matrix
from cargotarget.ml.training import MODEL_POINTS

TOP = 5
"""Contributions shown per consignment unless asked otherwise."""
_FLAT = 0.1
"""Below this much log-odds in all, a row is explained by the slope at the row."""


class Contribution(msgspec.Struct, frozen=True):
    """One feature's part in a score: its value (NULL when unknown), its raw contribution in
    log-odds, the points it is worth, and the sentence an officer reads."""

    feature: str
    words: str
    value: float | None
    log_odds: float
    points: float
    sentence: str


def contributions(model: TrainedModel, features: pl.DataFrame) -> np.ndarray:
    """LightGBM's contributions for every row: one column per model feature, in the model's
    order, then the bias; each row sums to the raw score (log-odds) of the row."""
    matrix = model_matrix(model, features)
    if not matrix.shape[0]:
        return np.empty((0, len(model.features) + 1))
    return np.asarray(booster_of(model.booster).predict(matrix, pred_contrib=True))


def explain(
    model: TrainedModel, features: pl.DataFrame, *, top: int = TOP, weight: float = MODEL_POINTS
) -> list[list[Contribution]]:
    """The ``top`` largest contributions (by size, either way) of every row of ``features``,
    largest first; features that did not move the score are left out."""
    parts = contributions(model, features)
    raw = parts.sum(axis=1)
    points = weight * calibrate(model.calibration, raw)
    base = weight * calibrate(model.calibration, parts[:, -1])
    values = features.select(model.features).to_numpy()
    explained = []
    for row in range(parts.shape[0]):
        shares = parts[row, :-1]
        probability = points[row] / weight
        slope = weight * model.calibration.slope * probability * (1.0 - probability)
        rate = _rate(float(shares.sum()), float(points[row] - base[row]), float(slope))
        order = np.argsort(-np.abs(shares), kind="stable")[:top]
        explained.append(
            [
                _contribution(model, values[row], int(i), float(shares[i]), rate, weight)
                for i in order
                if shares[i] != 0.0
            ]
        )
    return explained


def _rate(total: float, moved: float, slope: float) -> float:
    """Points per unit of log-odds for a row (see the module notes); ``slope`` is the
    derivative of the row's points by its raw score."""
    return moved / total if abs(total) >= _FLAT else slope


def _contribution(
    model: TrainedModel, row: np.ndarray, index: int, share: float, rate: float, weight: float
) -> Contribution:
    name = model.features[index]
    spec = SPECS.get(name, FeatureSpec(name, name.replace("_", " ")))
    value = _known(row[index])
    points = float(np.clip(share * rate, -weight, weight))
    count = None
    if spec.count is not None and spec.count in model.features:
        count = _known(row[model.features.index(spec.count)])
    return Contribution(
        name, spec.words, value, share, points, _sentence(spec, value, count, points)
    )


def _known(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _sentence(spec: FeatureSpec, value: float | None, count: float | None, points: float) -> str:
    """For example "shipper's earlier finding rate 0.42 (7 examinations) raised the score by
    18 points"."""
    if value is None:
        shown = "unknown"
    elif spec.flag:
        shown = "yes" if value else "no"
    else:
        shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    if count is not None:
        shown += f" ({count:,.0f} examination{'' if count == 1 else 's'})"
    moved = "raised" if points >= 0 else "lowered"
    return f"{spec.words} {shown} {moved} the score by {abs(points):.0f} points"
