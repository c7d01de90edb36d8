"""The shared Cargo-XML samples (riege/one-record-converter), field by field, and their defects.

The samples' commodity codes (``000111``, ``000222``, ``1133557799``) are placeholders that are
not HS 2022 codes, so each sample's consignment is held back with the position of its code and
the document as its fragment; the consignment as read is checked field by field through the
waybill readers, which the reader runs before its checks.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cargotarget.ingest.iata.xml_document import parse_document
from cargotarget.ingest.iata.xml_header import Reading
from cargotarget.ingest.iata.xml_reader import read_cargo_xml
from cargotarget.ingest.iata.xml_waybill import read_house_waybill, read_waybill
from cargotarget.model.manifest import (
    DocumentKind,
    EquipmentKind,
    FreightPayment,
    Identifier,
    MessageFunction,
    PartyRole,
    TransportMode,
)
from cargotarget.model.problems import ParsedMessage, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cargo_xml"
ITEM = "/Waybill/MasterConsignment/ApplicableRating/IncludedMasterConsignmentItem"


def _read(name: str) -> ParsedMessage:
    with (FIXTURES / name).open("rb") as handle:
        messages = list(read_cargo_xml(handle))
    assert len(messages) == 1
    return messages[0]


def _reading(name: str) -> Reading:
    with (FIXTURES / name).open("rb") as handle:
        document = parse_document(handle)
    return (read_house_waybill if "XFZB" in name else read_waybill)(document)


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ("888-11111111_XFWB.xml", [(f"line 225, column 17 ({ITEM}/TypeCode)", "000111")]),
        ("888-11111111_XFWB_ACAS_US.xml", [(f"line 279, column 17 ({ITEM}/TypeCode)", "000111")]),
        (
            "888-11111111_XFWB_multipleULD_multipleHTS.xml",
            [
                (f"line 229, column 17 ({ITEM}/TypeCode)", "000111"),
                (f"line 282, column 17 ({ITEM}[2]/TypeCode)", "000222"),
            ],
        ),
        (
            "SEL22222222_XFZB.xml",
            [
                (
                    "line 121, column 17 (/HouseWaybill/MasterConsignment/IncludedHouseConsignment"
                    "/IncludedHouseConsignmentItem/TypeCode)",
                    "1133557799",
                )
            ],
        ),
    ],
)
def test_placeholder_commodity_codes_hold_the_consignment_back_with_their_position(
    name: str, errors: list[tuple[str, str]]
) -> None:
    message = _read(name)
    assert message.manifest is not None
    assert message.manifest.consignments == ()
    (rejected,) = message.rejected
    found = [(p.position, p.code) for p in rejected.problems if p.severity is Severity.ERROR]
    assert found == [(position, "invalid.HsCode") for position, _ in errors]
    for problem, (_, code) in zip(
        (p for p in rejected.problems if p.severity is Severity.ERROR), errors, strict=True
    ):
        assert code in problem.message
    assert rejected.fragment == (FIXTURES / name).read_bytes()


def test_master_waybill_header_and_flight() -> None:
    reading = _reading("888-11111111_XFWB.xml")
    assert reading.reference == "888-11111111"
    assert reading.function is MessageFunction.ORIGINAL
    assert reading.filed_at == datetime(2021, 3, 10, 10, 0, tzinfo=UTC)
    assert reading.provider == "RIEGESOFTWARE"
    voyage = reading.voyage
    assert voyage.mode is TransportMode.AIR
    assert voyage.voyage_number == "XX8012/10MAR"
    assert voyage.carrier_code == "XX"
    assert (voyage.departure_port, voyage.arrival_port) == ("IEORK", "IEDUB")
    assert voyage.departure_at == datetime(2021, 3, 10, tzinfo=UTC)


def test_master_waybill_consignment_field_by_field() -> None:
    consignment = _reading("888-11111111_XFWB.xml").parts[0].consignment
    assert consignment.bill_number == "888-11111111"
    assert consignment.kind is DocumentKind.MASTER
    assert consignment.freight_payment is FreightPayment.PREPAID
    route = consignment.route
    assert route.port_of_loading == "IEORK"
    assert route.transshipment_ports == ("IEDUB", "AEAUH")
    assert route.port_of_discharge == "CNSHA"
    shipper, consignee, forwarder = consignment.parties
    assert shipper.role is PartyRole.SHIPPER
    assert shipper.name == "FORWARDER COMPANY IRELAND LTD"
    assert shipper.address.lines == ("HARBOUR POINT BUSINESS PARK",)
    assert (shipper.address.city, shipper.address.postcode) == ("LITTLE CITY", "ABCD")
    assert shipper.address.country == "IE"
    assert shipper.identifiers == (
        Identifier(scheme="ACCOUNT", value="SHP_ACCOUNT_NO_1234"),
        Identifier(scheme="TIN", value="IE1234567N"),
    )
    assert shipper.contact == "353123456789; HILDA HILARIOUS"
    assert consignee.name == "FORWARDER COMPANY SHANGHAI LTD"
    assert consignee.address.lines == (
        "ROOM 123 SPECIAL BUILDING. NR 987",
        "SUHANG RD. PUDONG AIRPORT",
        "AIRPORT ROAD",
    )
    assert consignee.identifiers == (Identifier(scheme="TIN", value="USCI1234567812345678X7"),)
    assert consignee.contact == "861234567890; PAUL PERSON; 862123454321"
    assert forwarder.role is PartyRole.FORWARDER
    assert forwarder.identifiers[1] == Identifier(scheme="IATA", value="3456789")
    (item,) = consignment.goods
    assert item.sequence == 1
    assert item.hs_code == "000111"
    assert item.description.startswith("CONSOLIDATION AS PER ATTACHED MANIFEST SECURE CARGO")
    assert (item.package_count, item.gross_weight_kg, item.volume_m3) == (3, 1042.0, 2.602)
    assert consignment.remarks[:4] == (
        "special handling: NSC",
        "4 PALLETS",
        "TEMPERATURE CONTROL 15 TO 25 DEGREES CELSIUS",
        "HANDLE WITH CARE",
    )
    assert "OCI IE/ISS/RA: 01234-01" in consignment.remarks
    assert consignment.remarks[-1] == "onward flight XX345/12MAR IEDUB-AEAUH"


def test_acas_variant_keeps_the_us_customs_notes_as_remarks() -> None:
    remarks = _reading("888-11111111_XFWB_ACAS_US.xml").parts[0].consignment.remarks
    assert "OCI US/CUS/RT: B2B" in remarks
    assert "OCI US/CUS/AE: 20JAN23" in remarks
    assert remarks.count("OCI US/CUS/AH: S") == 2


def test_several_ulds_and_hts_codes() -> None:
    part = _reading("888-11111111_XFWB_multipleULD_multipleHTS.xml").parts[0]
    consignment = part.consignment
    assert [e.number for e in consignment.equipment] == ["PMC1337XX", "AKE4711XX"]
    assert {e.kind for e in consignment.equipment} == {EquipmentKind.ULD}
    assert [e.size_type for e in consignment.equipment] == ["PMC", "AKE"]
    first, second = consignment.goods
    assert first.container_numbers == ("PMC1337XX", "AKE4711XX")
    assert (second.sequence, second.hs_code, second.gross_weight_kg) == (2, "000222", None)
    assert second.description == first.description
    (borrowed,) = [p for p in part.fields.problems if p.code == "missing.description"]
    assert borrowed.severity is Severity.WARNING
    assert borrowed.position == (
        f"line 280, column 13 ({ITEM}[2]/NatureIdentificationTransportCargo, absent)"
    )


def test_house_waybill_field_by_field() -> None:
    reading = _reading("SEL22222222_XFZB.xml")
    assert reading.reference == "SEL22222222"
    assert reading.voyage.voyage_number == "AWB 888-11111111"
    assert reading.filed_at == datetime(2022, 4, 29, 8, 10, tzinfo=UTC)
    house = reading.parts[0].consignment
    assert house.bill_number == "SEL22222222"
    assert house.kind is DocumentKind.HOUSE
    assert house.master_bill_number == "888-11111111"
    assert (house.route.port_of_loading, house.route.port_of_discharge) == ("KRINC", "DEFDH")
    shipper, consignee = house.parties
    assert shipper.name == "SPARE PART LTD."
    assert shipper.identifiers == (Identifier(scheme="TIN", value="5432109876"),)
    assert shipper.contact == "055281234567890; KIM QUAN KWUN; 0553456789012"
    assert consignee.name == "REPAIR DIENST GMBH"
    assert consignee.address.city == "FRIEDRICHSHAFEN"
    assert consignee.contact is None
    (item,) = house.goods
    assert (item.description, item.hs_code) == ("SPARE PARTS", "1133557799")
    assert (item.package_count, item.gross_weight_kg) == (5, 133.7)


def test_house_waybill_pieces_that_do_not_add_up_are_reported() -> None:
    problems = _reading("SEL22222222_XFZB.xml").parts[0].fields.problems
    (pieces,) = [p for p in problems if p.code == "inconsistent.pieces"]
    assert pieces.message == "the items have 5 pieces, the consignment's total is 10"
    assert pieces.position == (
        "line 60, column 13 "
        "(/HouseWaybill/MasterConsignment/IncludedHouseConsignment/TotalPieceQuantity)"
    )
