"""Explanations: LightGBM's own contributions, naming real features, in words and points."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from cargotarget.ml.calibration import calibrate
from cargotarget.ml.explain import TOP, contributions, explain
from cargotarget.ml.features import FEATURE_NAMES, SPECS, feature_frame
from cargotarget.ml.model import booster_of
from cargotarget.ml.training import MODEL_POINTS, TrainedModel, model_score, predict
from tests.ml.demo_examples import DemoExamples


@pytest.fixture(scope="module")
def scored(demo: DemoExamples, trained: TrainedModel, later: pl.DataFrame) -> pl.DataFrame:
    """The later consignments' features, highest scored first."""
    features = feature_frame(later, demo.outcomes)
    return features[np.argsort(-predict(trained, features)).tolist()]


def test_contributions_with_the_bias_sum_to_the_raw_score(
    trained: TrainedModel, scored: pl.DataFrame
) -> None:
    parts = contributions(trained, scored)
    assert parts.shape == (scored.height, len(trained.features) + 1)
    matrix = scored.select(trained.features).to_numpy().astype(np.float32)
    raw = booster_of(trained.booster).predict(matrix, raw_score=True)
    np.testing.assert_allclose(parts.sum(axis=1), raw, rtol=1e-6, atol=1e-6)
    # The bias is the same for every row.
    assert np.ptp(parts[:, -1]) == pytest.approx(0.0)


def test_explanations_name_real_features_largest_first(
    trained: TrainedModel, scored: pl.DataFrame
) -> None:
    explained = explain(trained, scored.head(30))
    assert len(explained) == 30
    for row, parts in enumerate(explained):
        assert 0 < len(parts) <= TOP
        sizes = [abs(p.log_odds) for p in parts]
        assert sizes == sorted(sizes, reverse=True)
        for part in parts:
            assert part.feature in FEATURE_NAMES
            assert part.words == SPECS[part.feature].words
            assert part.sentence.startswith(part.words)
            assert "the score by" in part.sentence
            value = scored[part.feature][row]
            assert part.value == (None if value is None else pytest.approx(value))


def test_points_add_up_to_the_move_from_an_average_consignment(
    trained: TrainedModel, scored: pl.DataFrame
) -> None:
    everything = len(trained.features)
    parts = contributions(trained, scored.head(20))
    points = MODEL_POINTS * calibrate(trained.calibration, parts.sum(axis=1))
    base = MODEL_POINTS * calibrate(trained.calibration, parts[:, -1])
    for row, explained in enumerate(explain(trained, scored.head(20), top=everything)):
        if abs(parts[row, :-1].sum()) < 0.1:
            continue
        total = sum(p.points for p in explained)
        assert total == pytest.approx(points[row] - base[row], abs=1e-6)
    # The top consignment scores above the average, and says what raised it.
    top = explain(trained, scored.head(1), top=1)[0][0]
    assert top.points > 0
    assert "raised the score" in top.sentence
    assert model_score(float(predict(trained, scored.head(1))[0])) > base[0]


def test_a_rate_is_told_with_its_examinations_and_flags_as_yes_or_no(
    trained: TrainedModel, scored: pl.DataFrame
) -> None:
    explained = [p for parts in explain(trained, scored, top=len(FEATURE_NAMES)) for p in parts]
    rates = [p for p in explained if p.feature.endswith("_finding_rate")]
    flags = [p for p in explained if SPECS[p.feature].flag and p.value is not None]
    assert rates
    assert flags
    assert all("examination" in p.sentence for p in rates)
    assert all(" yes " in p.sentence or " no " in p.sentence for p in flags)


def test_explaining_needs_the_model_features(trained: TrainedModel, scored: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match=f"'{trained.features[0]}'"):
        explain(trained, scored.drop(trained.features[0]))
    assert explain(trained, scored.head(0)) == []
