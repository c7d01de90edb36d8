"""The hand-written D.11A sea import manifest, read field by field.

Three bills on one vessel voyage Shanghai - Singapore - Kingston: a master bill, a house bill
under it in the same container, and a simple bill transshipped at Colombo and Singapore carrying
dangerous goods in two sealed containers.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.model.manifest import (
    Address,
    Consignment,
    DangerousGoods,
    DocumentKind,
    Equipment,
    Flow,
    FreightPayment,
    GoodsItem,
    Identifier,
    Manifest,
    MessageFunction,
    Party,
    PartyRole,
    PortCall,
    Route,
    TransportMode,
    Voyage,
)

CONSOLIDATOR = Address(
    lines=("14 PORT ROYAL STREET",),
    city="KINGSTON",
    subdivision="KN",
    postcode="JMAKN15",
    country="JM",
)

VOYAGE = Voyage(
    mode=TransportMode.SEA,
    carrier_code="MSCU",
    carrier_name="MEDITERRANEAN SHIPPING COMPANY",
    vessel_name="MSC CARIBBEAN STAR",
    imo_number="9321483",
    flag="PA",
    voyage_number="FA412W",
    port_calls=(
        PortCall(
            locode="SGSIN",
            eta=datetime(2024, 2, 16, 6, 0, tzinfo=UTC),
            etd=datetime(2024, 2, 17, 2, 0, tzinfo=UTC),
        ),
    ),
    departure_port="CNSHA",
    departure_at=datetime(2024, 2, 10, 18, 0, tzinfo=UTC),
    arrival_port="JMKIN",
    arrival_at=datetime(2024, 3, 8, 6, 30, tzinfo=UTC),
)

MASTER = Consignment(
    bill_number="MEDUSH123456",
    kind=DocumentKind.MASTER,
    freight_payment=FreightPayment.PREPAID,
    parties=(
        Party(
            role=PartyRole.SHIPPER,
            name="SHANGHAI BRIGHT TEXTILE IMPORT AND EXPORT CO LTD",
            address=Address(
                lines=("88 HUAIHAI ZHONG ROAD", "ROOM 1203"),
                city="SHANGHAI",
                postcode="200021",
                country="CN",
            ),
            identifiers=(Identifier(scheme="TIN", value="91310000MA1FL8XQ2C"),),
        ),
        Party(
            role=PartyRole.CONSIGNEE,
            name="ISLAND CONSOLIDATORS LTD",
            address=CONSOLIDATOR,
            contact="DISPATCH DESK; 18768001234",
        ),
        Party(role=PartyRole.NOTIFY, name="ISLAND CONSOLIDATORS LTD", address=CONSOLIDATOR),
    ),
    route=Route(
        place_of_receipt="CNSHA",
        port_of_loading="CNSHA",
        port_of_discharge="JMKIN",
        place_of_delivery="JMKIN",
        origin_country="CN",
    ),
    goods=(
        GoodsItem(
            sequence=1,
            description="COTTON T-SHIRTS, KNITTED, MEN'S",
            hs_code="610910",
            package_count=400,
            package_kind="CT",
            gross_weight_kg=6400.0,
            volume_m3=58.2,
            marks=("ISLAND CONS", "KINGSTON", "1-400"),
            container_numbers=("MSKU1234565",),
        ),
    ),
    equipment=(
        Equipment(number="MSKU1234565", size_type="45G1", seals=("CN4401234", "MSC778899")),
    ),
)

HOUSE = Consignment(
    bill_number="ICL-KIN-0042",
    kind=DocumentKind.HOUSE,
    master_bill_number="MEDUSH123456",
    freight_payment=FreightPayment.COLLECT,
    parties=(
        Party(
            role=PartyRole.SHIPPER,
            name="NINGBO HOMEWARE CO LTD",
            address=Address(
                lines=("55 JIANGDONG NORTH ROAD",),
                city="NINGBO",
                subdivision="ZJ",
                postcode="315040",
                country="CN",
            ),
        ),
        Party(
            role=PartyRole.CONSIGNEE,
            name="ROYAL KITCHEN SUPPLIES LTD",
            address=Address(
                lines=("22 HOPE ROAD",), city="KINGSTON", postcode="JMAKN10", country="JM"
            ),
            identifiers=(
                Identifier(scheme="TIN", value="JM123456789"),
                Identifier(scheme="AEO", value="JMAEO0042"),
            ),
        ),
        Party(role=PartyRole.FORWARDER, name="ISLAND CONSOLIDATORS LTD", address=CONSOLIDATOR),
    ),
    route=Route(port_of_loading="CNSHA", port_of_discharge="JMKIN"),
    goods=(
        GoodsItem(
            sequence=1,
            description="CERAMIC TABLEWARE, PORCELAIN",
            hs_code="691110",
            package_count=120,
            package_kind="PK",
            gross_weight_kg=2150.5,
            container_numbers=("MSKU1234565",),
        ),
    ),
    equipment=(Equipment(number="MSKU1234565", size_type="45G1"),),
)

TRANSSHIPPED = Consignment(
    bill_number="HLCUBO1234567",
    kind=DocumentKind.SIMPLE,
    freight_payment=FreightPayment.CASH,
    parties=(
        Party(
            role=PartyRole.SHIPPER,
            name="ASIAN PAINTS EXPORTS PVT LTD",
            address=Address(
                lines=("PLOT 6A, MIDC",),
                city="MUMBAI",
                subdivision="MH",
                postcode="400093",
                country="IN",
            ),
        ),
        Party(
            role=PartyRole.CONSIGNEE,
            name="CARIBBEAN COATINGS LTD",
            address=Address(
                lines=("3 MARCUS GARVEY DRIVE",),
                city="KINGSTON",
                postcode="JMAKN13",
                country="JM",
            ),
        ),
    ),
    route=Route(
        place_of_receipt="INNSA",
        port_of_loading="INNSA",
        transshipment_ports=("LKCMB", "SGSIN"),
        port_of_discharge="JMKIN",
        place_of_delivery="JMKIN",
        origin_country="IN",
        countries_of_routing=("IN", "LK", "SG", "JM"),
    ),
    goods=(
        GoodsItem(
            sequence=1,
            description="PAINT, FLAMMABLE LIQUID",
            hs_code="320890",
            package_count=80,
            package_kind="DR",
            gross_weight_kg=16800.0,
            dangerous_goods=(DangerousGoods(un_number="1263", hazard_class="3"),),
            container_numbers=("TGHU9876542",),
        ),
        GoodsItem(
            sequence=2,
            description="ACRYLIC RESIN IN PRIMARY FORMS",
            hs_code="390690",
            package_count=20,
            package_kind="PL",
            gross_weight_kg=9000.0,
            volume_m3=31.5,
            container_numbers=("CMAU1002002",),
        ),
    ),
    equipment=(
        Equipment(number="TGHU9876542", size_type="22G1", seals=("HL552211",)),
        Equipment(number="CMAU1002002", size_type="22G1", seals=("HL552212",)),
    ),
    remarks=("SHIPPER'S LOAD, STOW AND COUNT",),
)

EXPECTED = Manifest(
    reference="MSC-FA412W-KIN",
    flow=Flow.IMPORT,
    function=MessageFunction.ORIGINAL,
    filed_at=datetime(2024, 3, 5, 9, 15, tzinfo=UTC),
    provider="MSCJMKIN",
    voyage=VOYAGE,
    consignments=(MASTER, HOUSE, TRANSSHIPPED),
)


def test_d11a_import_manifest_is_read_field_by_field(cuscar_bytes: dict[str, bytes]) -> None:
    messages = list(read_cuscar(io.BytesIO(cuscar_bytes["d11a_sea_import"])))
    assert len(messages) == 1
    message = messages[0]
    assert message.format == "cuscar"
    assert message.problems == ()
    assert message.rejected == ()
    manifest = message.manifest
    assert manifest is not None
    assert manifest.voyage == VOYAGE
    for got, expected in zip(manifest.consignments, EXPECTED.consignments, strict=True):
        assert got.route == expected.route
        assert got.parties == expected.parties
        assert got.goods == expected.goods
        assert got.equipment == expected.equipment
        assert got == expected
    assert manifest == EXPECTED


def test_house_bill_names_its_master(cuscar_bytes: dict[str, bytes]) -> None:
    manifest = next(read_cuscar(io.BytesIO(cuscar_bytes["d11a_sea_import"]))).manifest
    assert manifest is not None
    master, house, _ = manifest.consignments
    assert (master.kind, house.kind) == (DocumentKind.MASTER, DocumentKind.HOUSE)
    assert house.master_bill_number == master.bill_number
    assert house.party(PartyRole.FORWARDER) is not None
