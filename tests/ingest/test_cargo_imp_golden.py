"""Golden tests of the Cargo-IMP reader, field by field, on fixtures built from the published
FWB, FHL and FFM layouts (tests/fixtures/cargo_imp/README.md)."""

from __future__ import annotations

import io
from pathlib import Path

from cargotarget.ingest.iata.imp_reader import read_cargo_imp
from cargotarget.ingest.registry import detect_format, read_messages
from cargotarget.model.manifest import (
    Address,
    Consignment,
    DocumentKind,
    Equipment,
    EquipmentKind,
    FreightPayment,
    GoodsItem,
    Identifier,
    Party,
    PartyRole,
    PortCall,
    Route,
    TransportMode,
    Voyage,
)
from cargotarget.model.problems import ParsedMessage, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cargo_imp"


def _read(name: str) -> list[ParsedMessage]:
    return list(read_cargo_imp(io.BytesIO((FIXTURES / name).read_bytes())))


def _errors(message: ParsedMessage) -> list[tuple[str, str]]:
    found = [*message.problems, *(p for r in message.rejected for p in r.problems)]
    return [(p.code, p.position) for p in found if p.severity is Severity.ERROR]


def test_fwb_reads_into_one_air_waybill_on_its_booked_flight() -> None:
    [message] = _read("fwb16_simple.fwb")
    assert not _errors(message)
    manifest = message.manifest
    assert manifest is not None
    assert manifest.reference == "176-12345675"
    assert manifest.voyage == Voyage(
        mode=TransportMode.AIR, carrier_code="BA", voyage_number="BA117/14", departure_port="GBLHR"
    )
    [awb] = manifest.consignments
    assert awb == Consignment(
        bill_number="176-12345675",
        kind=DocumentKind.SIMPLE,
        freight_payment=FreightPayment.PREPAID,
        parties=(
            Party(
                role=PartyRole.SHIPPER,
                name="BRITANNIA TEXTILES LTD",
                address=Address(
                    lines=("12 WHARF ROAD",), city="LONDON", postcode="N17AA", country="GB"
                ),
                identifiers=(Identifier(scheme="EORI", value="GB123456789000"),),
                contact="TE 442071234567",
            ),
            Party(
                role=PartyRole.CONSIGNEE,
                name="EMPIRE APPAREL INC",
                address=Address(
                    lines=("350 FIFTH AVENUE",),
                    city="NEW YORK",
                    subdivision="NY",
                    postcode="10118",
                    country="US",
                ),
                identifiers=(
                    Identifier(scheme="ACCOUNT", value="ACC123"),
                    Identifier(scheme="EIN", value="13-1234567"),
                ),
            ),
            Party(
                role=PartyRole.NOTIFY,
                name="EMPIRE CUSTOMS BROKERS",
                address=Address(
                    lines=("1 CUSTOMS PLAZA",),
                    city="JAMAICA",
                    subdivision="NY",
                    postcode="11430",
                    country="US",
                ),
            ),
            Party(
                role=PartyRole.FORWARDER,
                name="THAMES FREIGHT LTD",
                address=Address(city="LONDON"),
                identifiers=(Identifier(scheme="IATA", value="1234567"),),
            ),
        ),
        route=Route(port_of_loading="GBLHR", port_of_discharge="USNYC", origin_country="GB"),
        goods=(
            GoodsItem(
                sequence=1,
                description="MENS COTTON SHIRTS",
                hs_code="610510",
                package_count=2,
                gross_weight_kg=100.0,
                volume_m3=0.52,
            ),
        ),
    )


def test_fwb_consolidation_is_a_master_with_its_uld_and_codes() -> None:
    [message] = _read("fwb17_consolidation.fwb")
    assert not _errors(message)
    assert message.manifest is not None
    assert message.manifest.voyage.voyage_number == "LH430/12"
    [awb] = message.manifest.consignments
    assert awb.kind is DocumentKind.MASTER
    assert awb.freight_payment is FreightPayment.COLLECT
    assert awb.route == Route(port_of_loading="DEFRA", port_of_discharge="USCHI")
    assert awb.goods == (
        GoodsItem(
            sequence=1,
            description="CONSOLIDATION AS PER ATTACHED LIST",
            hs_code="870830",
            package_count=42,  # the shipper's load and count, not the one ULD handed over
            gross_weight_kg=320.5,
            container_numbers=("AKE12345LH",),
        ),
        GoodsItem(sequence=2, description="CONSOLIDATION AS PER ATTACHED LIST", hs_code="848210"),
    )
    assert awb.equipment == (Equipment(number="AKE12345LH", kind=EquipmentKind.ULD),)
    assert awb.remarks == ("KEEP DRY",)
    # Chicago is a well-formed UN/LOCODE missing from the shipped table: a warning only.
    [warning] = message.problems
    assert (warning.code, warning.position) == ("unknown.UnLocode", "line 2, column 16")


def test_old_layout_parties_and_pounds_are_read() -> None:
    [message] = _read("fwb9_old_layout.fwb")
    assert message.manifest is not None
    [awb] = message.manifest.consignments
    assert [p.name for p in awb.parties] == ["ACME WIDGETS LTD", "PACIFIC TRADERS"]
    assert awb.parties[1].address == Address(
        lines=("9 OCEAN BLVD",),
        city="LOS ANGELES",
        subdivision="CA",
        postcode="90045",
        country="US",
    )
    assert awb.goods[0].gross_weight_kg == 10.002  # 22.05 lb
    assert awb.route.port_of_discharge == "USLAX"


