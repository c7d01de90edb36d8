"""Features of the learned score: exact target statistics, no leakage from after a filing,
the fast path agreeing with the exact one, and clear refusals of bad frames."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cargotarget.ml.features import (
    FEATURE_NAMES,
    FEATURES,
    SMOOTHING,
    feature_frame,
    table_features,
)
from cargotarget.ml.target_statistics import TargetTables
from cargotarget.risk.fields import FieldType
from cargotarget.risk.indicators.registry import INDICATORS
from tests.ml.demo_examples import DemoExamples
from tests.ml.frames import day, inputs, outcomes

STATISTICS = [n for n in FEATURE_NAMES if n.split("_")[0] in {"shipper", "consignee"}]


def exam(at: float, finding: bool, **keys: str) -> dict[str, object]:
    return {"consignment_id": 99, "examined_at": day(at), "finding": finding, **keys}


def test_every_numeric_indicator_is_a_feature_with_words() -> None:
    names = {spec.name for spec in FEATURES}
    wanted = {i.name for i in INDICATORS if i.type in (FieldType.NUMBER, FieldType.BOOLEAN)}
    assert wanted <= names
    assert len(names) == len(FEATURES)
    assert all(spec.words and spec.words != spec.name for spec in FEATURES)


def test_target_statistics_count_only_examinations_before_the_filing() -> None:
    rows = inputs(
        {"filed_at": day(10), "shipper_key": "ACME", "origin_country": "EC"},
        {"filed_at": day(3), "shipper_key": "ACME", "origin_country": "EC"},
    )
    known = outcomes(
        exam(1, True, shipper_key="ACME", origin_country="EC"),
        exam(2, False, shipper_key="ACME", origin_country="EC"),
        exam(4, False, shipper_key="ACME", origin_country="CO"),
        exam(10, True, shipper_key="ACME"),  # at the filing moment: not yet known
        exam(5, False, shipper_key="OTHER", origin_country="EC"),
    )
    got = feature_frame(rows, known)
    assert got["shipper_examinations"].to_list() == [3.0, 2.0]
    assert got["shipper_findings"].to_list() == [1.0, 1.0]
    assert got["origin_examinations"].to_list() == [3.0, 2.0]
    prior = 1 / 4  # everything examined before day 10: 4 examinations, 1 finding
    expected = (1 + SMOOTHING * prior) / (3 + SMOOTHING)
    assert got["shipper_finding_rate"][0] == pytest.approx(expected, rel=1e-6)
    assert got["shipper_finding_rate"][1] == pytest.approx(
        (1 + SMOOTHING * 0.5) / (2 + SMOOTHING), rel=1e-6
    )
    assert got["shipper_finding_age_days"].to_list() == pytest.approx([9.0, 2.0])
    assert got["carrier_examinations"].to_list() == [0.0, 0.0]
    assert got.columns == list(FEATURE_NAMES)
    assert set(got.schema.dtypes()) == {pl.Float32}


def test_a_row_without_history_or_filing_time_knows_nothing() -> None:
    rows = inputs(
        {"filed_at": None, "shipper_key": "ACME"},
        {"filed_at": day(0), "shipper_key": "NEWCOMER"},
        {"filed_at": day(0), "shipper_key": "ACME"},
    )
    known = outcomes(exam(-1, True, shipper_key="ACME"), exam(-2, False, shipper_key="OTHER"))
    got = feature_frame(rows, known)
    assert got["shipper_examinations"].to_list() == [0.0, 0.0, 1.0]
    assert got["shipper_finding_age_days"].to_list() == [None, None, 1.0]
    rates = got["shipper_finding_rate"].to_list()
    assert rates[0] is None  # cannot be placed in time: nothing was known
    assert rates[1] == pytest.approx(0.5)  # a newcomer gets the overall rate
    assert rates[2] == pytest.approx((1 + SMOOTHING * 0.5) / (1 + SMOOTHING), rel=1e-6)


def test_route_joins_loading_and_discharge() -> None:
    rows = inputs(
        {"filed_at": day(5), "port_of_loading": "ECGYE", "port_of_discharge": "JMKIN"},
        {"filed_at": day(5), "port_of_loading": "ECGYE", "port_of_discharge": "LKCMB"},
        {"filed_at": day(5), "port_of_loading": "ECGYE"},
    )
    known = outcomes(exam(1, True, port_of_loading="ECGYE", port_of_discharge="JMKIN"))
    assert feature_frame(rows, known)["route_examinations"].to_list() == [1.0, 0.0, 0.0]


def test_later_history_changes_no_feature(demo: DemoExamples, until: datetime) -> None:
    early = demo.inputs.filter(pl.col("filed_at") < until)
    before = feature_frame(early, demo.outcomes)
    late = demo.outcomes.filter(pl.col("examined_at") >= until)
    shifted = pl.concat(
        [
            demo.outcomes.filter(pl.col("examined_at") < until),
            late.with_columns(pl.col("examined_at") + timedelta(days=30)),
            late.with_columns(pl.lit(True).alias("finding")),
        ]
    )
    assert_frame_equal(feature_frame(early, shifted), before)
    # Later rows beside them change nothing either.
    assert_frame_equal(feature_frame(demo.inputs, shifted).head(early.height), before)


def test_earlier_history_changes_the_features(demo: DemoExamples, until: datetime) -> None:
    late = demo.inputs.filter(pl.col("filed_at") >= until)
    kept = demo.outcomes.filter(pl.col("examined_at") >= until - timedelta(days=1))
    full, cut = feature_frame(late, demo.outcomes), feature_frame(late, kept)
    assert (full["origin_examinations"] >= cut["origin_examinations"]).all()
    assert (full["origin_examinations"] > cut["origin_examinations"]).mean() > 0.9
    assert (full["shipper_findings"] >= cut["shipper_findings"]).all()
    assert not full.select(STATISTICS).equals(cut.select(STATISTICS))


def test_tables_give_the_exact_features_of_rows_filed_after_them(
    demo: DemoExamples, until: datetime
) -> None:
    known = demo.outcomes.filter(pl.col("examined_at") < until)
    rows = demo.inputs.filter(pl.col("filed_at") >= until)
    fast = table_features(rows, TargetTables.build(demo.outcomes, until))
    assert_frame_equal(fast, feature_frame(rows, known))
    assert fast["origin_examinations"].sum() > 0


def test_missing_and_mistyped_columns_are_named() -> None:
    rows = inputs({"filed_at": day(1)})
    with pytest.raises(ValueError, match="'shipper_key'"):
        feature_frame(rows.drop("shipper_key"), outcomes())
    with pytest.raises(ValueError, match="'vague_description'"):
        feature_frame(rows.drop("vague_description"), outcomes())
    with pytest.raises(ValueError, match="'examined_at'"):
        feature_frame(rows, outcomes().drop("examined_at"))
    with pytest.raises(ValueError, match="'filed_at' must hold time"):
        feature_frame(rows.with_columns(pl.lit("yesterday").alias("filed_at")), outcomes())
    with pytest.raises(ValueError, match="'finding' must hold flag"):
        feature_frame(rows, outcomes().with_columns(pl.lit("yes").alias("finding")))
    broken = outcomes({"consignment_id": None, "examined_at": day(0), "finding": True})
    with pytest.raises(ValueError, match="'consignment_id' has empty values"):
        feature_frame(rows, broken)


def test_odd_but_valid_frames_are_featurised() -> None:
    assert feature_frame(inputs(), outcomes()).shape == (0, len(FEATURES))
    naive = inputs({"filed_at": day(2)}).with_columns(pl.col("filed_at").dt.replace_time_zone(None))
    hostile = "\u202e'; DROP TABLE x; --" + "Ж" * 10_000
    rows = naive.with_columns(pl.lit(hostile).alias("shipper_key").cast(pl.Categorical))
    got = feature_frame(rows, outcomes(exam(1, True, shipper_key=hostile)))
    assert got["shipper_examinations"].to_list() == [1.0]
