"""Golden tests of the entry summary declaration reader, field by field.

The fixtures written for cargotarget must read into exactly the manifests below; the HMRC
samples (schema test data) must be mapped element by element as docs/formats/ens.md says, and
every placeholder in them that is not a valid code must be reported at its line and column.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from cargotarget.ingest.ens.declaration import group_items, read_consignment, read_header
from cargotarget.ingest.ens.marks import Marks
from cargotarget.ingest.ens.reader import read_ens
from cargotarget.ingest.ens.tree import parse_tree
from cargotarget.ingest.registry import detect_format, read_messages
from cargotarget.model.manifest import (
    Address,
    Consignment,
    DangerousGoods,
    DocumentKind,
    Equipment,
    EquipmentKind,
    FreightPayment,
    GoodsItem,
    Identifier,
    MessageFunction,
    Party,
    PartyRole,
    Route,
    TransportMode,
    Voyage,
)
from cargotarget.model.problems import ParsedMessage, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ens"


def _read(name: str) -> ParsedMessage:
    [message] = list(read_ens(io.BytesIO((FIXTURES / name).read_bytes())))
    return message


def _errors(message: ParsedMessage) -> list[tuple[str, str]]:
    found = [*message.problems, *(p for r in message.rejected for p in r.problems)]
    return [(p.code, p.position) for p in found if p.severity is Severity.ERROR]


SHIPPER = Party(
    role=PartyRole.SHIPPER,
    name="Hudson Valley Electronics Inc",
    address=Address(lines=("200 Park Avenue",), city="New York", postcode="10166", country="US"),
)
CONSIGNEE = Party(
    role=PartyRole.CONSIGNEE,
    name="Rhein Main Handels GmbH",
    address=Address(
        lines=("Mainzer Landstrasse 50",),
        city="Frankfurt am Main",
        postcode="60325",
        country="DE",
    ),
    identifiers=(Identifier(scheme="EORI", value="DE987654321000000"),),
)
CARRIER = Party(
    role=PartyRole.CARRIER,
    name="Deutsche Lufthansa AG",
    address=Address(country="DE"),
    identifiers=(Identifier(scheme="EORI", value="DE122652565000000"),),
)
AIR_ROUTE = Route(
    port_of_loading="USNYC", port_of_discharge="DEFRA", countries_of_routing=("US", "DE")
)


def test_air_declaration_reads_into_house_bills_under_their_master() -> None:
    message = _read("air_houses.xml")
    manifest = message.manifest
    assert manifest is not None
    assert detect_format((FIXTURES / "air_houses.xml").read_bytes()[:200]) == "ens"
    assert manifest.reference == "ENS-LH400-20260312"
    assert manifest.function is MessageFunction.ORIGINAL
    assert manifest.filed_at == datetime(2026, 3, 12, 8, 15, tzinfo=UTC)
    assert manifest.provider == "DE123456789012345/FRA"
    assert manifest.voyage == Voyage(
        mode=TransportMode.AIR,
        carrier_name="Deutsche Lufthansa AG",
        flag="DE",
        voyage_number="LH400",
        arrival_at=datetime(2026, 3, 13, 6, 40, tzinfo=UTC),
    )
    first, second = manifest.consignments
    assert first == Consignment(
        bill_number="HFRA1001",
        kind=DocumentKind.HOUSE,
        master_bill_number="020-12345675",
        freight_payment=FreightPayment.COLLECT,
        parties=(SHIPPER, CONSIGNEE, CARRIER),
        route=AIR_ROUTE,
        goods=(
            GoodsItem(
                sequence=1,
                description="LAPTOP COMPUTERS",
                hs_code="847130",
                package_count=20,
                package_kind="CT",
                gross_weight_kg=410.0,
                marks=("RMH 1-20",),
                container_numbers=("AKE12345LH",),
            ),
        ),
        equipment=(Equipment(number="AKE12345LH", kind=EquipmentKind.ULD),),
        remarks=("office of first entry DE004853", "document N380 INV-7781"),
    )
    assert second.bill_number == "HFRA1002"
    assert second.master_bill_number == "020-12345675"
    assert second.parties[-1] == Party(
        role=PartyRole.CONSIGNEE,
        name="Textil Kontor Offenbach KG",
        address=Address(
            lines=("Berliner Strasse 12",), city="Offenbach", postcode="63065", country="DE"
        ),
    )
    assert second.goods == (
        GoodsItem(
            sequence=2,
            description="COTTON T-SHIRTS",
            hs_code="610910",
            package_count=10,
            package_kind="BX",
            gross_weight_kg=150.5,
        ),
    )
    assert second.equipment == ()


def test_a_bad_transport_document_is_held_back_with_a_replayable_fragment() -> None:
    message = _read("air_houses.xml")
    [rejected] = message.rejected
    assert rejected.bill_number == "HFRA1003"
    assert [(p.code, p.position) for p in rejected.problems] == [
        ("invalid.HsCode", "line 93, column 13")
    ]
    assert b"HFRA1003" in rejected.fragment
    assert b"HFRA1001" not in rejected.fragment
    assert b"HFRA1002" not in rejected.fragment
    fixed = rejected.fragment.replace(b"84X1", b"847330")
    [again] = list(read_ens(io.BytesIO(fixed)))
    assert again.manifest is not None
    assert not again.rejected
    [replayed] = again.manifest.consignments
    assert replayed.bill_number == "HFRA1003"
    assert replayed.goods[0].hs_code == "847330"
    assert replayed.parties == (SHIPPER, CONSIGNEE, CARRIER)


def test_amendment_replaces_and_reads_the_sea_fields() -> None:
    message = _read("sea_amendment.xml")
    assert not _errors(message)
    manifest = message.manifest
    assert manifest is not None
    assert manifest.function is MessageFunction.REPLACE
    assert manifest.reference == "26NL0000000000001A"
    assert manifest.filed_at == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    assert manifest.voyage == Voyage(
        mode=TransportMode.SEA,
        imo_number="9074729",
        flag="PA",
        voyage_number="FE621W",
        arrival_at=datetime(2026, 3, 28, 12, 0, tzinfo=UTC),
    )
    [consignment] = manifest.consignments
    assert consignment.bill_number == "MEDU4711001"
    assert consignment.kind is DocumentKind.SIMPLE
    assert consignment.freight_payment is FreightPayment.CASH
    assert consignment.route == Route(
        port_of_loading="CNSHA", port_of_discharge="NLRTM", countries_of_routing=("CN", "NL")
    )
    # A consignee given by its EORI number alone is named by it.
    assert consignment.parties[1] == Party(
        role=PartyRole.CONSIGNEE,
        name="NL001234567B01",
        identifiers=(Identifier(scheme="EORI", value="NL001234567B01"),),
    )
    assert consignment.goods[0].dangerous_goods == (DangerousGoods(un_number="3480"),)
    assert consignment.goods[0].package_count == 400
    assert consignment.equipment == (
        Equipment(number="MSCU1234566", kind=EquipmentKind.CONTAINER, seals=("CN7731002",)),
    )
    assert consignment.remarks == ("office of first entry NL000396",)


def test_full_hmrc_sample_is_mapped_element_by_element() -> None:
    root = parse_tree((FIXTURES / "CC315A_full.xml").read_bytes())
    header = root.child("HEAHEA")
    assert header is not None
    manifest = read_header(root, header, Marks(root))
    assert (manifest.reference, manifest.provider) == ("refnum", "myeori/mybranch")
    assert manifest.filed_at == datetime(2003, 2, 11, 12, 34, tzinfo=UTC)
    assert manifest.voyage.mode is TransportMode.RAIL
    assert manifest.voyage.voyage_number == "conveyanceRefNum"
    assert manifest.voyage.carrier_name == "carrier name"
    [(bill, items)] = group_items(root, header).items()
    assert bill == "Commercial Reference Number"
    draft = read_consignment(root, header, bill, items, manifest.voyage.mode)
    c = draft.consignment
    assert [(p.role, p.name) for p in c.parties] == [
        (PartyRole.SHIPPER, "consignor name"),
        (PartyRole.CONSIGNEE, "consignee name"),
        (PartyRole.NOTIFY, "notify party name"),
        (PartyRole.CARRIER, "carrier name"),
        (PartyRole.SHIPPER, "consignor goods name"),
        (PartyRole.CONSIGNEE, "consignee goods name"),
        (PartyRole.NOTIFY, "notify party goods name"),
    ]
    assert c.parties[0].address == Address(
        lines=("consignor street",), city="consignor city", postcode="consignor", country="EN"
    )
    [item] = c.goods
    assert (item.sequence, item.description, item.hs_code) == (42, "Goods description", "comco")
    assert (item.package_count, item.package_kind, item.gross_weight_kg) == (1102, "AB", 123.456)
    assert item.marks == (
        "Marks numbers of packages (long)",
        "Marks numbers of packages (long)2",
    )
    assert item.container_numbers == ("CONTAINER1", "CONTAINER2")
    assert c.freight_payment is FreightPayment.PREPAID  # C, a cheque: paid before carriage
    assert c.route.countries_of_routing == ("AA", "BB")
    assert c.remarks == (
        "office of first entry AB3C4D5E",
        "document type Document reference",
        "document typ2 Document reference2",
        "special mention 123",
        "special mention 1234",
        "port of loading: Place of loading",
        "port of discharge: Place of unloading",
        "seal Seals identity",
        "seal Seals identity2",
    )


def test_every_defect_of_the_hmrc_samples_is_reported_where_it_is() -> None:
    full = _read("CC315A_full.xml")
    assert full.manifest is not None
    assert full.manifest.consignments == ()
    assert _errors(full) == [
        ("invalid.CountryCode", "line 136, column 9"),
        ("invalid.CountryCode", "line 35, column 9"),
        ("invalid.CountryCode", "line 43, column 9"),
        ("invalid.CountryCode", "line 51, column 9"),
        ("invalid.CountryCode", "line 183, column 9"),
        ("invalid.CountryCode", "line 87, column 13"),
        ("invalid.CountryCode", "line 98, column 13"),
        ("invalid.CountryCode", "line 131, column 13"),
        ("invalid.ContainerNumber", "line 102, column 13"),
        ("invalid.ContainerNumber", "line 105, column 13"),
        ("invalid.HsCode", "line 91, column 13"),
        ("invalid.un_number", "line 61, column 9"),
    ]
    # 'AA' is no country; 'BB', the second country of routing, is Barbados.


def test_reduced_and_schema_samples_fail_at_their_headers_with_reasons() -> None:
    reduced = _read("CC315A_reduced.xml")
    assert reduced.manifest is None
    assert reduced.fragment == (FIXTURES / "CC315A_reduced.xml").read_bytes()
    assert _errors(reduced)[0] == ("missing.voyage_number", "line 8, column 5")
    assert ("invalid.HsCode", "line 27, column 13") in _errors(reduced)
    schema = _read("CC315A-schemaValidSample-v11-2.xml")
    assert schema.manifest is None
    assert _errors(schema)[0] == ("invalid.CountryCode", "line 19, column 9")
    assert ("invalid.HsCode", "line 92, column 13") in _errors(schema)
    amendment = _read("CC313A_reduced.xml")
    assert amendment.manifest is not None
    assert amendment.manifest.function is MessageFunction.REPLACE
    assert [r.bill_number for r in amendment.rejected] == ["ABC123"]


def test_the_registry_hands_declarations_to_this_reader() -> None:
    data = (FIXTURES / "sea_amendment.xml").read_bytes()
    [message] = list(read_messages(io.BytesIO(data)))
    assert message.format == "ens"
    assert message.manifest is not None
    assert message.manifest.consignments[0].bill_number == "MEDU4711001"
