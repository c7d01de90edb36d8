"""Probability calibration: turning the booster's scores into rates of finding that hold.

Platt scaling: a logistic regression of the labels on the booster's raw score (log-odds),
``p = 1 / (1 + exp(-(slope * raw + intercept)))``, fitted on the validation part of the
training window with the same example weights as training, so that probabilities speak of
all cargo rather than of the examined sample. Two numbers are all a few dozen held-out
findings can support; and unlike a step-wise (isotonic) map, the fitted curve keeps every
difference in rank the booster made, which is what an examination list is cut from. A fit
that would turn the ranking upside down (no positive slope) is replaced by a nearly flat one
at the weighted rate of findings: the order stays, and the probabilities say the model does
not know better than the base rate.
"""

from __future__ import annotations

import math

import msgspec
import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

_ITERATIONS = 50
_FLAT_SLOPE = 1e-3
_RIDGE = 1e-6


class Calibration(msgspec.Struct, frozen=True):
    """The fitted map from raw score (log-odds) to probability."""

    slope: float
    intercept: float


def fit_platt(raw: Array, labels: Array, weights: Array | None = None) -> Calibration:
    """The weighted logistic fit of ``labels`` (0/1) on ``raw`` scores (Newton's method)."""
    if raw.size == 0:
        raise ValueError("calibration needs at least one scored example")
    weight = np.ones_like(raw) if weights is None else weights.astype(np.float64)
    target = labels.astype(np.float64)
    design = np.column_stack([raw.astype(np.float64), np.ones_like(raw, dtype=np.float64)])
    rate = float(np.clip(np.average(target, weights=weight), 1e-6, 1 - 1e-6))
    params = np.array([1.0, 0.0])
    for _ in range(_ITERATIONS):
        probability = 1.0 / (1.0 + np.exp(-(design @ params)))
        gradient = design.T @ (weight * (probability - target))
        curvature = (design * (weight * probability * (1.0 - probability))[:, None]).T @ design
        step = np.linalg.solve(curvature + _RIDGE * np.eye(2), gradient)
        params = params - step
        if np.abs(step).max() < 1e-9:
            break
    slope, intercept = float(params[0]), float(params[1])
    if not (math.isfinite(slope) and math.isfinite(intercept)) or slope <= 0.0:
        centre = float(np.average(raw, weights=weight))
        slope = _FLAT_SLOPE
        intercept = math.log(rate / (1.0 - rate)) - slope * centre
    return Calibration(slope, intercept)


def calibrate(calibration: Calibration, raw: npt.NDArray[np.floating]) -> Array:
    """The calibrated probability of each raw score (log-odds)."""
    logit = calibration.slope * raw.astype(np.float64, copy=False) + calibration.intercept
    return np.asarray(1.0 / (1.0 + np.exp(-logit)))
