"""The registry: every indicator named, typed, described and tied to DOMAIN.md."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from cargotarget.risk.fields import default_catalogue
from cargotarget.risk.frame import build_frame, conform, schema
from cargotarget.risk.indicators import (
    INDICATORS,
    History,
    compute_indicators,
    indicator_frame,
    register_indicators,
)
from tests.risk.indicators.builders import bill, filed

DOMAIN = Path(__file__).resolve().parents[3].parent / "shared" / "DOMAIN.md"


def test_at_least_twenty_indicators_with_unique_names() -> None:
    names = [indicator.name for indicator in INDICATORS]
    assert len(names) >= 20
    assert len(set(names)) == len(names)


def test_every_indicator_is_registered_with_its_type_and_description() -> None:
    catalogue = register_indicators(default_catalogue())
    for indicator in INDICATORS:
        field = catalogue[indicator.name]
        assert field.indicator
        assert field.type is indicator.type
        assert len(field.description) > 40
        assert field.description == indicator.description
        assert "\n" not in field.description


def test_registering_twice_is_harmless() -> None:
    catalogue = register_indicators(register_indicators(default_catalogue()))
    assert len(catalogue) == len(default_catalogue()) + len(INDICATORS)


def test_domain_numbers_are_risk_indicators_of_domain_md() -> None:
    assert {i.domain_number for i in INDICATORS} <= set(range(1, 22))


def test_domain_numbers_cite_the_list_in_domain_md() -> None:
    if not DOMAIN.exists():
        pytest.skip(f"{DOMAIN} is not there to read")
    text = DOMAIN.read_text(encoding="utf-8").split("## Risk indicators customs use")[1]
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", text.split("\n## ")[0], re.MULTILINE)}
    assert listed == set(range(1, 22))
    assert {i.domain_number for i in INDICATORS} <= listed


def test_indicators_cover_most_of_domain_md() -> None:
    """Watch lists (9), unit values (20) and intelligence targets (21) are not indicators
    over manifest data; everything else is covered."""
    assert {i.domain_number for i in INDICATORS} >= set(range(1, 22)) - {9, 20, 21}


def test_computed_columns_have_the_catalogue_types() -> None:
    catalogue = register_indicators(default_catalogue())
    frame = compute_indicators(indicator_frame([filed(bill())]), History.empty())
    expected = schema(catalogue)
    for indicator in INDICATORS:
        assert frame.schema[indicator.name] == expected[indicator.name]
    conformed = conform(frame, catalogue)
    assert conformed.schema == expected
    assert conformed["vague_description"].to_list() == [False]


def test_indicators_fill_a_rule_frame_built_with_them() -> None:
    """A rule frame built with the indicators in its catalogue has NULL indicator columns;
    computing replaces them."""
    catalogue = register_indicators(default_catalogue())
    filings = [filed(bill())]
    rules = build_frame(filings, catalogue)
    assert rules["shipper_shipment_count"].to_list() == [None]
    inputs = indicator_frame(filings).select(pl.exclude(rules.columns))
    computed = compute_indicators(pl.concat([rules, inputs], how="horizontal"), History.empty())
    assert computed["shipper_shipment_count"].to_list() == [0.0]
    assert computed.columns[: rules.width] == rules.columns


def test_a_frame_without_the_input_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="indicator_frame"):
        compute_indicators(build_frame([filed(bill())]), History.empty())


def test_an_empty_frame_gives_empty_columns() -> None:
    frame = compute_indicators(indicator_frame([]), History.empty())
    assert frame.height == 0
    assert all(i.name in frame.columns for i in INDICATORS)
