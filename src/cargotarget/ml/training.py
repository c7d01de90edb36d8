"""Training the learned score on recorded examination results, and scoring with it.

The examples are the examined consignments: for each, the version last filed before its first
examination, labelled with whether any examination of it found something. They are split by
time: the booster learns from the earlier part and stops early, and is calibrated, on the later
part, so that both steps see consignments it did not learn from, as new cargo will be.

Selection bias. Most examinations were chosen because a rule or an earlier model pointed at
the consignment, so the examined set is far riskier than the cargo as a whole. The random
control group is a fair sample of all cargo: each of its members stands for ``1 / rate``
consignments (the rate estimated as its size over the consignments filed in the window), while
a targeted examination stands for itself. Training and calibration weight examples that way
(inverse propensity of being examined; capped at :data:`MAX_WEIGHT` to keep a small control
group from drowning the rest), and the headline metrics are measured on the control group of
the validation part alone, the one unbiased estimate of how the model ranks all cargo.

Seizure value is a secondary signal: a finding with a known seizure value weighs up to twice
as much (``1 + log10(1 + value) / 6``, capped at 2), so that the booster works harder not to
miss the costly ones without letting a single large seizure dominate.
"""

from __future__ import annotations

__all__ = ["TrainedModel", "TrainingRefused", "model_score", "predict", "train_model"]

from collections.abc import Callable
from datetime import UTC, datetime

import lightgbm as lgb
import numpy as np
import polars as pl

from cargotarget.ml.calibration import calibrate, fit_isotonic
from cargotarget.ml.evaluation import quality_metrics
from cargotarget.ml.examples import check_inputs, check_outcomes
from cargotarget.ml.features import FEATURE_NAMES, feature_frame
from cargotarget.ml.model import TrainedModel, TrainingRefused, booster_of

MIN_EXAMPLES = 100
MIN_FINDINGS = 10
VALIDATION_SHARE = 0.3
"""The latest share of the examples (by filing time) kept for early stopping, calibration
and the metrics."""
MAX_WEIGHT = 50.0
MAX_ROUNDS = 300
EARLY_STOPPING = 30
PARAMS: dict[str, str | int | float | bool] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 10,
    "min_sum_hessian_in_leaf": 1e-3,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "metric": "binary_logloss",
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbosity": -1,
}

Progress = Callable[[int, int], None]


def train_model(
    inputs: pl.DataFrame,
    outcomes: pl.DataFrame,
    *,
    until: datetime | None = None,
    seed: int = 1,
    progress: Progress | None = None,
) -> TrainedModel:
    """A model trained on the outcomes examined before ``until`` (all when None) of the
    consignment versions in ``inputs`` filed before it. Raises :class:`TrainingRefused`
    when there is too little to learn from."""
    rows = check_inputs(inputs, ids=True)
    known = check_outcomes(outcomes)
    if until is not None:
        rows = rows.filter(pl.col("filed_at") < until)
        known = known.filter(pl.col("examined_at") < until)
    examples = _examples(rows, known)
    _refuse_if_thin(examples)
    weights = _weights(examples, rows["consignment_id"].n_unique())
    features = feature_frame(examples, known).to_numpy().astype(np.float32, order="C")
    labels = examples["finding"].to_numpy().astype(np.float64)
    cut = _cut(examples)
    train, valid = np.arange(cut), np.arange(cut, examples.height)
    for part, name in ((train, "earlier"), (valid, "later")):
        if not labels[part].any():
            raise TrainingRefused(f"the {name} part of the window holds no finding")
    params = {**PARAMS, "seed": seed}
    booster = _fit(features, labels, weights, train, valid, params, progress)
    raw = booster.predict(features[valid])
    calibration = fit_isotonic(np.asarray(raw), labels[valid], weights[valid])
    filed = examples["filed_at"]
    return TrainedModel(
        booster=booster.model_to_string(num_iteration=booster.best_iteration),
        features=FEATURE_NAMES,
        calibration=calibration,
        params=params,
        metrics={
            "best_iteration": float(booster.best_iteration),
            **quality_metrics(
                labels[valid],
                calibrate(calibration, np.asarray(raw)),
                examples["random"].to_numpy()[cut:],
            ),
        },
        window_start=filed.min(),  # type: ignore[arg-type]
        window_end=filed.max(),  # type: ignore[arg-type]
        counts=_counts(examples, cut),
        seed=seed,
        trained_at=datetime.now(UTC),
    )


