"""High-risk goods and the quality of the data filed."""

from __future__ import annotations

import pytest

from cargotarget.model.manifest import Address, Route
from cargotarget.risk.frame import Filing
from cargotarget.risk.indicators import IndicatorConfig
from tests.risk.indicators.builders import (
    BASE,
    assess,
    bill,
    days,
    filed,
    goods,
    history,
    one,
    value,
)

GROUPS = {
    ("930190", False): "weapons and ammunition",
    ("360200", False): "explosives",
    ("291524", False): "drug precursors",
    ("293941", False): "drug precursors",
    ("050710", False): "wildlife (CITES)",
    ("284410", False): "strategic goods",
    ("930190", True): "weapons and ammunition",
    ("080390", True): "dangerous goods",
    ("080390", False): None,
    ("291521", False): None,
}


def test_high_risk_goods() -> None:
    bills = [bill(items=[goods("GOODS AS DESCRIBED", hs, dangerous=d)]) for hs, d in GROUPS]
    frame = assess(*(filed(b) for b in bills))
    assert dict(zip(GROUPS, frame["high_risk_goods_group"].cast(str), strict=True)) == GROUPS
    flags = [group is not None for group in GROUPS.values()]
    assert frame["high_risk_goods"].to_list() == flags


def test_a_complete_bill_has_no_data_quality_problem() -> None:
    assert one(bill(), "data_quality_problems") == 0.0


def test_data_quality_problems_are_counted() -> None:
    """Missing HS code, weight and notify party, an invalid package count, no origin and a
    consignee address without a country: six problems."""
    incomplete = bill(
        notify=None,
        items=[goods("FRESH BANANAS", None, packages=0, weight=None)],
        route=Route(port_of_loading="COCTG", port_of_discharge="JMKIN"),
        consignee_address=Address(lines=("12 Harbour Street",), city="Kingston"),
    )
    assert one(incomplete, "data_quality_problems") == 6.0


def test_an_hs_code_not_in_the_nomenclature_is_a_problem() -> None:
    assert one(bill(items=[goods(hs="770100")]), "data_quality_problems") == 1.0


def _paints(declared: int, undeclared: int) -> list[Filing]:
    """Earlier bills of paints (heading 3208), some declared as dangerous goods."""
    return [
        filed(
            bill(f"P{n}", items=[goods("ALKYD PAINT", "320810", dangerous=n < declared)]),
            BASE - days(50 - n),
        )
        for n in range(declared + undeclared)
    ]


def test_heading_dangerous_share() -> None:
    past = history(*_paints(declared=18, undeclared=2))
    paint = bill("NEW", items=[goods("ALKYD PAINT", "320810")])
    bananas = bill("FRUIT")
    frame = assess(filed(paint), filed(bananas), past=past)
    assert frame["heading_dangerous_share"].to_list() == [pytest.approx(0.9), None]


def test_heading_dangerous_share_needs_enough_earlier_bills_and_ignores_later_ones() -> None:
    past = history(*_paints(declared=10, undeclared=9))
    paint = bill("NEW", items=[goods("ALKYD PAINT", "320810")])
    assert value(assess(filed(paint), past=past), "heading_dangerous_share") is None
    config = IndicatorConfig(norm_min_samples=19)
    assert value(assess(filed(paint), past=past, config=config), "heading_dangerous_share") == (
        pytest.approx(10 / 19)
    )
    early = filed(paint, BASE - days(45))
    assert value(assess(early, past=past, config=config), "heading_dangerous_share") is None
