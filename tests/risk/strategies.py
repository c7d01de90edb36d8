"""Hypothesis strategies: random rule texts and random frames over the small test catalogue.

Values are drawn from small pools shared by frames and rules, so that equality, IN and LIKE
tests hit as often as they miss; every pool includes NULL, and the text pool holds characters
that mean something to regular expressions and LIKE.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import strategies as st

from cargotarget.risk.fields import Catalogue
from cargotarget.risk.frame import conform

CODES = ["CO", "EC", "C", "", "CO%", "a_b", "é", "Ñu", "x.y", "(", "\\", "ß", " CO ", "co"]
PATTERNS = ["CO%", "%O", "%", "", "C_", "_%", "%.%", "(%", "%\\", "é%", "CO", "%_%", "a_b", "%o%"]
NUMBERS = [-2.5, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 90.0, 1e6]
DATES = [date(2024, 1, 1), date(2024, 3, 1), date(2024, 6, 30)]
TEXT_FIELDS = ["origin", "port", "shipper"]
NUMBER_FIELDS = ["weight", "packages"]

numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _number(value: float) -> str:
    return repr(value)


@st.composite
def text_tests(draw: st.DrawFn) -> str:
    field = draw(st.sampled_from(TEXT_FIELDS))
    value = _text(draw(st.sampled_from(CODES)))
    values = ", ".join(_text(v) for v in draw(st.lists(st.sampled_from(CODES), min_size=1)))
    pattern = _text(draw(st.sampled_from(PATTERNS)))
    other = draw(st.sampled_from(TEXT_FIELDS))
    forms = [
        f"{field} = {value}", f"{field} <> {value}", f"{value} = {field}", f"{field} < {value}",
        f"{field} >= {value}", f"{field} IN ({values})", f"{field} NOT IN ({values})",
        f"{field} LIKE {pattern}", f"{field} NOT LIKE {pattern}", f"NOT {field} LIKE {pattern}",
        f"{field} IS NULL", f"{field} IS NOT NULL", f"UPPER({field}) = {value}",
        f"LOWER({field}) LIKE {pattern}", f"TRIM({field}) = {value}", f"LENGTH({field}) > 1",
        f"STARTS_WITH({field}, {value})", f"ENDS_WITH({field}, {value})",
        f"CONTAINS({field}, {value})", f"COALESCE({field}, {value}) = {value}",
        f"{field} = {other}", f"{field} BETWEEN {value} AND {_text('D')}",
    ]  # fmt: skip
    return draw(st.sampled_from(forms))


@st.composite
def number_tests(draw: st.DrawFn) -> str:
    field, other = draw(st.sampled_from(NUMBER_FIELDS)), draw(st.sampled_from(NUMBER_FIELDS))
    a, b = _number(draw(numbers)), _number(draw(numbers))
    values = ", ".join(_number(v) for v in draw(st.lists(numbers, min_size=1, max_size=3)))
    forms = [
        f"{field} > {a}", f"{field} <= {a}", f"{a} < {field}", f"{field} = {a}",
        f"{field} <> {a}", f"{field} BETWEEN {a} AND {b}", f"{field} NOT BETWEEN {a} AND {b}",
        f"{field} IN ({values})", f"{field} NOT IN ({values})", f"{field} IS NULL",
        f"{field} IS NOT NULL", f"{field} / {other} > {a}", f"{field} * 2 - {other} <= {a}",
        f"ABS({field}) >= {a}", f"COALESCE({field}, 0) = {a}", f"-{field} < {a}",
        f"{field} = {other}", f"{field} / 0 IS NULL", f"{field} + {b} BETWEEN {a} AND {other}",
    ]  # fmt: skip
    return draw(st.sampled_from(forms))


@st.composite
def other_tests(draw: st.DrawFn) -> str:
    day, later = sorted(draw(st.lists(st.sampled_from(DATES), min_size=2, max_size=2)))
    forms = [
        "hazardous", "hazardous = TRUE", "hazardous <> FALSE", "hazardous IS NULL",
        f"arrival > '{day}'", f"arrival BETWEEN DATE '{day}' AND '{later}'",
        f"arrival IN ('{day}')", "arrival IS NOT NULL", f"'{day}' >= arrival", "TRUE",
    ]  # fmt: skip
    return draw(st.sampled_from(forms))


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: f"{p[0]} AND {p[1]}"),
        pair.map(lambda p: f"({p[0]} OR {p[1]})"),
        children.map(lambda c: f"NOT ({c})"),
        st.tuples(children, children, children).map(lambda p: f"{p[0]} AND ({p[1]} OR {p[2]})"),
    )


rules = st.recursive(st.one_of(text_tests(), number_tests(), other_tests()), _combine, max_leaves=8)


@st.composite
def frames(draw: st.DrawFn, catalogue: Catalogue) -> pl.DataFrame:
    """A frame of up to 30 rows over the small catalogue, NULLs anywhere."""

    def maybe(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
        return st.one_of(st.none(), values)

    row = st.fixed_dictionaries(
        {
            "origin": maybe(st.sampled_from(CODES)),
            "port": maybe(st.sampled_from(CODES)),
            "shipper": maybe(st.sampled_from(CODES)),
            "weight": maybe(numbers),
            "packages": maybe(st.sampled_from(NUMBERS)),
            "hazardous": maybe(st.booleans()),
            "arrival": maybe(st.sampled_from(DATES)),
        }
    )
    rows = draw(st.lists(row, max_size=30))
    schema = {
        "origin": pl.String, "port": pl.String, "shipper": pl.String, "weight": pl.Float64,
        "packages": pl.Float64, "hazardous": pl.Boolean, "arrival": pl.Date,
    }  # fmt: skip
    return conform(pl.DataFrame(rows, schema=schema), catalogue)
