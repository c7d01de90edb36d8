"""Golden X12 files read field by field: 309 fixtures built from the published 004010 layout
(tests/fixtures/x12/README.md) and the shared 310 sample with its envelope corrected."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from cargotarget.ingest.x12.reader import read_x12
from cargotarget.model.manifest import (
    Address,
    DangerousGoods,
    DocumentKind,
    Equipment,
    FreightPayment,
    GoodsItem,
    Identifier,
    Manifest,
    MessageFunction,
    Party,
    PartyRole,
    Route,
    TransportMode,
)
from cargotarget.model.problems import ParsedMessage, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x12"


def read(name: str) -> list[ParsedMessage]:
    with (FIXTURES / name).open("rb") as handle:
        return list(read_x12(handle))


def only_manifest(name: str) -> Manifest:
    (message,) = read(name)
    assert message.rejected == ()
    assert [p for p in message.problems if p.severity is Severity.ERROR] == []
    assert message.manifest is not None
    return message.manifest


def test_309_heading_gives_the_voyage() -> None:
    manifest = only_manifest("309_sea_import.edi")
    assert manifest.reference == "MAEU234N0147"
    assert manifest.function is MessageFunction.ORIGINAL
    assert manifest.filed_at == datetime(2026, 3, 1, 14, 15, tzinfo=UTC)
    voyage = manifest.voyage
    assert voyage.mode is TransportMode.SEA
    assert voyage.carrier_code == "MAEU"
    assert (voyage.vessel_name, voyage.imo_number, voyage.flag) == (
        "POLAR ECUADOR",
        "9786774",
        "SG",
    )
    assert voyage.voyage_number == "234N"
    assert voyage.arrival_port == "USNYC"
    assert voyage.arrival_at == datetime(2026, 3, 12, 6, 30, tzinfo=UTC)
    assert [c.bill_number for c in manifest.consignments] == [
        "MAEU12345678",
        "MAEU12345679",
        "MAEU12345680",
    ]


def test_309_bill_with_parties_and_a_line_in_two_containers() -> None:
    first = only_manifest("309_sea_import.edi").consignments[0]
    assert first.kind is DocumentKind.SIMPLE
    assert first.master_bill_number is None
    assert first.route == Route(
        place_of_receipt="CNSHA",
        port_of_loading="CNSHA",
        port_of_discharge="USNYC",
        place_of_delivery="USNYC",
    )
    assert first.parties == (
        Party(
            role=PartyRole.SHIPPER,
            name="SHANGHAI BRIGHT TEXTILES CO LTD",
            address=Address(
                lines=("NO 88 CHANGSHOU ROAD", "PUTUO DISTRICT"),
                city="SHANGHAI",
                subdivision="SH",
                postcode="200060",
                country="CN",
            ),
            identifiers=(Identifier(scheme="TIN", value="913100007"),),
        ),
        Party(
            role=PartyRole.CONSIGNEE,
            name="HUDSON APPAREL IMPORTS INC",
            address=Address(
                lines=("250 WEST 39TH STREET",),
                city="NEW YORK",
                subdivision="NY",
                postcode="10018",
                country="US",
            ),
            identifiers=(Identifier(scheme="DUNS", value="123456789"),),
        ),
        Party(role=PartyRole.NOTIFY, name="HUDSON APPAREL IMPORTS INC"),
    )
    assert first.equipment == (
        Equipment(number="MSCU1234566", size_type="45G1", seals=("CN4401234", "CN4401235")),
        Equipment(number="TGHU9876542", size_type="22G1", seals=("CN4401236",)),
    )
    assert first.goods == (
        GoodsItem(
            sequence=1,
            description="COTTON T-SHIRTS MENS KNITTED",
            hs_code="610910",
            package_count=80,
            package_kind="CTN",
            gross_weight_kg=3600.0,
            marks=("HAI NY 1-80",),
            container_numbers=("MSCU1234566", "TGHU9876542"),
        ),
        GoodsItem(
            sequence=2,
            description="COTTON T-SHIRTS WOMENS",
            hs_code="6109100010",
            package_count=40,
            package_kind="CTN",
            gross_weight_kg=1800.0,  # 3968.32 lb
            marks=("HAI NY 81-120",),
            container_numbers=("TGHU9876542",),
        ),
    )


def test_309_house_bill_schedule_b_and_a_second_port_of_discharge() -> None:
    _, house, third = only_manifest("309_sea_import.edi").consignments
    assert house.kind is DocumentKind.HOUSE
    assert house.master_bill_number == "MAEU99887766"
    assert house.parties[1].name == "ATLANTIC FURNITURE LLC TRADING AS AFL"  # N1 and N2
    assert house.goods[0].hs_code == "940360"  # qualifier B, Schedule B
    assert house.route.port_of_discharge == "USNYC"
    assert third.route == Route(port_of_loading="KRPUS", port_of_discharge="USSAV")
    assert third.equipment == (
        Equipment(number="MSKU9070323", size_type="22G1", full=False, seals=("SL778899",)),
    )
    paint, parts = third.goods
    assert paint.dangerous_goods == (DangerousGoods(un_number="1263", hazard_class="3"),)
    assert paint.container_numbers == ()
    assert parts.container_numbers == ()
    assert (parts.description, parts.package_kind, parts.gross_weight_kg) == (
        "SPARE PARTS",
        "PK",
        50.0,
    )


def test_309_amendments_give_one_manifest_per_function() -> None:
    messages = read("309_amendments.edi")
    assert all(m.rejected == () and m.manifest is not None for m in messages)
    functions = [
        (m.manifest.function, [c.bill_number for c in m.manifest.consignments])
        for m in messages
        if m.manifest is not None
    ]
    assert functions == [
        (MessageFunction.REPLACE, ["MAEU12345678"]),
        (MessageFunction.CANCEL, ["MAEU12345679"]),
        (MessageFunction.ORIGINAL, ["MAEU12345681"]),
    ]
    replaced = messages[0].manifest
    assert replaced is not None
    assert replaced.consignments[0].goods[0].description == "COTTON T-SHIRTS MENS AND WOMENS"
    cancelled = messages[1].manifest
    assert cancelled is not None
    assert cancelled.consignments[0].goods == ()  # a deletion names its bill only
    assert {m.manifest.reference for m in messages if m.manifest} == {"MAEU234N0147"}


def test_310_freight_receipt_field_by_field() -> None:
    manifest = only_manifest("310_envelope_corrected.edi")
    assert manifest.reference == "IDENTIFIER123"
    voyage = manifest.voyage
    assert (voyage.carrier_code, voyage.carrier_name) == ("WHT", "WHATEVER")
    assert (voyage.vessel_name, voyage.imo_number, voyage.flag) == (
        "POLAR ECUADOR",
        "9786774",
        "SG",
    )
    assert voyage.voyage_number == "234N"
    assert (voyage.departure_port, voyage.arrival_port) == ("CLSVE", "USBAL")
    assert voyage.departure_at == datetime(2022, 8, 30, 0, 30, tzinfo=UTC)
    assert voyage.arrival_at == datetime(2022, 1, 1, 12, 0, tzinfo=UTC)
    (bill,) = manifest.consignments
    assert bill.bill_number == "IDENTIFIER123"
    assert bill.freight_payment is FreightPayment.OTHER  # MX, mixed
    assert bill.route == Route(
        port_of_loading="CLSVE", transshipment_ports=("PAMIT",), port_of_discharge="USBAL"
    )
    assert [(p.role, p.name, p.address.country) for p in bill.parties] == [
        (PartyRole.SHIPPER, "MADERAS ARAUCO S.A.", "CL"),
        (PartyRole.CONSIGNEE, "ARAUCO NORTH AMERICA INC", "US"),
        (PartyRole.NOTIFY, "GEODIS USA INC", "US"),
        (PartyRole.CARRIER, "WHATEVER", "DK"),
    ]
    assert bill.parties[0].identifiers == (Identifier(scheme="FILER", value="940924821"),)
    assert bill.parties[1].address == Address(
        lines=("PERIMETER CENTER TER NE 400",),
        city="ATLANTA",
        subdivision="GA",
        postcode="30346",
        country="US",
    )
    assert bill.equipment == (
        Equipment(number="TCNU6849731", size_type="45G1", seals=("MLCL0008628",)),
    )
    (item,) = bill.goods
    assert item.sequence == 1
    assert item.description.startswith("1 X 40'HC 21 PACKAGES WITH 31.320 MCUB AND 16.837 NET")
    assert item.description.endswith("ALSO CONSIGNEE: ATTN: AW")
    assert (item.package_count, item.package_kind) == (36, "PKG")
    assert (item.gross_weight_kg, item.volume_m3) == (17007.0, 31.32)
    assert item.hs_code is None  # L5 commodity qualifier Z is not an HS code
    assert item.container_numbers == ("TCNU6849731",)


def test_310_unknown_ports_are_warnings_with_positions() -> None:
    (message,) = read("310_envelope_corrected.edi")
    warnings = {(p.position, p.code) for p in message.problems}
    assert ("segment 24 (R4)", "unknown.UnLocode") in warnings  # CLSVE
    assert ("segment 26 (R4)", "unknown.UnLocode") in warnings  # USBAL
    assert all(p.severity is Severity.WARNING for p in message.problems)


def test_309_seals_beyond_two_come_in_m7() -> None:
    data = (FIXTURES / "309_sea_import.edi").read_bytes()
    more = data.replace(
        b"VID*CN*MEDU*7654325******45G1~\n",
        b"VID*CN*MEDU*7654325*A1*A2****45G1~\nM7*A3*A4*A5~\n",
    ).replace(b"SE*39*", b"SE*40*")
    (message,) = read_x12(io.BytesIO(more))
    assert message.manifest is not None
    house = message.manifest.consignments[1]
    assert house.equipment[0].seals == ("A1", "A2", "A3", "A4", "A5")
