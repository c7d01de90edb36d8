"""Small trees scored as truth tables give LightGBM's raw scores exactly, missing values,
thresholds between float32 values and several blocks and threads included; what cannot be
tabulated is left to LightGBM."""

from __future__ import annotations

from datetime import datetime

import lightgbm as lgb
import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cargotarget.ml.calibration import calibrate
from cargotarget.ml.features import feature_frame
from cargotarget.ml.model import TrainedModel, booster_of, model_matrix
from cargotarget.ml.training import predict
from cargotarget.ml.tree_tables import (
    BLOCK,
    _float32_at_most,
    raw_scores,
    tables_of_dump,
    tree_tables,
)
from tests.ml.demo_examples import DemoExamples


def _lightgbm(booster: lgb.Booster, matrix: np.ndarray) -> np.ndarray:
    return np.asarray(booster.predict(matrix, raw_score=True, num_threads=1))


def test_the_demo_model_scores_as_lightgbm_does(
    demo: DemoExamples, until: datetime, trained: TrainedModel, later: pl.DataFrame
) -> None:
    known = demo.outcomes.filter(pl.col("examined_at") < until)
    features = feature_frame(later, known)
    matrix = model_matrix(trained, features)
    assert np.isnan(matrix).any()  # unknown values take the missing-value paths
    tables = tree_tables(trained.booster)
    assert tables is not None
    expected = _lightgbm(booster_of(trained.booster), matrix)
    assert np.array_equal(raw_scores(tables, matrix, 1), expected)
    assert np.array_equal(raw_scores(tables, np.ascontiguousarray(matrix), 2), expected)


def _random_model(rng: np.random.Generator, *, nan_in_training: bool, **params: object) -> tuple:
    rows = 3 * BLOCK // 2 + 17  # two blocks, the second short
    matrix = rng.normal(size=(rows, 6)).astype(np.float32)
    matrix[:, 5] = np.round(matrix[:, 5])  # ties on the thresholds' neighbours
    labels = matrix[:, 0] + matrix[:, 1] * matrix[:, 2] + rng.normal(size=rows) > 0.3
    holes = rng.random(matrix.shape) < 0.1
    training = matrix.copy()
    if nan_in_training:
        training[holes] = np.nan
    settings = {"objective": "binary", "num_leaves": 7, "verbosity": -1, "seed": 3, **params}
    booster = lgb.train(settings, lgb.Dataset(training, labels.astype(float)), 30)
    scored = matrix.copy()
    scored[holes] = np.nan  # NaN where training saw none: missing type None (as 0)
    scored[:5] = np.array([[np.inf], [-np.inf], [0.0], [-0.0], [3.4e38]], dtype=np.float32)
    return booster, np.asfortranarray(scored)


@pytest.mark.parametrize("nan_in_training", [True, False])
def test_random_models_with_missing_values_score_exactly(nan_in_training: bool) -> None:
    booster, matrix = _random_model(np.random.default_rng(11), nan_in_training=nan_in_training)
    dump = booster.dump_model()
    kinds = {
        node["missing_type"]
        for tree in dump["tree_info"]
        for node in _splits(tree["tree_structure"])
    }
    assert kinds == ({"NaN"} if nan_in_training else {"None"})
    tables = tables_of_dump(dump)
    assert tables is not None
    expected = _lightgbm(booster, matrix)
    for threads in (1, 2, 4):
        assert np.array_equal(raw_scores(tables, matrix, threads), expected)


def _splits(node: dict) -> list[dict]:
    if "split_index" not in node:
        return []
    return [node, *_splits(node["left_child"]), *_splits(node["right_child"])]


@pytest.mark.parametrize(
    "params",
    [{"num_leaves": 31}, {"zero_as_missing": True}, {"linear_tree": True}],
    ids=["more than 8 splits", "zero as missing", "linear leaves"],
)
def test_what_cannot_be_tabulated_is_left_to_lightgbm(params: dict) -> None:
    booster, _ = _random_model(np.random.default_rng(5), nan_in_training=True, **params)
    assert tables_of_dump(booster.dump_model()) is None


def test_categorical_splits_are_left_to_lightgbm() -> None:
    rng = np.random.default_rng(2)
    matrix = rng.integers(0, 6, size=(2000, 2)).astype(np.float32)
    labels = (matrix[:, 0] % 2 == 0).astype(float)
    data = lgb.Dataset(matrix, labels, categorical_feature=[0])
    booster = lgb.train({"objective": "binary", "num_leaves": 4, "verbosity": -1}, data, 5)
    assert tables_of_dump(booster.dump_model()) is None


def test_predict_gives_the_same_probabilities_either_way(
    demo: DemoExamples, until: datetime, trained: TrainedModel, later: pl.DataFrame
) -> None:
    features = feature_frame(later, demo.outcomes.filter(pl.col("examined_at") < until))
    fast = predict(trained, features, threads=2)
    raw = _lightgbm(booster_of(trained.booster), model_matrix(trained, features))
    assert np.array_equal(fast, calibrate(trained.calibration, raw))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_threshold_becomes_the_largest_float32_not_above_it(threshold: float) -> None:
    below = _float32_at_most(threshold)
    assert isinstance(below, np.float32)
    assert float(below) <= threshold
    with np.errstate(over="ignore"):
        above = np.nextafter(below, np.float32(np.inf))
    assert float(above) > threshold
