"""Cargo-XML written from demo manifests reads back as the same consignments, flights and
headers, for everything Cargo-XML carries."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from cargotarget.demo.generator import generate
from cargotarget.ingest.iata.awb import awb_problem
from cargotarget.ingest.iata.xml_conversion import air_waybill_number, as_air_manifest
from cargotarget.ingest.iata.xml_reader import read_cargo_xml
from cargotarget.ingest.iata.xml_writer import write_waybill, write_waybills
from cargotarget.ingest.registry import detect_format
from cargotarget.model.manifest import (
    Address,
    Consignment,
    DocumentKind,
    GoodsItem,
    Manifest,
    MessageFunction,
    Party,
    PartyRole,
    TransportMode,
    Voyage,
)
from cargotarget.model.problems import ParsedMessage


def _read(data: bytes) -> ParsedMessage:
    (message,) = read_cargo_xml(io.BytesIO(data))
    return message


def test_demo_manifests_round_trip_consignment_by_consignment() -> None:
    checked = houses = 0
    for filing in generate(600, seed=11):
        manifest = as_air_manifest(filing.manifest)
        assert manifest.voyage.mode is TransportMode.AIR
        for consignment, data in zip(manifest.consignments, write_waybills(manifest), strict=True):
            assert detect_format(data[:2048]) == "cargo_xml"
            message = _read(data)
            assert message.rejected == ()
            assert message.manifest is not None
            read = message.manifest
            assert read.consignments == (consignment,)
            assert (read.function, read.filed_at, read.provider) == (
                manifest.function,
                manifest.filed_at,
                manifest.provider,
            )
            if consignment.kind is DocumentKind.HOUSE:
                houses += 1
                assert read.voyage.voyage_number == f"AWB {consignment.master_bill_number}"
            else:
                assert read.voyage == manifest.voyage
            checked += 1
    assert checked >= 600
    assert houses > 0


def test_converted_bill_numbers_are_valid_and_stable() -> None:
    number = air_waybill_number("MEDUSH123457")
    assert awb_problem(number) is None
    assert air_waybill_number("MEDUSH123457") == number
    assert air_waybill_number("MEDUSH123458") != number


def _manifest(consignment: Consignment, function: MessageFunction) -> Manifest:
    voyage = Voyage(
        mode=TransportMode.AIR,
        carrier_code="LH",
        voyage_number="LH400/05MAR",
        departure_port="DEFRA",
        departure_at=datetime(2024, 3, 5, 9, 20, tzinfo=UTC),
        arrival_port="USNYC",
    )
    return Manifest(reference="R1", function=function, voyage=voyage, consignments=(consignment,))


@pytest.mark.parametrize("function", list(MessageFunction))
def test_purposes_round_trip(function: MessageFunction) -> None:
    consignment = Consignment(
        bill_number="020-12345675",
        kind=DocumentKind.SIMPLE,
        goods=(GoodsItem(sequence=1, description="BOOKS", hs_code="490199", volume_m3=0.00001),),
    )
    message = _read(write_waybill(_manifest(consignment, function), consignment))
    assert message.manifest is not None
    assert message.manifest.function is function
    assert message.manifest.consignments == (consignment,)


def test_text_that_xml_cannot_hold_is_refused_not_changed() -> None:
    party = Party(role=PartyRole.SHIPPER, name="ACME\x01 LTD", address=Address(city="X"))
    consignment = Consignment(
        bill_number="020-12345675",
        parties=(party,),
        goods=(GoodsItem(sequence=1, description="BOOKS"),),
    )
    with pytest.raises(ValueError, match="cannot be written in XML"):
        write_waybill(_manifest(consignment, MessageFunction.ORIGINAL), consignment)


def test_markup_in_text_is_escaped_and_read_back_as_text() -> None:
    hostile = '<script>alert("x")</script> & <!ENTITY x SYSTEM "file:///etc/passwd">'
    consignment = Consignment(
        bill_number="020-12345675",
        goods=(GoodsItem(sequence=1, description=hostile),),
        remarks=(hostile,),
    )
    data = write_waybill(_manifest(consignment, MessageFunction.ORIGINAL), consignment)
    assert b"<script>" not in data
    message = _read(data)
    assert message.manifest is not None
    assert message.manifest.consignments[0].goods[0].description == hostile
    assert message.manifest.consignments[0].remarks == (hostile,)
