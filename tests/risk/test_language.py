"""The rule language: what parses, and what is refused with the position of the problem."""

from __future__ import annotations

from datetime import date

import pytest

from cargotarget.risk.fields import Catalogue
from cargotarget.risk.language import MAX_LENGTH, RuleSyntaxError, parse_condition
from cargotarget.risk.tree import (
    Comparator,
    Comparison,
    Conjunction,
    Constant,
    Disjunction,
    FieldRef,
    Membership,
    Negation,
    NullTest,
    Pattern,
    Range,
)


@pytest.mark.parametrize(
    "text",
    [
        "origin_country IN ('CO','EC') AND hs_code LIKE '0803%' AND shipper_first_seen_days < 90",
        "mode = 'sea' OR (mode = 'air' AND NOT dangerous_goods)",
        "gross_weight_kg BETWEEN 20000 AND 30000 AND package_kind NOT IN ('CT', 'PK')",
        "description NOT LIKE '%BANANA%' AND notify_name IS NULL",
        "freight_payment <> 'prepaid' AND freight_payment != 'other'",
        "gross_weight_kg / package_count > 500 AND -transshipment_count < 0",
        "UPPER(shipper_name) LIKE '%TRADING%' AND LENGTH(description) < 10",
        "COALESCE(volume_m3, 0) = 0 AND ABS(filed_hours_before_arrival) <= 24",
        "STARTS_WITH(hs_code, '93') OR ENDS_WITH(consignee_name, 'LTD')",
        "CONTAINS(LOWER(TRIM(description)), 'parts')",
        "arrival_date >= DATE '2026-01-01' AND arrival_date < '2026-02-01'",
        "vague_description = TRUE AND dangerous_goods <> FALSE",
        "Origin_Country = 'CO'",
        "\"hs_chapter\" = '08'",
        "TRUE",
        "mode = 'sea' -- a comment is allowed\n AND kind = 'house'",
    ],
)
def test_valid_rules_parse(text: str, catalogue: Catalogue) -> None:
    condition = parse_condition(text, catalogue)
    assert condition.text == text
    assert condition.tree.type == "boolean"


def test_the_tree_says_what_the_rule_means(catalogue: Catalogue) -> None:
    text = (
        "origin_country IN ('CO','EC') AND NOT hs_code LIKE '0803%' "
        "AND (gross_weight_kg NOT BETWEEN 1 AND 2 OR notify_name IS NOT NULL)"
    )
    tree = parse_condition(text, catalogue).tree
    origin = FieldRef("origin_country", "text", categorical=True)  # type: ignore[arg-type]
    assert isinstance(tree, Conjunction)
    assert tree.parts[0] == Membership(origin, ("CO", "EC"))
    assert isinstance(tree.parts[1], Pattern)
    assert tree.parts[1].negated
    either = tree.parts[2]
    assert isinstance(either, Disjunction)
    assert isinstance(either.parts[0], Range)
    assert either.parts[0].negated
    assert isinstance(either.parts[1], NullTest)
    assert either.parts[1].negated


def test_literals_are_typed(catalogue: Catalogue) -> None:
    tree = parse_condition("arrival_date = '2026-03-14'", catalogue).tree
    assert isinstance(tree, Comparison)
    assert tree.right == Constant(date(2026, 3, 14), "date")  # type: ignore[arg-type]
    negative = parse_condition("gross_weight_kg > -5", catalogue).tree
    assert isinstance(negative, Comparison)
    assert negative.comparator is Comparator.GT
    assert negative.right == Constant(-5.0, "number")  # type: ignore[arg-type]
    assert isinstance(parse_condition("NOT dangerous_goods", catalogue).tree, Negation)


def test_indicators_are_fields_once_registered(catalogue: Catalogue) -> None:
    assert parse_condition("shipper_first_seen_days < 90", catalogue).fields == {
        "shipper_first_seen_days"
    }
    with pytest.raises(RuleSyntaxError, match="unknown field 'shipper_first_seen_days'"):
        parse_condition("shipper_first_seen_days < 90")


