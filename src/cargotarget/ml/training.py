"""Training the learned score on recorded examination results, and scoring with it.

The examples are the examined consignments: for each, the version last filed before its first
examination, labelled with whether any examination of it found something. They are split by
time: the booster learns from the earlier part; the later part (:data:`VALIDATION_SHARE`)
chooses how many rounds to keep and fits the calibration, so that both steps see consignments
the booster did not learn from, as new cargo will be.

Selection bias. Most examinations were chosen because a rule or an earlier model pointed at
the consignment, so the examined set is far riskier than the cargo as a whole. The random
control group is a fair sample of all cargo: each of its members stands for ``1 / rate``
consignments (the rate estimated as its size over the consignments filed in the window), while
a targeted examination stands for itself. Examples are weighted that way (inverse propensity
of being examined), with the control group's weight capped at ``max_weight``
(:data:`MAX_WEIGHT` by default): uncapped, a few dozen random findings outweigh every
targeted one and the trees learn their noise (on the demo, the ranking of all later cargo
fell from an AUC of about 0.84 unweighted to 0.74 uncapped, and stays near 0.82 with the cap
of 3). The calibration uses the same weights, so probabilities speak of all cargo; the
headline metrics are measured on the control group of the later part alone, the one unbiased
estimate of how the model ranks all cargo.

Seizure value is a secondary signal: a finding with a known seizure value weighs up to twice
as much (``1 + log10(1 + value) / 6``, capped at 2), so that the booster works harder not to
miss the costly ones without letting a single large seizure dominate.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

import lightgbm as lgb
import numpy as np
import polars as pl

from cargotarget.ml.calibration import calibrate, fit_platt
from cargotarget.ml.evaluation import quality_metrics
from cargotarget.ml.examples import check_inputs, check_outcomes
from cargotarget.ml.features import FEATURE_NAMES, feature_frame
from cargotarget.ml.model import TrainedModel, TrainingRefused, booster_of, model_matrix
from cargotarget.ml.tree_tables import raw_scores, tree_tables

__all__ = [
    "TrainedModel",
    "TrainingRefused",
    "example_weights",
    "model_score",
    "predict",
    "train_model",
]

MIN_EXAMPLES = 100
MIN_FINDINGS = 10
VALIDATION_SHARE = 0.3
"""The latest share of the examples (by filing time) kept for early stopping, calibration
and the metrics."""
MAX_WEIGHT = 3.0
"""The most a control-group example may weigh against a targeted one (see the notes)."""
MAX_ROUNDS = 100
"""At a learning rate of 0.1: on the demo, as good a ranking as 200 rounds at 0.05, with half
the trees to walk for every consignment scored."""
MIN_ROUNDS = 25
PARAMS: dict[str, str | int | float | bool] = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 7,
    "min_data_in_leaf": 10,
    "min_sum_hessian_in_leaf": 1e-3,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 5.0,
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
    max_weight: float = MAX_WEIGHT,
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
    weights = example_weights(examples, rows["consignment_id"].n_unique(), max_weight)
    features = feature_frame(examples, known).to_numpy().astype(np.float32, order="C")
    labels = examples["finding"].to_numpy().astype(np.float64)
    cut = _cut(examples)
    train, valid = np.arange(cut), np.arange(cut, examples.height)
    for part, name in ((train, "earlier"), (valid, "later")):
        if not labels[part].any():
            raise TrainingRefused(f"the {name} part of the window holds no finding")
    params = {**PARAMS, "seed": seed}
    booster, rounds = _fit(features, labels, weights, train, valid, params, progress)
    raw = np.asarray(booster.predict(features[valid], num_iteration=rounds, raw_score=True))
    calibration = fit_platt(raw, labels[valid], weights[valid])
    filed = examples["filed_at"]
    return TrainedModel(
        booster=booster.model_to_string(num_iteration=rounds),
        features=FEATURE_NAMES,
        calibration=calibration,
        params=params,
        metrics={
            "rounds": float(rounds),
            **quality_metrics(
                labels[valid],
                calibrate(calibration, raw),
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


def example_weights(
    examples: pl.DataFrame, consignments: int, max_weight: float = MAX_WEIGHT
) -> np.ndarray:
    """The weight of each example (``random``, ``finding``, ``seizure_value`` columns) when
    ``consignments`` were filed in the window: inverse-propensity for the control group and
    the seizure-value bonus (see the module notes), scaled to a mean of 1."""
    chosen = examples["random"].to_numpy()
    drawn = int(chosen.sum())
    rate = drawn / max(consignments, drawn, 1)
    weights = np.where(chosen, min(1.0 / rate, max_weight) if drawn else 1.0, 1.0)
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
) -> tuple[lgb.Booster, int]:
    """The booster trained on ``train`` for :data:`MAX_ROUNDS` rounds, and the round (at
    least :data:`MIN_ROUNDS`) after which it ranked ``valid`` best.

    The validation AUC is unweighted: with a small control group, a weighted one rests on a
    handful of findings and swings from round to round; and the rounds before
    :data:`MIN_ROUNDS` are not chosen, since a few held-out findings can make the first
    trees look best by chance."""
    learn = lgb.Dataset(
        features[train], labels[train], weight=weights[train], feature_name=list(FEATURE_NAMES)
    )
    check = learn.create_valid(features[valid], labels[valid])
    scores: dict[str, dict[str, list[float]]] = {}
    callbacks: list[Callable[[lgb.callback.CallbackEnv], None]] = [lgb.record_evaluation(scores)]
    if progress is not None:
        callbacks.append(lambda env: progress(env.iteration + 1, env.end_iteration))
    booster = lgb.train(
        {**params, "metric": "auc"}, learn, MAX_ROUNDS, valid_sets=[check], callbacks=callbacks
    )
    ranked = np.asarray(scores["valid_0"]["auc"][MIN_ROUNDS - 1 :])
    return booster, MIN_ROUNDS + int(np.argmax(ranked))


def _counts(examples: pl.DataFrame, cut: int) -> dict[str, int]:
    return {
        "examples": examples.height,
        "findings": int(examples["finding"].sum()),
        "random": int(examples["random"].sum()),
        "train": cut,
        "validation": examples.height - cut,
    }


def predict(
    model: TrainedModel, features: pl.DataFrame, *, threads: int | None = None
) -> np.ndarray:
    """The calibrated probability of a finding for every row of ``features`` (a frame with
    the model's feature columns), in [0, 1], computed on ``threads`` threads (by default one
    per core). Small trees are scored as truth tables (:mod:`.tree_tables`, the same raw
    scores as LightGBM's, several times faster); others by LightGBM."""
    matrix = model_matrix(model, features)
    if not matrix.shape[0]:
        return np.empty(0)
    wanted = threads or os.cpu_count() or 1
    tables = tree_tables(model.booster)
    if tables is None:
        raw = booster_of(model.booster).predict(matrix, raw_score=True, num_threads=wanted)
    else:
        raw = raw_scores(tables, matrix, wanted)
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
