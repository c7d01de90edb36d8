"""The learned score on the public KCS data, under the published protocol, beside the
published results (Jeong, Kim, Park, Choi 2022, Table 3).

Protocol, for each seed:

1. Features for 2020 and 2021 Q1, with only 2020 outcomes known. A LightGBM model is trained on
   2020 and stopped early on 2021 Q1 (the validation split chooses the number of rounds; the
   features and parameters were chosen on it too). Its figures on 2021 Q1 are shown but are
   optimistic: the split chose the stopping point.
2. Features for all three splits, with outcomes of 2020 and 2021 Q1 known (they are in the
   past of every test declaration); test outcomes are never used, not even of earlier test
   declarations. The model of step 1 scores 2021 Q2: the headline figures.
3. A second model trained on 2020 and 2021 Q1 together with the rounds step 1 chose also
   scores 2021 Q2, shown as its own row.

Each figure is the mean over the seeds, with the standard deviation beside it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import lightgbm as lgb
import numpy as np
import polars as pl

from cargotarget.ml.kcs_data import CRITICAL, TARGET, KcsData
from cargotarget.ml.kcs_features import build_features
from cargotarget.ml.metrics import auc, precision_at, recall_at

#: Jeong et al. (2022), Table 3: Precision at 5 % and 10 % on the test split, mean of 5 runs.
PUBLISHED: tuple[tuple[str, float, float], ...] = (
    ("Logistic Regression", 0.258, 0.248),
    ("Random Forest", 0.364, 0.339),
    ("CatBoost", 0.621, 0.520),
    ("XGBoost", 0.675, 0.579),
    ("LightGBM", 0.762, 0.641),
)

#: The value of ``Critical Fraud`` that marks a critical case (1 is fraud that is not).
CRITICAL_CASE = 2

MEASURES = (
    "precision_at_5",
    "precision_at_10",
    "recall_at_5",
    "recall_at_10",
    "critical_at_5",
    "critical_at_10",
    "auc",
)


@dataclass(frozen=True)
class Settings:
    """How the models are trained. The defaults were chosen on the validation split."""

    seeds: int = 5
    learning_rate: float = 0.03
    max_rounds: int = 2000
    patience: int = 100
    num_leaves: int = 31
    min_data_in_leaf: int = 40
    feature_fraction: float = 0.7
    bagging_fraction: float = 0.8
    #: One thread: on a busy machine two OpenMP threads that wait for each other were ten
    #: times slower than one (measured with eight other processes running).
    threads: int = 1

    def parameters(self, seed: int) -> dict[str, object]:
        return {
            "objective": "binary",
            "metric": "auc",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_data_in_leaf": self.min_data_in_leaf,
            "feature_fraction": self.feature_fraction,
            "bagging_fraction": self.bagging_fraction,
            "bagging_freq": 1,
            "force_col_wise": True,
            "lambda_l2": 1.0,
            "num_threads": self.threads,
            "seed": seed,
            "verbose": -1,
        }


@dataclass(frozen=True)
class Summary:
    """Mean and standard deviation over the seeds of each measure in ``MEASURES``."""

    label: str
    mean: dict[str, float]
    spread: dict[str, float]


@dataclass
class Report:
    """Everything the command prints."""

    rows: tuple[int, int, int]
    features: int
    feature_seconds: float
    train_seconds: list[float] = field(default_factory=list)
    rounds: list[int] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)


def metric_line(name: str, value: float, unit: str = "") -> str:
    """One headline figure as the JSON line the benchmarks print (see bench/common.py)."""
    return json.dumps({"bench": "ml", "metric": name, "value": round(value, 4), "unit": unit})


def measure(scores: np.ndarray, frame: pl.DataFrame) -> dict[str, float]:
    """The figures of one ranking of ``frame``'s declarations."""
    fraud = frame[TARGET].to_numpy()
    critical = (frame[CRITICAL].to_numpy() == CRITICAL_CASE).astype(np.int64)
    figures = {"auc": auc(scores, fraud)}
    for percent in (5, 10):
        share = percent / 100
        figures[f"precision_at_{percent}"] = precision_at(scores, fraud, share)
        figures[f"recall_at_{percent}"] = recall_at(scores, fraud, share)
        figures[f"critical_at_{percent}"] = recall_at(scores, critical, share)
    return figures


