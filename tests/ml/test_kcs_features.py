"""The KCS features know nothing from a declaration's future: dropping, reordering or relabelling
later declarations leaves an earlier declaration's features as they were, and outcomes not
marked as known are never used at all."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cargotarget.ml.kcs_data import KcsData, load_kcs
from cargotarget.ml.kcs_features import HISTORY_KEYS, build_features
from tests.ml.kcs_sample import needs_data, write_sample

pytestmark = needs_data

CUT = date(2020, 2, 15)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> KcsData:
    return load_kcs(write_sample(tmp_path_factory.mktemp("kcs")))


@pytest.fixture(scope="module")
def rows(data: KcsData) -> pl.DataFrame:
    """Train and test rows together, the train outcomes known (``known``), each row numbered."""
    return pl.concat(
        [
            data.train.with_columns(pl.lit(True).alias("known")),
            data.test.with_columns(pl.lit(False).alias("known")),
        ]
    ).with_row_index("row")


def _features(rows: pl.DataFrame) -> pl.DataFrame:
    found = build_features(rows, rows["known"])
    return pl.concat([rows.select("row"), found], how="horizontal").sort("row")


def test_one_row_of_features_per_declaration(rows: pl.DataFrame) -> None:
    found = build_features(rows, rows["known"])
    assert found.height == rows.height
    assert {f"{name}_rate" for name in HISTORY_KEYS} <= set(found.columns)
    assert all(dtype.is_numeric() for dtype in found.dtypes)


def test_dropping_and_shuffling_later_rows_changes_no_earlier_feature(
    rows: pl.DataFrame,
) -> None:
    full = _features(rows)
    early = rows.filter(pl.col("Date") < CUT)
    assert 0 < early.height < rows.height
    alone = _features(early.sample(fraction=1.0, shuffle=True, seed=5))
    assert_frame_equal(alone, full.filter(pl.col("row").is_in(early["row"].implode())))


def test_later_outcomes_change_no_earlier_feature(rows: pl.DataFrame) -> None:
    flipped = rows.with_columns(
        pl.when(pl.col("Date") >= CUT)
        .then(1 - pl.col("Fraud"))
        .otherwise(pl.col("Fraud"))
        .alias("Fraud")
    )
    assert not flipped["Fraud"].equals(rows["Fraud"])
    before = _features(rows).filter(
        pl.col("row").is_in(rows.filter(pl.col("Date") < CUT)["row"].implode())
    )
    after = _features(flipped).filter(pl.col("row").is_in(before["row"].implode()))
    assert_frame_equal(after, before)


def test_outcomes_not_known_are_never_used(rows: pl.DataFrame) -> None:
    """The test split's outcomes, flipped, change no feature of any row, test rows included."""
    flipped = rows.with_columns(
        pl.when(pl.col("known")).then(pl.col("Fraud")).otherwise(1 - pl.col("Fraud")).alias("Fraud")
    )
    assert not flipped["Fraud"].equals(rows["Fraud"])
    assert_frame_equal(_features(flipped), _features(rows))


def test_earlier_outcomes_do_count(rows: pl.DataFrame) -> None:
    """The other side of the same coin: flipping known earlier outcomes moves later rates, so
    the tests above would notice a feature that leaked."""
    flipped = rows.with_columns(
        pl.when(pl.col("Date") < CUT)
        .then(1 - pl.col("Fraud"))
        .otherwise(pl.col("Fraud"))
        .alias("Fraud")
    )
    later = rows.filter(pl.col("Date") > CUT)["row"].implode()
    before = _features(rows).filter(pl.col("row").is_in(later))
    after = _features(flipped).filter(pl.col("row").is_in(later))
    assert not after["importer_rate"].equals(before["importer_rate"])
    assert after["importer_seen"].equals(before["importer_seen"])


def test_a_declaration_on_the_same_day_is_not_history(rows: pl.DataFrame) -> None:
    first_day = rows.filter(pl.col("Date") == rows["Date"].min())
    found = build_features(first_day, first_day["known"])
    assert found["importer_seen"].sum() == 0
    assert found["hs10_seen"].sum() == 0


def test_price_is_measured_against_earlier_declarations_of_the_code(tmp_path: Path) -> None:
    """Two earlier declarations of an HS10 code at 10 a kilo set its norm; a third at 1 a kilo
    sits log(11) - log(2) below it (a price per kilo is read as log1p(price / (kg + 1)))."""
    sample = load_kcs(write_sample(tmp_path)).train.head(3)
    goods = sample.with_columns(
        pl.lit("0101210000").alias("HS10 Code"),
        pl.Series("Date", [date(2020, 1, 1), date(2020, 1, 2), date(2020, 1, 3)]),
        pl.Series("Net Mass", [9.0, 99.0, 99.0]),
        pl.Series("Item Price", [100.0, 1000.0, 100.0]),
    )
    found = build_features(goods, pl.Series([True, True, True]))
    vs_code = found["price_vs_hs10_code"].to_list()
    assert vs_code[0] != vs_code[0]  # NaN: the code had no history yet
    assert vs_code[1] == pytest.approx(0.0)
    assert vs_code[2] == pytest.approx(math.log(2) - math.log(11))