def _error(text: str, catalogue: Catalogue) -> RuleSyntaxError:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_condition(text, catalogue)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("origin_country = 'CO' AND shiper_name = 'X'", 1, 27, "unknown field 'shiper_name'"),
        ("mode = 'sea'\n  AND colour = 'red'", 2, 7, "unknown field 'colour'"),
        ("gross_weight_kg = 'heavy'", 1, 17, "cannot compare gross_weight_kg (a number)"),
        ("mode = 'sea' AND\n  hs_code > 5", 2, 11, "cannot compare hs_code (text)"),
        ("gross_weight_kg LIKE '10%'", 1, 17, "LIKE works on text, not on gross_weight_kg"),
        ("dangerous_goods > FALSE", 1, 17, "compared with = or <>"),
        ("mode IN ('sea', 3)", 1, 17, "mode (text) cannot be IN a list with 3"),
        ("gross_weight_kg BETWEEN 1 AND 'x'", 1, 31, "cannot compare gross_weight_kg"),
        ("UPPER(gross_weight_kg) = 'X'", 1, 7, "UPPER needs text"),
        ("gross_weight_kg", 1, 1, "must be true or false"),
        ("mode = 'sea' AND volume_m3", 1, 18, "each side of AND must be true or false"),
        ("mode = NULL", 1, 8, "NULL can only be tested with IS NULL"),
        ("arrival_date = '14/03/2026'", 1, 16, "is not a date"),
        ("mode + 1 > 2", 1, 6, "cannot apply + to mode (text)"),
    ],
)
def test_checker_points_at_the_problem(
    text: str, line: int, column: int, message: str, catalogue: Catalogue
) -> None:
    error = _error(text, catalogue)
    assert (error.position.line, error.position.column) == (line, column)
    assert message in error.message
    assert str(error).startswith(f"line {line}, column {column}: ")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("mode = (SELECT mode FROM consignments)", 1, 9),
        ("origin_country IN (SELECT code FROM watch)", 1, 20),
        ("EXISTS (SELECT 1)", 1, 9),
        ("mode = 'sea' AND\n  kind IN (\n    SELECT 'house')", 3, 5),
    ],
)
def test_subqueries_are_refused(text: str, line: int, column: int, catalogue: Catalogue) -> None:
    error = _error(text, catalogue)
    assert "subqueries are not allowed" in error.message
    assert (error.position.line, error.position.column) == (line, column)


@pytest.mark.parametrize(
    ("text", "column", "name"),
    [
        ("SUBSTRING(hs_code, 1, 2) = '08'", 1, "SUBSTRING"),
        ("mode = 'sea' AND SLEEP(10) = 0", 18, "SLEEP"),
        ("mode = 'sea' AND upper(REVERSE(mode)) = 'AES'", 24, "REVERSE"),
        ("CASE WHEN mode = 'sea' THEN 1 END = 1", 1, "CASE"),
    ],
)
def test_functions_outside_the_whitelist_are_refused(
    text: str, column: int, name: str, catalogue: Catalogue
) -> None:
    error = _error(text, catalogue)
    assert f"function {name} is not allowed" in error.message
    assert "COALESCE" in error.message
    assert (error.position.line, error.position.column) == (1, column)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("mode = 'sea' AND", 1, 14, "an operand is missing"),
        ("mode = 'sea' kind = 'house'", 1, 14, "unexpected 'kind'"),
        ("(mode = 'sea'", 1, 14, "a closing parenthesis is missing"),
        ("mode = 'sea\nAND kind = 'house'", 2, 18, "never closed"),
        ("mode = 'sea' /* note", 1, 14, "never closed"),
        ("mode = 'sea'; DROP TABLE consignments", 1, 15, "unexpected 'DROP'"),
        ("mode::int = 1", 1, 1, "casts are not allowed"),
        ("mode || 'x' = 'seax'", 1, 6, "'||' is not allowed"),
        ("mode LIKE 'a!%' ESCAPE '!'", 1, 17, "'ESCAPE' is not allowed"),
        ("c.mode = 'sea'", 1, 1, "without a qualifier"),
        ("", 1, 1, "the rule is empty"),
    ],
)
def test_syntax_errors_point_at_the_token(
    text: str, line: int, column: int, message: str, catalogue: Catalogue
) -> None:
    error = _error(text, catalogue)
    assert message in error.message
    assert (error.position.line, error.position.column) == (line, column)


def test_position_carries_the_offset_and_an_excerpt(catalogue: Catalogue) -> None:
    error = _error("mode = 'sea'\n  AND colour = 'red'", catalogue)
    assert error.position.offset == len("mode = 'sea'\n  AND ")
    assert error.excerpt() == "  AND colour = 'red'\n      ^"


def test_suggestions_name_the_closest_field(catalogue: Catalogue) -> None:
    assert "did you mean 'origin_country'" in _error("origin_contry = 'CO'", catalogue).message


def test_hostile_input_is_refused_cleanly(catalogue: Catalogue) -> None:
    assert "longer than" in _error("mode = 'x' OR " * (MAX_LENGTH // 10), catalogue).message
    assert "nested too deeply" in _error("(" * 4000 + "TRUE" + ")" * 4000, catalogue).message
