"""High-risk goods and the quality of the data filed."""

from __future__ import annotations

from cargotarget.model.manifest import Address, Route
from tests.risk.indicators.builders import assess, bill, filed, goods, one

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
