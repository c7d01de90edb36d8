"""Exact screening of containers, vessels, bills, identifiers, HS prefixes, countries, ports
and keywords."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cargotarget.model.manifest import (
    Address,
    Consignment,
    Equipment,
    GoodsItem,
    Identifier,
    Party,
    PartyRole,
    Route,
    TransportMode,
    Voyage,
)
from cargotarget.screening import EntryKind, FiledValue, ValueScreen, load_csv

TODAY = date(2025, 6, 1)


def screen(watchlists: Path) -> ValueScreen:
    return ValueScreen(load_csv(watchlists / "basic.csv", list_name="L").entries)


def test_a_consignment_hits_every_kind_of_value_entry(watchlists: Path) -> None:
    consignment = Consignment(
        bill_number="MEBU123456",
        parties=(
            Party(
                role=PartyRole.SHIPPER,
                name="Someone",
                address=Address(country="IR"),
                identifiers=(Identifier(scheme="EORI", value="de-123 456 789"),),
            ),
        ),
        route=Route(port_of_loading="CNSHA", transshipment_ports=("PAMIT",)),
        goods=(
            GoodsItem(sequence=1, description="STC: said to contain bananas", hs_code="08039010"),
        ),
        equipment=(Equipment(number="MSCU 123456 6"),),
    )
    voyage = Voyage(mode=TransportMode.SEA, voyage_number="V1", imo_number="IMO 9074729")
    hits = screen(watchlists).screen_consignment(consignment, voyage, on=TODAY)
    found = {(hit.entry.entry_id, hit.field, hit.listed) for hit in hits}
    assert found == {
        ("B1", "bill_number", "MEBU123456"),
        ("N1", "parties.shipper.address.country", "IR"),
        ("I1", "parties.shipper.identifiers.EORI", "DE123456789"),
        ("T1", "route.transshipment_ports", "PAMIT"),
        ("K1", "goods[1].description", "SAID TO CONTAIN"),
        ("H1", "goods[1].hs_code", "080390"),
        ("C1", "equipment.number", "MSCU1234566"),
        ("V1", "voyage.imo_number", "9074729"),
    }


def test_near_misses_do_not_match(watchlists: Path) -> None:
    values = [
        FiledValue("goods[1].hs_code", EntryKind.HS_CODE, "0804"),
        FiledValue("goods[1].description", EntryKind.KEYWORD, "contain said"),
        FiledValue("goods[1].description", EntryKind.KEYWORD, "SAID TO CONTAINS"),
        FiledValue("bill_number", EntryKind.BILL, "MEBU1234567"),
        FiledValue("route.origin_country", EntryKind.COUNTRY, "IQ"),
    ]
    assert screen(watchlists).screen(values, on=TODAY) == []


def test_party_identifiers_from_a_list_match_filed_identifiers(watchlists: Path) -> None:
    values = [FiledValue("parties.consignee.identifiers.TIN", EntryKind.COMPANY_ID, "hk 99")]
    (hit,) = screen(watchlists).screen(values, on=TODAY)
    assert hit.entry.entry_id == "P1"


def test_expired_value_entries_never_match() -> None:
    rows = (
        "id,kind,value,reason,valid_from,expires\n"
        "OLD,container,MSCU1234566,old,2019-01-01,2020-01-01\n"
        "NEW,container,MSCU1234566,new,2026-01-01,\n"
    )
    value_screen = ValueScreen(load_csv(rows, list_name="L").entries)
    filed = [FiledValue("equipment.number", EntryKind.CONTAINER, "MSCU1234566")]
    assert value_screen.screen(filed, on=TODAY) == []
    assert [h.entry.entry_id for h in value_screen.screen(filed, on=date(2019, 6, 1))] == ["OLD"]