def _examples(rows: pl.DataFrame, outcomes: pl.DataFrame) -> pl.DataFrame:
    """One example per examined consignment: the version last filed at or before its first
    examination, with ``finding``, ``seizure_value`` and ``random`` over all its
    examinations; in filing order."""
    per = outcomes.group_by("consignment_id").agg(
        pl.col("examined_at").min(),
        pl.col("finding").any(),
        pl.col("seizure_value").sum().alias("seizure_value"),
        pl.col("random").any(),
    )
    versions = rows.filter(pl.col("filed_at").is_not_null()).sort("filed_at")
    joined = per.sort("examined_at").join_asof(
        versions.with_columns(pl.col("filed_at").alias("_version_at")),
        left_on="examined_at",
        right_on="_version_at",
        by="consignment_id",
        check_sortedness=False,
    )
    examples = joined.filter(pl.col("_version_at").is_not_null()).drop("_version_at")
    return examples.sort("filed_at", "consignment_id")


def _refuse_if_thin(examples: pl.DataFrame) -> None:
    findings = int(examples["finding"].sum())
    if examples.height < MIN_EXAMPLES:
        raise TrainingRefused(
            f"{examples.height} examined consignments with a filed version; "
            f"at least {MIN_EXAMPLES} are needed"
        )
    if findings < MIN_FINDINGS:
        raise TrainingRefused(f"{findings} findings; at least {MIN_FINDINGS} are needed")


def _weights(examples: pl.DataFrame, consignments: int) -> np.ndarray:
    """Inverse-propensity weights (see the module notes), scaled to a mean of 1."""
    chosen = examples["random"].to_numpy()
    drawn = int(chosen.sum())
    rate = drawn / max(consignments, drawn, 1)
    weights = np.where(chosen, min(1.0 / rate, MAX_WEIGHT) if drawn else 1.0, 1.0)
    value = examples["seizure_value"].fill_null(0.0).clip(lower_bound=0.0).to_numpy()
    found = examples["finding"].to_numpy()
    weights = weights * np.where(found, np.minimum(1.0 + np.log10(1.0 + value) / 6.0, 2.0), 1.0)
    return np.asarray(weights / weights.mean(), dtype=np.float64)


def _cut(examples: pl.DataFrame) -> int:
    """Where the later part begins: the first example filed at or after the time that
    leaves :data:`VALIDATION_SHARE` of the examples after it."""
    filed = examples["filed_at"]
    moment = filed[int(examples.height * (1.0 - VALIDATION_SHARE))]
    cut = int((filed < moment).sum())
    if cut == 0 or cut == examples.height:
        raise TrainingRefused("the examples were all filed at one moment; no split by time")
    return cut


def _fit(
    features: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    train: np.ndarray,
    valid: np.ndarray,
    params: dict[str, str | int | float | bool],
    progress: Progress | None,
) -> lgb.Booster:
    """The booster trained on ``train`` and stopped early on ``valid``."""
    learn = lgb.Dataset(
        features[train], labels[train], weight=weights[train], feature_name=list(FEATURE_NAMES)
    )
    check = learn.create_valid(features[valid], labels[valid], weight=weights[valid])
    callbacks: list[Callable[[lgb.callback.CallbackEnv], None]] = [
        lgb.early_stopping(EARLY_STOPPING, verbose=False)
    ]
    if progress is not None:
        callbacks.append(lambda env: progress(env.iteration + 1, env.end_iteration))
    return lgb.train(params, learn, MAX_ROUNDS, valid_sets=[check], callbacks=callbacks)


def _counts(examples: pl.DataFrame, cut: int) -> dict[str, int]:
    return {
        "examples": examples.height,
        "findings": int(examples["finding"].sum()),
        "random": int(examples["random"].sum()),
        "train": cut,
        "validation": examples.height - cut,
    }


def predict(model: TrainedModel, features: pl.DataFrame) -> np.ndarray:
    """The calibrated probability of a finding for every row of ``features`` (a frame with
    the model's feature columns), in [0, 1]."""
    missing = [name for name in model.features if name not in features.columns]
    if missing:
        raise ValueError(f"features: missing the column {missing[0]!r}")
    matrix = features.select(model.features).to_numpy().astype(np.float32, order="C")
    raw = booster_of(model.booster).predict(matrix, num_threads=int(model.params["num_threads"]))
    return calibrate(model.calibration, np.asarray(raw))


MODEL_POINTS = 100.0
"""Points a certain finding is worth: the model's points are this times the calibrated
probability, so that a probability of 0.6 alone reaches the red lane (60 points) and 0.3
the yellow one (30 points) with the default lane bands."""


def model_score(probability: float, *, weight: float = MODEL_POINTS) -> float:
    """The points the model adds to an assessment's total score for ``probability``."""
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"a probability lies in [0, 1], not {probability}")
    return weight * probability
