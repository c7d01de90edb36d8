"""Training the learned score on the demo's planted ground truth, calibration, determinism,
refusals, weights, stored form and the mapping to points."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest

from cargotarget.ml.features import FEATURE_NAMES, feature_frame
from cargotarget.ml.metrics import auc
from cargotarget.ml.training import (
    MAX_WEIGHT,
    TrainedModel,
    TrainingRefused,
    example_weights,
    model_score,
    predict,
    train_model,
)
from tests.ml.demo_examples import DemoExamples
from tests.ml.frames import day, inputs, outcomes


def test_planted_risks_rank_above_the_rest_in_later_weeks(
    demo: DemoExamples, until: datetime, trained: TrainedModel, later: pl.DataFrame
) -> None:
    known = demo.outcomes.filter(pl.col("examined_at") < until)
    scores = predict(trained, feature_frame(later, known))
    planted = later["consignment_id"].is_in(list(demo.planted)).to_numpy()
    # Every later consignment is scored: a census, the largest random sample there is.
    census = auc(scores, planted)
    # The later weeks' control group proper, labelled with what examining it found.
    control = demo.outcomes.filter(pl.col("random") & (pl.col("examined_at") >= until))
    drawn = later["consignment_id"].is_in(control["consignment_id"].to_list()).to_numpy()
    print(f"\nAUC on all later consignments (planted risk): {census:.3f}")
    print(f"AUC on the later random control group: {auc(scores[drawn], planted[drawn]):.3f}")
    print(f"validation metrics: {trained.metrics}")
    assert planted.sum() >= 30
    assert census > 0.75
    assert auc(scores[drawn], planted[drawn]) > 0.65
    top = np.argsort(-scores)[: len(scores) // 20]
    assert planted[top].mean() > 3 * planted.mean()


def test_model_records_its_window_and_figures(trained: TrainedModel, until: datetime) -> None:
    assert trained.features == FEATURE_NAMES
    assert trained.window_end < until
    assert trained.window_start < trained.window_end
    assert trained.counts["train"] + trained.counts["validation"] == trained.counts["examples"]
    assert 0 < trained.counts["random"] < trained.counts["examples"]
    assert {"random_auc", "random_precision_at_5", "all_auc"} <= set(trained.metrics)
    assert trained.params["verbosity"] == -1


def test_probabilities_are_calibrated_into_the_unit_interval(
    demo: DemoExamples, trained: TrainedModel, later: pl.DataFrame
) -> None:
    scores = predict(trained, feature_frame(later, demo.outcomes))
    assert scores.dtype == np.float64
    assert scores.shape == (later.height,)
    assert ((scores >= 0.0) & (scores <= 1.0)).all()
    assert trained.calibration.slope > 0  # a higher raw score never means a lower chance
    # Calibrated on a weighted sample of all cargo: the mean is near the share of findings.
    assert scores.mean() < 0.25


def test_same_seed_same_model_and_the_window_is_respected(
    demo: DemoExamples, until: datetime, trained: TrainedModel
) -> None:
    again = train_model(demo.inputs, demo.outcomes, until=until, seed=11)
    assert again.booster == trained.booster
    assert again.metrics == trained.metrics
    cut = train_model(
        demo.inputs.filter(pl.col("filed_at") < until),
        demo.outcomes.filter(pl.col("examined_at") < until),
        seed=11,
    )
    assert cut.booster == trained.booster
    other = train_model(demo.inputs, demo.outcomes, until=until, seed=12)
    assert other.booster != trained.booster


def test_progress_is_reported_per_round(demo: DemoExamples, until: datetime) -> None:
    seen: list[tuple[int, int]] = []
    train_model(
        demo.inputs, demo.outcomes, until=until, seed=11, progress=lambda *a: seen.append(a)
    )
    assert seen[0][0] == 1
    assert [done for done, _ in seen] == list(range(1, len(seen) + 1))
    assert all(total == seen[0][1] for _, total in seen)


def test_too_little_to_learn_from_is_refused(demo: DemoExamples) -> None:
    with pytest.raises(TrainingRefused, match="at least 100"):
        train_model(demo.inputs, demo.outcomes.head(50))
    clean = demo.outcomes.with_columns(pl.lit(False).alias("finding"))
    with pytest.raises(TrainingRefused, match="0 findings"):
        train_model(demo.inputs, clean)
    early = demo.outcomes["examined_at"].min()
    assert isinstance(early, datetime)
    with pytest.raises(TrainingRefused):
        train_model(demo.inputs, demo.outcomes, until=early + timedelta(hours=1))
    with pytest.raises(ValueError, match="'consignment_id'"):
        train_model(demo.inputs.drop("consignment_id"), demo.outcomes)


def test_no_finding_in_the_later_part_is_refused() -> None:
    rows = [{"consignment_id": i, "filed_at": day(i / 10)} for i in range(200)]
    found = [
        {"consignment_id": i, "examined_at": day(i / 10 + 1), "finding": i % 10 == 0 and i < 100}
        for i in range(200)
    ]
    with pytest.raises(TrainingRefused, match="later part"):
        train_model(inputs(*rows), outcomes(*found))


def test_control_group_weighs_by_its_share_of_all_cargo() -> None:
    examples = pl.DataFrame(
        {
            "random": [True, True, False, False],
            "finding": [False, True, True, False],
            "seizure_value": [None, None, 999_999.0, 5e6],
        }
    )
    weights = example_weights(examples, consignments=40, max_weight=100.0)
    assert weights.mean() == pytest.approx(1.0)
    # Two drawn out of forty: each stands for twenty consignments, a targeted one for itself.
    assert weights[0] / weights[3] == pytest.approx(20.0)
    # A seizure worth a million weighs twice; a value without a finding adds nothing.
    assert weights[2] / weights[3] == pytest.approx(2.0)
    assert weights[1] / weights[0] == pytest.approx(1.0)
    capped = example_weights(examples, consignments=40)
    assert capped[0] / capped[3] == pytest.approx(MAX_WEIGHT)


def test_stored_form_round_trips_and_refuses_other_bytes(
    demo: DemoExamples, trained: TrainedModel, later: pl.DataFrame
) -> None:
    data = trained.to_bytes()
    back = TrainedModel.from_bytes(data)
    assert back == trained
    features = feature_frame(later.head(50), demo.outcomes)
    assert (predict(back, features) == predict(trained, features)).all()
    for bad in (data[: len(data) // 2], b"", b"\x00" * 64, b'{"booster": 1}'):
        with pytest.raises(ValueError, match="not a stored model"):
            TrainedModel.from_bytes(bad)


def test_predict_names_a_missing_feature(demo: DemoExamples, trained: TrainedModel) -> None:
    features = feature_frame(demo.inputs.head(5), demo.outcomes)
    with pytest.raises(ValueError, match="'shipper_finding_rate'"):
        predict(trained, features.drop("shipper_finding_rate"))
    assert predict(trained, features.head(0)).shape == (0,)
    reordered = features.select(reversed(features.columns))
    assert (predict(trained, reordered) == predict(trained, features)).all()


def test_points_follow_the_lanes() -> None:
    assert model_score(0.6) == pytest.approx(60.0)  # red from 60 points
    assert model_score(0.3) == pytest.approx(30.0)  # yellow from 30
    assert model_score(0.0) == 0.0
    assert model_score(0.5, weight=40.0) == pytest.approx(20.0)
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="probability"):
            model_score(bad)
