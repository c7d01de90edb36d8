"""The two compilers on the cases where SQL's semantics are easy to get wrong."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from cargotarget.risk.compile_polars import hit_expression, to_polars
from cargotarget.risk.compile_record import to_record_function
from cargotarget.risk.fields import Catalogue
from cargotarget.risk.frame import conform
from cargotarget.risk.language import parse_condition
from cargotarget.risk.patterns import PatternKind, PythonMatcher, read_pattern

ROWS = [
    {"origin": "CO", "shipper": "ACME (PTY) LTD.", "weight": 10.0, "packages": 0.0},
    {"origin": None, "shipper": None, "weight": None, "packages": 2.0},
    {"origin": "EC", "shipper": "a.b\nc", "weight": 1e300, "packages": 1e300},
]


def both(text: str, catalogue: Catalogue) -> list[bool | None]:
    """The condition over ``ROWS`` by Polars, after checking the per-record path agrees."""
    condition = parse_condition(text, catalogue)
    frame = conform(pl.DataFrame(ROWS), catalogue)
    by_polars = frame.with_columns(to_polars(condition).alias("r"))["r"].to_list()
    function = to_record_function(condition)
    assert [function(row) for row in frame.to_dicts()] == by_polars
    return by_polars


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("origin = 'CO'", [True, None, False]),
        ("origin <> 'CO'", [False, None, True]),
        ("NOT origin = 'CO'", [False, None, True]),
        ("origin NOT IN ('CO')", [False, None, True]),
        ("origin = 'CO' OR weight > 5", [True, None, True]),
        ("origin = 'XX' AND weight > 5", [False, None, False]),
        ("origin = 'XX' AND packages > 5", [False, False, False]),
        ("origin = 'EC' OR weight > 5", [True, None, True]),
        ("origin IS NULL", [False, True, False]),
        ("weight / packages > 1", [None, None, False]),
        ("weight * packages - weight * packages IS NULL", [False, True, True]),
        ("weight * 10 > 1e300", [False, None, True]),
        ("COALESCE(weight, -1) < 0", [False, True, False]),
        ("weight BETWEEN 5 AND 20", [True, None, False]),
        ("weight NOT BETWEEN 5 AND 20", [False, None, True]),
    ],
)
def test_three_valued_logic(
    text: str, expected: list[bool | None], small_catalogue: Catalogue
) -> None:
    assert both(text, small_catalogue) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("ACME%", [True, None, False]),
        ("%LTD.", [True, None, False]),
        ("%(PTY)%", [True, None, False]),
        ("a_b_c", [False, None, True]),
        ("a.b%", [False, None, True]),
        ("A_ME%", [True, None, False]),
        ("%", [True, None, True]),
        ("", [False, None, False]),
        ("acme%", [False, None, False]),
    ],
)
def test_like_patterns(
    pattern: str, expected: list[bool | None], small_catalogue: Catalogue
) -> None:
    assert both(f"shipper LIKE '{pattern}'", small_catalogue) == expected


def test_patterns_take_the_simplest_form() -> None:
    assert read_pattern("0803%").kind is PatternKind.PREFIX
    assert read_pattern("%LTD").kind is PatternKind.SUFFIX
    assert read_pattern("%FAK%").kind is PatternKind.INFIX
    assert read_pattern("FAK").kind is PatternKind.EQUALS
    assert read_pattern("08_3%").kind is PatternKind.REGEX
    assert read_pattern("0%8%").kind is PatternKind.REGEX
    assert PythonMatcher(read_pattern("[a]%"))("[a]b")
    assert not PythonMatcher(read_pattern("[a]%"))("ab")


def test_the_per_record_function_reads_plain_values(catalogue: Catalogue) -> None:
    condition = parse_condition(
        "origin_country IN ('CO', 'EC') AND hs_code LIKE '0803%' "
        "AND shipper_first_seen_days < 90 AND arrival_date >= '2026-03-01'",
        catalogue,
    )
    matches = to_record_function(condition)
    record = {
        "origin_country": "CO",
        "hs_code": "080390",
        "shipper_first_seen_days": 12,
        "arrival_date": datetime(2026, 3, 14, 6),
    }
    assert matches(record) is True
    assert matches({**record, "shipper_first_seen_days": 400}) is False
    assert matches({**record, "shipper_first_seen_days": None}) is None
    assert matches({**record, "arrival_date": date(2026, 2, 1)}) is False
    assert matches({}) is None


def test_hit_expression_is_false_where_null(small_catalogue: Catalogue) -> None:
    condition = parse_condition("weight > 5", small_catalogue)
    frame = conform(pl.DataFrame(ROWS), small_catalogue)
    assert frame.select(hit_expression(condition))["weight"].to_list() == [True, False, True]