def summarise(label: str, runs: list[dict[str, float]]) -> Summary:
    return Summary(
        label=label,
        mean={name: float(np.mean([run[name] for run in runs])) for name in MEASURES},
        spread={name: float(np.std([run[name] for run in runs])) for name in MEASURES},
    )


@dataclass(frozen=True)
class _Matrices:
    """Feature matrices of each split: ``selection`` knows 2020 outcomes only (train and
    valid rows), ``final`` knows 2020 and 2021 Q1 outcomes (all rows)."""

    train: np.ndarray
    valid: np.ndarray
    known_valid: np.ndarray
    test: np.ndarray
    names: list[str]


def _matrices(data: KcsData) -> _Matrices:
    sizes = (data.train.height, data.valid.height, data.test.height)
    selection = build_features(
        pl.concat([data.train, data.valid]),
        pl.Series([True] * sizes[0] + [False] * sizes[1]),
    )
    final = build_features(
        pl.concat([data.train, data.valid, data.test]),
        pl.Series([True] * (sizes[0] + sizes[1]) + [False] * sizes[2]),
    )
    matrix = final.to_numpy().astype(np.float64)
    return _Matrices(
        train=matrix[: sizes[0]],
        valid=selection.to_numpy().astype(np.float64)[sizes[0] :],
        known_valid=matrix[sizes[0] : sizes[0] + sizes[1]],
        test=matrix[sizes[0] + sizes[1] :],
        names=final.columns,
    )


def run_benchmark(
    data: KcsData, settings: Settings, progress: Callable[[str], None] = lambda _: None
) -> Report:
    """Train and evaluate ``settings.seeds`` times; ``progress`` hears of each step."""
    progress("building features")
    started = time.perf_counter()
    matrices = _matrices(data)
    report = Report(
        rows=(data.train.height, data.valid.height, data.test.height),
        features=len(matrices.names),
        feature_seconds=time.perf_counter() - started,
    )
    labels = data.train[TARGET].to_numpy(), data.valid[TARGET].to_numpy()
    runs: dict[str, list[dict[str, float]]] = {"valid": [], "test": [], "refit": []}
    for seed in range(settings.seeds):
        progress(f"seed {seed + 1} of {settings.seeds}: training on 2020")
        started = time.perf_counter()
        model = _train_stopped(matrices, labels, settings.parameters(seed), settings)
        report.train_seconds.append(time.perf_counter() - started)
        report.rounds.append(model.best_iteration)
        runs["valid"].append(measure(_predict(model, matrices.valid), data.valid))
        runs["test"].append(measure(_predict(model, matrices.test), data.test))
        progress(f"seed {seed + 1} of {settings.seeds}: training on 2020 and 2021 Q1")
        refit = lgb.train(
            settings.parameters(seed),
            lgb.Dataset(
                np.vstack([matrices.train, matrices.known_valid]),
                np.concatenate(labels),
                feature_name=matrices.names,
            ),
            num_boost_round=model.best_iteration,
        )
        runs["refit"].append(measure(_predict(refit, matrices.test), data.test))
    report.summaries = [
        summarise("ours: fit 2020 (test)", runs["test"]),
        summarise("ours: fit 2020+21Q1 (test)", runs["refit"]),
        summarise("ours: fit 2020 (valid)", runs["valid"]),
    ]
    return report


def _train_stopped(
    matrices: _Matrices,
    labels: tuple[np.ndarray, np.ndarray],
    parameters: dict[str, object],
    settings: Settings,
) -> lgb.Booster:
    """A model trained on 2020, stopped when its AUC on 2021 Q1 has not improved for
    ``settings.patience`` rounds."""
    train = lgb.Dataset(matrices.train, labels[0], feature_name=matrices.names)
    valid = lgb.Dataset(matrices.valid, labels[1], reference=train)
    return lgb.train(
        parameters,
        train,
        num_boost_round=settings.max_rounds,
        valid_sets=[valid],
        callbacks=[lgb.early_stopping(settings.patience, verbose=False)],
    )


def _predict(model: lgb.Booster, matrix: np.ndarray) -> np.ndarray:
    return np.asarray(model.predict(matrix, num_iteration=model.best_iteration or None))
