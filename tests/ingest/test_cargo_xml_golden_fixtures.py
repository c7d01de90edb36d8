"""Cargo-XML fixtures built from the message structures, read field by field; amendments and
cancellations; a bad waybill on a flight manifest held back alone."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cargotarget.ingest.iata.xml_reader import read_cargo_xml
from cargotarget.ingest.registry import detect_format
from cargotarget.model.manifest import (
    DangerousGoods,
    DocumentKind,
    Equipment,
    EquipmentKind,
    FreightPayment,
    Identifier,
    Manifest,
    MessageFunction,
    PartyRole,
    PortCall,
    TransportMode,
)
from cargotarget.model.problems import ParsedMessage, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cargo_xml"


def _read(data: bytes) -> ParsedMessage:
    (message,) = read_cargo_xml(io.BytesIO(data))
    return message


def _manifest(name: str) -> Manifest:
    message = _read((FIXTURES / name).read_bytes())
    assert message.manifest is not None
    assert message.rejected == ()
    return message.manifest


def test_every_fixture_is_recognised_as_cargo_xml() -> None:
    for path in FIXTURES.glob("*.xml"):
        assert detect_format(path.read_bytes()[:4096]) == "cargo_xml", path.name


def test_master_waybill_fixture() -> None:
    manifest = _manifest("020-12345675_XFWB.xml")
    assert manifest.reference == "020-12345675"
    assert manifest.filed_at == datetime(2024, 3, 4, 9, 12, tzinfo=UTC)
    assert manifest.provider == "LHCARGO"
    voyage = manifest.voyage
    assert (voyage.mode, voyage.carrier_code) == (TransportMode.AIR, "LH")
    assert voyage.voyage_number == "LH400/05MAR"
    assert voyage.departure_at == datetime(2024, 3, 5, 9, 20, tzinfo=UTC)
    assert voyage.arrival_at == datetime(2024, 3, 5, 18, 5, tzinfo=UTC)
    (master,) = manifest.consignments
    assert master.kind is DocumentKind.MASTER
    assert master.freight_payment is FreightPayment.COLLECT
    assert (master.route.port_of_loading, master.route.port_of_discharge) == ("DEFRA", "USNYC")
    roles = [p.role for p in master.parties]
    assert roles == [PartyRole.SHIPPER, PartyRole.CONSIGNEE, PartyRole.FORWARDER, PartyRole.NOTIFY]
    shipper, consignee, forwarder, notify = master.parties
    assert shipper.address.subdivision == "HE"
    assert shipper.contact == "ANNA WEBER; +49 69 123456"
    assert Identifier(scheme="TIN", value="DE123456789012345") in shipper.identifiers
    assert consignee.name == "HUDSON FREIGHT SERVICES INC"
    assert consignee.address.lines == ("ATTN IMPORT DESK", "BUILDING 151 JFK AIRPORT")
    assert consignee.contact == "MARK HUDSON"
    assert forwarder.identifiers == (Identifier(scheme="IATA", value="2347110"),)
    assert notify.name == "HUDSON CUSTOMS BROKERAGE LLC"
    laptops, batteries = master.goods
    assert laptops.description == "LAPTOP COMPUTERS WITH LITHIUM ION BATTERIES UN3481"
    assert (laptops.hs_code, laptops.package_count, laptops.gross_weight_kg) == (
        "847130",
        20,
        412.5,
    )
    assert laptops.dangerous_goods == (DangerousGoods(un_number="3481", hazard_class="9"),)
    assert batteries.hs_code == "850760"
    assert batteries.gross_weight_kg == pytest.approx(100.0, abs=0.001)
    assert batteries.volume_m3 == 0.6
    assert batteries.container_numbers == ("AKE12345LH",)
    assert master.equipment == (
        Equipment(number="AKE12345LH", kind=EquipmentKind.ULD, size_type="AKE"),
    )
    assert master.remarks[:2] == ("special handling: ELI RBI", "KEEP AWAY FROM HEAT")


def test_house_waybill_fixture_names_its_master() -> None:
    manifest = _manifest("FRA-H-77120_XFZB.xml")
    (house,) = manifest.consignments
    assert (house.bill_number, house.kind) == ("FRA-H-77120", DocumentKind.HOUSE)
    assert house.master_bill_number == "020-12345675"
    assert manifest.voyage.voyage_number == "AWB 020-12345675"
    assert house.route.port_of_loading == "DEMUC"
    assert house.goods[0].dangerous_goods == (DangerousGoods(un_number="3481"),)


def test_flight_manifest_fixture() -> None:
    manifest = _manifest("LH400_XFFM.xml")
    assert manifest.reference == "LH400/05MAR/FRA"
    voyage = manifest.voyage
    assert voyage.voyage_number == "LH400/05MAR"
    assert voyage.carrier_code == "LH"
    assert voyage.port_calls == (
        PortCall(locode="DEFRA", etd=datetime(2024, 3, 5, 9, 20, tzinfo=UTC)),
        PortCall(locode="USNYC", eta=datetime(2024, 3, 5, 18, 5, tzinfo=UTC)),
    )
    assert (voyage.arrival_port, voyage.arrival_at) == ("USNYC", voyage.port_calls[1].eta)
    master, split, onward = manifest.consignments
    assert master.bill_number == "020-12345675"
    assert master.goods[0].container_numbers == ("AKE12345LH",)
    assert [g.un_number for g in master.goods[0].dangerous_goods] == ["3481", "3480"]
    assert split.bill_number == "020-23456786"
    assert split.split
    assert [(g.package_count, g.gross_weight_kg) for g in split.goods] == [(30, 800.0), (10, 200.0)]
    assert [g.container_numbers for g in split.goods] == [("PMC54321LH",), ()]
    assert [e.number for e in split.equipment] == ["PMC54321LH"]
    assert onward.route.transshipment_ports == ("USNYC",)
    assert onward.route.port_of_discharge == "USCHI"
    assert onward.remarks == ("special handling: PIL COL",)
    assert not onward.split


def test_update_and_deletion_are_replace_and_cancel() -> None:
    data = (FIXTURES / "020-12345675_XFWB.xml").read_bytes()
    update = _read(data.replace(b">Creation<", b">Update<"))
    assert update.manifest is not None
    assert update.manifest.function is MessageFunction.REPLACE
    start, end = data.index(b"<ram:ApplicableRating>"), data.index(b"</ram:ApplicableRating>")
    bare = data[:start] + data[end + len(b"</ram:ApplicableRating>") :]
    deletion = _read(bare.replace(b">Creation<", b">Deletion<"))
    assert deletion.manifest is not None
    assert deletion.manifest.function is MessageFunction.CANCEL
    assert [c.bill_number for c in deletion.manifest.consignments] == ["020-12345675"]
    assert _read(bare).rejected[0].problems[0].code == "missing.goods"


def test_an_unknown_purpose_rejects_the_message() -> None:
    data = (FIXTURES / "020-12345675_XFWB.xml").read_bytes().replace(b">Creation<", b">Maybe<")
    message = _read(data)
    assert message.manifest is None
    (problem,) = [p for p in message.problems if p.severity is Severity.ERROR]
    assert problem.code == "invalid.purpose"
    assert problem.position == "line 8, column 5 (/Waybill/MessageHeaderDocument/PurposeCode)"
    assert message.fragment == data


def test_a_bad_check_digit_holds_back_that_waybill_alone_with_a_manifest_of_its_own() -> None:
    data = (FIXTURES / "LH400_XFFM.xml").read_bytes().replace(b"020-34567890", b"020-34567891")
    message = _read(data)
    assert message.manifest is not None
    assert [c.bill_number for c in message.manifest.consignments] == [
        "020-12345675",
        "020-23456786",
    ]
    (rejected,) = message.rejected
    assert rejected.bill_number == "020-34567891"
    (problem,) = [p for p in rejected.problems if p.severity is Severity.ERROR]
    assert problem.code == "invalid.awb"
    assert "check digit is 1, the modulo 7 rule gives 0" in problem.message
    assert problem.position == (
        "line 134, column 11 (/FlightManifest/ArrivalEvent/AssociatedTransportCargo[3]"
        "/IncludedMasterConsignment[2]/TransportContractDocument/ID)"
    )
    fragment = _read(rejected.fragment.replace(b"020-34567891", b"020-34567890"))
    assert fragment.manifest is not None
    assert fragment.manifest.voyage == message.manifest.voyage
    (replayed,) = fragment.manifest.consignments
    assert replayed.bill_number == "020-34567890"
    assert replayed.goods[0].description == "PHARMACEUTICALS"


def test_a_split_waybill_is_held_back_with_all_its_parts() -> None:
    data = (FIXTURES / "LH400_XFFM.xml").read_bytes().replace(b">MUC<", b">MU1<", 1)
    data = data.replace(b"<ram:TotalPieceQuantity>10<", b"<ram:TotalPieceQuantity>-10<")
    message = _read(data)
    (rejected,) = message.rejected
    assert rejected.bill_number == "020-23456786"
    assert [p.code for p in rejected.problems if p.severity is Severity.ERROR] == [
        "invalid.quantity"
    ]
    assert rejected.fragment.count(b"<ram:IncludedMasterConsignment>") == 2
    assert b"020-12345675" not in rejected.fragment
    assert b"PMC" in rejected.fragment
