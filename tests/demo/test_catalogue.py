"""The demo's reference data: real port codes from the shipped table, valid HS codes with packing
norms that fit the containers, carriers' codes, and generated identifiers that pass their checks."""

from __future__ import annotations

import random

import pytest

from cargotarget.demo.carriers import (
    CARRIERS,
    LESSOR_CODES,
    REEFER_LESSOR_CODES,
    container_number,
    imo_number,
)
from cargotarget.demo.commodities import BARRELS, COMMODITIES, VAGUE_DESCRIPTIONS
from cargotarget.demo.equipment import SIZE_TYPES
from cargotarget.demo.lanes import service_lanes
from cargotarget.demo.routes import DISCHARGE_PORTS, HUB_FEEDERS, HUBS, SERVICES
from cargotarget.demo.watchlist import WATCHLIST, vary
from cargotarget.model import reference
from cargotarget.model.codes import ContainerNumber, CountryCode, HsCode, ImoNumber, UnLocode
from tests.demo.streams import stream


def test_every_port_is_in_the_shipped_locode_table() -> None:
    ports = {port for s in SERVICES for port, _ in s.rotation} | set(HUBS)
    ports |= {p for feeders in HUB_FEEDERS.values() for p in feeders}
    assert all(UnLocode(port) in reference.locodes() for port in ports)


def test_services_end_at_the_demo_ports_with_calls_in_order() -> None:
    assert {s.discharge_port for s in SERVICES} == set(DISCHARGE_PORTS)
    assert len({s.code for s in SERVICES}) == len(SERVICES)
    for service in SERVICES:
        days = [day for _, day in service.rotation]
        assert days == sorted(set(days))


def test_commodities_carry_valid_hs_codes_and_distinct_descriptions() -> None:
    descriptions = [d for c in COMMODITIES for d in c.descriptions]
    assert len(descriptions) == len(set(descriptions))
    assert not set(descriptions) & set(VAGUE_DESCRIPTIONS)
    for commodity in COMMODITIES:
        assert len(HsCode(commodity.hs_code)) == 6
        assert all(CountryCode(country) for country, _ in (*commodity.origins, *BARRELS.origins))
        assert set(commodity.size_types) <= set(SIZE_TYPES)


def test_every_commodity_travels_on_some_service() -> None:
    carried = {lane.commodity.key for s in SERVICES for lane in service_lanes(s).lanes}
    assert carried == {c.key for c in COMMODITIES}


def test_carriers_and_lessors_own_valid_container_prefixes() -> None:
    rng = random.Random(1)
    owners = [code for c in CARRIERS.values() for code in c.owner_codes]
    for owner in (*owners, *LESSOR_CODES, *REEFER_LESSOR_CODES):
        assert ContainerNumber(container_number(rng, owner)).startswith(owner)


@pytest.mark.parametrize("first_six", [900000, 912345, 987654, 999999])
def test_generated_imo_numbers_pass_the_check_digit(first_six: int) -> None:
    assert ImoNumber(imo_number(first_six)) == imo_number(first_six)


def test_loaded_containers_stay_within_their_payload() -> None:
    for filing in stream():
        for bill in filing.manifest.consignments:
            for box in bill.equipment:
                load = sum(
                    (item.gross_weight_kg or 0.0) / len(item.container_numbers)
                    for item in bill.goods
                    if box.number in item.container_numbers
                )
                assert load <= SIZE_TYPES[box.size_type or ""].payload_kg + 1


def test_watch_list_variants_keep_the_listed_words_recognisable() -> None:
    rng = random.Random(2)
    for entry in WATCHLIST:
        for _ in range(10):
            name, kind = vary(rng, entry)
            assert kind in ("exact", "legal_form", "reordered", "transliterated")
            assert (name == entry.name) == (kind == "exact")
