"""Scoring throughput of the learned score: 1,000,000 consignments, features and prediction.

Goal (issue 5): at least 500,000 rows/s on this machine, including feature building from the
stored columns. A model is trained first on a demo with simulated examinations (the same
simulation as the tests: the demo rules' red lane plus a 10 % random control group, findings
from the planted ground truth); the rows scored are demo assessment rows, drawn again and
again (seeded) up to the size asked for, with the column types an assessment hands over
(categorical fields, text party keys, UTC filing times), filed after every outcome. Timed:
building the target-statistic tables once (as each assessment does), looking the rows' keys up
in them and assembling the features, and the calibrated prediction; the figure is rows per
second of features + prediction on every core, as an assessment scores; prediction is also
timed on one thread. ``--quick`` scores 20,000 rows.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' demo simulation
from tests.ml.demo_examples import demo_examples

from cargotarget.ml.features import table_features
from cargotarget.ml.model import booster_of
from cargotarget.ml.target_statistics import TargetTables
from cargotarget.ml.training import predict, train_model
from common import metric, timed

GOAL = 500_000.0


def scored_rows(inputs: pl.DataFrame, size: int) -> pl.DataFrame:
    """``size`` rows drawn from ``inputs`` (seeded), filed a day after the last of them."""
    picks = np.random.default_rng(5).integers(0, inputs.height, size)
    last = inputs["filed_at"].max()
    rows = inputs[picks]
    return rows.with_columns(pl.lit(last).alias("filed_at") + pl.duration(days=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, a smaller demo")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    size = 20_000 if args.quick else args.rows
    cores = os.cpu_count() or 1
    demo, made = timed(lambda: demo_examples(4_000 if args.quick else 12_000, control=0.1))
    model, trained = timed(lambda: train_model(demo.inputs, demo.outcomes, seed=1))
    rows = scored_rows(demo.inputs, size)
    print(
        f"demo of {demo.inputs.height:,} versions in {made:.1f} s; model trained in "
        f"{trained:.2f} s on {model.counts['examples']:,} examinations"
    )
    tables, built = timed(lambda: TargetTables.build(demo.outcomes))
    timed(lambda: predict(model, table_features(rows.head(1000), tables)))  # warm the booster
    features, featurised = timed(lambda: table_features(rows, tables))
    scores, predicted = timed(lambda: predict(model, features))
    assert scores.shape == (size,)
    assert ((scores >= 0) & (scores <= 1)).all()
    _, one = timed(lambda: predict(model, features, threads=1))
    booster = booster_of(model.booster)
    rate = size / (featurised + predicted)
    print(
        f"{size:,} rows, {len(model.features)} features, {booster.num_trees()} trees "
        f"({model.params['num_leaves']} leaves); {cores} cores"
    )
    print(f"target tables from {demo.outcomes.height:,} outcomes: {built * 1000:.1f} ms")
    print(f"features: {featurised:.3f} s ({size / featurised:,.0f} rows/s)")
    print(f"predict, {cores} threads: {predicted:.3f} s ({size / predicted:,.0f} rows/s)")
    print(f"predict, 1 thread: {one:.3f} s ({size / one:,.0f} rows/s)")
    print(f"features + predict: {rate:,.0f} rows/s, {rate / GOAL:.2f} x the goal of {GOAL:,.0f}")
    metric("ml", "rows_per_s", rate, "rows/s")
    metric("ml", "feature_seconds", featurised, "s")
    metric("ml", "predict_seconds", predicted, "s")


if __name__ == "__main__":
    main()