def test_fhl_houses_are_linked_to_their_master() -> None:
    [message] = _read("fhl4_houses.fhl")
    manifest = message.manifest
    assert manifest is not None
    assert manifest.reference == "FHL 020-12345675"
    assert manifest.voyage == Voyage(
        mode=TransportMode.AIR,
        voyage_number="AWB 020-12345675",
        departure_port="DEFRA",
        arrival_port="USCHI",
    )
    [house] = manifest.consignments
    assert house.bill_number == "FRA0001"
    assert house.kind is DocumentKind.HOUSE
    assert house.master_bill_number == "020-12345675"
    assert house.freight_payment is FreightPayment.PREPAID
    assert house.parties[0] == Party(
        role=PartyRole.SHIPPER,
        name="BREMSEN WERK GMBH",
        address=Address(
            lines=("INDUSTRIESTRASSE 5",), city="FRANKFURT", postcode="60314", country="DE"
        ),
        identifiers=(Identifier(scheme="EORI", value="DE123456789012345"),),
    )
    assert house.parties[1].name == "MIDWEST AUTO SUPPLY LLC"
    description = "BRAKE PADS FOR PASSENGER CARS AND BRAKE DISCS"
    assert house.goods == (
        GoodsItem(
            sequence=1,
            description=description,
            hs_code="870830",
            package_count=10,
            gross_weight_kg=220.5,
        ),
        GoodsItem(sequence=2, description=description, hs_code="681381"),
    )


def test_a_bad_house_is_held_back_as_an_fhl_of_its_own() -> None:
    [message] = _read("fhl4_houses.fhl")
    [rejected] = message.rejected
    assert rejected.bill_number == "FRA0002"
    assert ("invalid.HsCode", "line 22, column 5") in _errors(message)
    text = rejected.fragment.decode()
    assert text.startswith("FHL/4\r\nMBI/020-12345675FRAORD/T15K320.5\r\nHBS/FRA0002/")
    assert "FRA0001" not in text
    [again] = list(read_cargo_imp(io.BytesIO(rejected.fragment.replace(b"8482X0", b"848210"))))
    assert again.manifest is not None
    assert [c.bill_number for c in again.manifest.consignments] == ["FRA0002"]
    assert again.manifest.consignments[0].master_bill_number == "020-12345675"


def test_ffm_reads_the_flight_its_ulds_and_its_air_waybills() -> None:
    [message] = _read("ffm8_flight.ffm")
    manifest = message.manifest
    assert manifest is not None
    assert manifest.reference == "FFM LH400/12MAR FRA part 1"
    assert manifest.voyage == Voyage(
        mode=TransportMode.AIR,
        carrier_code="LH",
        voyage_number="LH400/12MAR",
        departure_port="DEFRA",
        port_calls=(PortCall(locode="USNYC"), PortCall(locode="USCHI")),
        arrival_port="USCHI",
    )
    bulk, laptops, books, toys = manifest.consignments
    assert bulk == Consignment(
        bill_number="176-12345675",
        route=Route(
            port_of_loading="GBLHR", transshipment_ports=("DEFRA",), port_of_discharge="USNYC"
        ),
        goods=(
            GoodsItem(
                sequence=1, description="MENS SHIRTS", package_count=2, gross_weight_kg=100.0
            ),
        ),
        remarks=("special handling ECC",),
    )
    assert laptops.equipment == (Equipment(number="AKE12345LH", kind=EquipmentKind.ULD),)
    assert laptops.goods[0].container_numbers == ("AKE12345LH",)
    assert laptops.remarks == ("special handling ELI", "OCI US ISS T ACAS ASSESSED")
    # Split over two ULDs: one consignment, a goods item per part.
    assert books.split
    assert [(g.package_count, g.container_numbers) for g in books.goods] == [
        (3, ("AKE12345LH",)),
        (3, ("PMC54321LH",)),
    ]
    assert [e.number for e in books.equipment] == ["AKE12345LH", "PMC54321LH"]
    assert toys.route.port_of_discharge == "USCHI"
    assert toys.goods[0].volume_m3 == 0.2


def test_an_awb_with_a_wrong_check_digit_is_held_back_with_its_flight_and_uld() -> None:
    [message] = _read("ffm8_flight.ffm")
    [rejected] = message.rejected
    assert rejected.bill_number == "176-99999999"
    assert [(p.code, p.position) for p in rejected.problems] == [
        ("invalid.awb_number", "line 13, column 1")
    ]
    assert rejected.fragment.decode().split("\r\n") == [
        "FFM/8",
        "1/LH400/12MAR/FRA/DABYT",
        "JFK/12MAR1350",
        "ULD/PMC54321LH",
        "176-99999999FRAJFK/T1K5.0/DOCUMENTS",
        "LAST",
        "",
    ]


def test_several_messages_in_one_input_are_read_in_turn() -> None:
    data = (FIXTURES / "master_and_houses.imp").read_bytes()
    assert detect_format(data[:100]) == "cargo_imp"
    fwb, fhl = list(read_messages(io.BytesIO(data)))
    assert fwb.manifest is not None
    assert fhl.manifest is not None
    assert fwb.manifest.consignments[0].bill_number == "020-12345675"
    assert fhl.manifest.consignments[0].master_bill_number == "020-12345675"
    # Positions count lines in the whole input.
    assert ("invalid.HsCode", "line 44, column 5") in _errors(fhl)
