"""The batch evaluator on a manifest-like frame, and the sparse result it returns."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from cargotarget.risk.batch import BatchEvaluator, evaluate_each
from cargotarget.risk.fields import Catalogue
from cargotarget.risk.frame import build_frame, conform, filings
from cargotarget.risk.hits import RuleHits
from cargotarget.risk.language import parse_condition
from tests.factories import consignment, manifest


@pytest.fixture
def frame(catalogue: Catalogue) -> pl.DataFrame:
    """2,000 consignments with skewed origins, HS codes and weights, and some NULLs."""
    rng = np.random.default_rng(5)
    size = 2_000
    origins = np.array(["CN", "US", "CO", "EC", "DE", "IN", "VN", "JM"], dtype=object)
    hs = np.array(["080390", "080300", "090111", "847330", "930190", "271019"], dtype=object)
    raw = pl.DataFrame(
        {
            "origin_country": origins[rng.zipf(1.6, size) % len(origins)].tolist(),
            "hs_code": [None if i % 97 == 0 else v for i, v in enumerate(rng.choice(hs, size))],
            "mode": rng.choice(["sea", "air"], size, p=[0.9, 0.1]).tolist(),
            "gross_weight_kg": np.round(rng.lognormal(8, 1.5, size), 1),
            "shipper_first_seen_days": [float(i % 400) if i % 13 else None for i in range(size)],
            "dangerous_goods": rng.random(size) < 0.05,
            "shipper_name": rng.choice(["ACME LTD", "BANANA CO", "FAK TRADING"], size).tolist(),
        }
    )  # fmt: skip
    return conform(raw.with_columns(hs_chapter=pl.col("hs_code").str.slice(0, 2)), catalogue)


RULES = [
    "origin_country IN ('CO','EC') AND hs_code LIKE '0803%' AND shipper_first_seen_days < 90",
    "origin_country = 'CN' AND gross_weight_kg > 20000",
    "hs_code LIKE '93%' AND NOT dangerous_goods",
    "gross_weight_kg BETWEEN 100 AND 200 AND shipper_first_seen_days IS NULL",
    "mode = 'air' OR (origin_country = 'JM' AND hs_chapter <> '08')",
    "UPPER(shipper_name) LIKE '%FAK%' AND origin_country NOT IN ('CN', 'US')",
    "shipper_first_seen_days < 30 AND dangerous_goods = TRUE AND mode = 'sea'",
    "hs_code IS NULL",
    "origin_country = 'XX'",
    "gross_weight_kg / 1000 > shipper_first_seen_days",
    "TRUE",
]


@pytest.mark.parametrize("index_uses", [1, 3, 100])
def test_batch_hits_exactly_what_polars_hits(
    frame: pl.DataFrame, catalogue: Catalogue, index_uses: int
) -> None:
    conditions = [parse_condition(text, catalogue) for text in RULES * 3]
    expected = evaluate_each(frame, conditions)
    hits = BatchEvaluator(conditions, catalogue, index_uses=index_uses).evaluate(frame)
    assert hits == expected
    counts = hits.hit_counts()
    assert counts[RULES.index("origin_country = 'XX'")] == 0
    assert counts[RULES.index("TRUE")] == frame.height
    assert all(count > 0 for count in counts[:4])


def test_a_frame_built_from_consignments(catalogue: Catalogue) -> None:
    frame = build_frame(filings(manifest(consignment("A"), consignment("B", hs="930190"))))
    conditions = [
        parse_condition("origin_country = 'CO' AND hs_code LIKE '0803%'"),
        parse_condition("hs_chapter = '93' AND filed_hours_before_arrival > 24"),
    ]
    hits = BatchEvaluator(conditions).evaluate(frame)
    assert hits.rules_for(0) == [0]
    assert hits.rules_for(1) == [1]


def test_hits_are_grouped_by_rule_and_by_row() -> None:
    hits = RuleHits(5, [np.array([0, 3]), np.array([], dtype=np.intp), np.array([3, 4])])
    assert hits.pair_count == 4
    assert hits.hit_counts().tolist() == [2, 0, 2]
    rows, rules = hits.pairs()
    assert list(zip(rows.tolist(), rules.tolist(), strict=True)) == [(0, 0), (3, 0), (3, 2), (4, 2)]
    assert hits.rows_for_rule(2).tolist() == [3, 4]
    assert [hits.rules_for(row) for row in range(5)] == [[0], [], [], [0, 2], [2]]
    row_starts, by_row = hits.by_row
    assert row_starts.tolist() == [0, 1, 1, 1, 3, 4]
    assert by_row.tolist() == [0, 0, 2, 2]
    assert repr(hits) == "RuleHits(3 rules, 5 rows, 4 hits)"


def test_no_rules_and_no_rows(frame: pl.DataFrame, catalogue: Catalogue) -> None:
    assert BatchEvaluator([], catalogue).evaluate(frame).rule_count == 0
    condition = parse_condition("origin_country = 'CO'", catalogue)
    empty = BatchEvaluator([condition], catalogue).evaluate(frame.head(0))
    assert empty.rows_for_rule(0).tolist() == []
    assert evaluate_each(frame.head(0), [condition]) == empty


def test_a_frame_of_the_wrong_schema_is_refused(catalogue: Catalogue) -> None:
    evaluator = BatchEvaluator([parse_condition("origin_country = 'CO'", catalogue)], catalogue)
    with pytest.raises(ValueError, match="origin_country"):
        evaluator.evaluate(pl.DataFrame({"origin_country": ["CO"]}))
