"""Routing: hubs, high-risk countries, commodity and origin pairs, rare commodities."""

from __future__ import annotations

import msgspec
import pytest

from cargotarget.model.manifest import Route
from cargotarget.risk.frame import Filing
from cargotarget.risk.indicators import IndicatorConfig
from tests.risk.indicators.builders import (
    BASE,
    assess,
    bill,
    column,
    days,
    filed,
    goods,
    history,
    outcomes,
    value,
)

COLOMBIA_TO_KINGSTON = Route(
    port_of_loading="COCTG", port_of_discharge="JMKIN", origin_country="CO"
)


def _route(**changes: object) -> Route:
    return msgspec.structs.replace(COLOMBIA_TO_KINGSTON, **changes)


def test_hub_transshipment_count() -> None:
    routes = [(), ("PAMIT",), ("PAMIT", "DOCAU", "USMIA"), ("USMIA",)]
    bills = [bill(route=_route(transshipment_ports=ports)) for ports in routes]
    assert column("hub_transshipment_count", *bills) == [0.0, 1.0, 2.0, 0.0]


def test_the_hub_list_is_configurable() -> None:
    consignment = bill(route=_route(transshipment_ports=("USMIA",)))
    config = IndicatorConfig(transshipment_hubs=("USMIA",))
    assert column("hub_transshipment_count", consignment, config=config) == [1.0]


def test_high_risk_country_in_routing() -> None:
    routes = {
        "clean": _route(),
        "origin": _route(origin_country="IR"),
        "loading": _route(port_of_loading="IRBND"),
        "receipt": _route(place_of_receipt="KPNAM"),
        "transshipment": _route(transshipment_ports=("SYLTK",)),
        "routing": _route(countries_of_routing=("CO", "IR", "JM")),
    }
    cases = {case: bill(route=route) for case, route in routes.items()}
    expected = {case: case != "clean" for case in routes}
    assert outcomes("high_risk_country_in_routing", cases) == expected


def test_high_risk_origin_commodity() -> None:
    pairs = {"CO 080390": True, "EC 080310": True, "CR 080390": False, "CO 090111": False}
    cases = {
        pair: bill(
            route=_route(origin_country=pair[:2]), items=[goods("GOODS OF ORIGIN", pair[3:])]
        )
        for pair in pairs
    }
    assert outcomes("high_risk_origin_commodity", cases) == pairs


def _from_colombia(coffee: int, bananas: int) -> list[Filing]:
    coffee_bills = [
        filed(bill(f"C{n}", items=[goods("GREEN COFFEE BEANS", "090111")]), BASE - days(60 - n))
        for n in range(coffee)
    ]
    banana_bills = [filed(bill(f"B{n}"), BASE - days(40 - n)) for n in range(bananas)]
    return [*coffee_bills, *banana_bills]


def test_origin_chapter_share() -> None:
    past = history(*_from_colombia(coffee=18, bananas=2))
    frame = assess(filed(bill("NEW")), past=past)
    assert value(frame, "origin_chapter_share") == pytest.approx(0.1)


def test_origin_chapter_share_needs_enough_shipments_from_the_origin() -> None:
    past = history(*_from_colombia(coffee=17, bananas=2))
    assert value(assess(filed(bill("NEW")), past=past), "origin_chapter_share") is None
    config = IndicatorConfig(rarity_min_shipments=19)
    shared = value(assess(filed(bill("NEW")), past=past, config=config), "origin_chapter_share")
    assert shared == pytest.approx(2 / 19)


def test_a_commodity_never_shipped_from_the_origin_has_a_share_of_zero() -> None:
    past = history(*_from_colombia(coffee=20, bananas=0))
    laptops = bill("NEW", items=[goods("LAPTOP COMPUTERS", "847130")])
    assert value(assess(filed(laptops), past=past), "origin_chapter_share") == 0.0
