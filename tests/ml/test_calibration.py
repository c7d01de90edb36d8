"""Platt calibration: probabilities that match the rates, order kept, odd inputs handled."""

from __future__ import annotations

import numpy as np
import pytest

from cargotarget.ml.calibration import calibrate, fit_platt


def test_fit_recovers_the_rates_of_a_known_curve() -> None:
    rng = np.random.default_rng(3)
    raw = rng.normal(0.0, 2.0, 20_000)
    labels = (rng.random(raw.size) < 1.0 / (1.0 + np.exp(-(0.5 * raw - 1.0)))).astype(float)
    fitted = fit_platt(raw, labels)
    assert fitted.slope == pytest.approx(0.5, abs=0.05)
    assert fitted.intercept == pytest.approx(-1.0, abs=0.08)


def test_weights_move_the_probabilities_to_the_weighted_rate() -> None:
    raw = np.array([0.0, 0.0, 1.0, 1.0])
    labels = np.array([0.0, 1.0, 0.0, 1.0])
    heavy_negatives = np.array([9.0, 1.0, 9.0, 1.0])
    plain = calibrate(fit_platt(raw, labels), raw)
    weighted = calibrate(fit_platt(raw, labels, heavy_negatives), raw)
    assert plain.mean() == pytest.approx(0.5, abs=1e-3)
    assert weighted.mean() == pytest.approx(0.1, abs=1e-3)


def test_an_upside_down_fit_is_flat_at_the_base_rate_and_keeps_the_order() -> None:
    raw = np.array([-2.0, -1.0, 1.0, 2.0])
    labels = np.array([1.0, 1.0, 0.0, 0.0])  # the higher the score, the fewer findings
    fitted = fit_platt(raw, labels)
    probabilities = calibrate(fitted, raw)
    assert fitted.slope > 0
    assert (np.diff(probabilities) > 0).all()
    assert probabilities == pytest.approx([0.5] * 4, abs=0.01)


def test_separable_labels_and_empty_input() -> None:
    raw = np.array([-3.0, -2.0, 2.0, 3.0])
    probabilities = calibrate(fit_platt(raw, np.array([0.0, 0.0, 1.0, 1.0])), raw)
    assert np.isfinite(probabilities).all()
    assert probabilities[0] < 0.5 < probabilities[-1]
    with pytest.raises(ValueError, match="at least one"):
        fit_platt(np.array([]), np.array([]))
