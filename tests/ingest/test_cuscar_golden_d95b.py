"""The hand-written D.95B interchange: two messages on one line, no UNA, UNOA characters.

Equipment stands at message level (before the first CNI), as the D.95B segment table places it,
and is joined to the bills whose goods are placed in it. The header carries a date-only (102)
estimated arrival and a carrier NAD that the canonical model does not keep.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.model.manifest import (
    Address,
    Consignment,
    DocumentKind,
    Equipment,
    Flow,
    FreightPayment,
    GoodsItem,
    Manifest,
    MessageFunction,
    Party,
    PartyRole,
    Route,
    TransportMode,
    Voyage,
)
from cargotarget.model.problems import Severity


def _voyage(number: str, **places: object) -> Voyage:
    return Voyage(
        mode=TransportMode.SEA,
        carrier_code="ZIMU",
        carrier_name="ZIM INTEGRATED SHIPPING",
        vessel_name="ZIM KINGSTON",
        imo_number="9244518",
        flag="LR",
        voyage_number=number,
        **places,  # type: ignore[arg-type]
    )


COLD_STORES = Address(
    lines=("5 SPANISH TOWN ROAD",), city="KINGSTON", postcode="JMAKN11", country="JM"
)
ROASTERS = Address(
    lines=("410 PEACHTREE STREET NE",),
    city="ATLANTA",
    subdivision="GA",
    postcode="30308",
    country="US",
)

IMPORT = Manifest(
    reference="ZIM-KIN-2403-11",
    flow=Flow.IMPORT,
    function=MessageFunction.ORIGINAL,
    filed_at=datetime(2024, 3, 11, 14, 0, tzinfo=UTC),
    provider="ZIMJMKIN",
    voyage=_voyage(
        "3PC117N",
        departure_port="USSAV",
        departure_at=datetime(2024, 3, 8, 6, 0, tzinfo=UTC),
        arrival_port="JMKIN",
        arrival_at=datetime(2024, 3, 14, tzinfo=UTC),
    ),
    consignments=(
        Consignment(
            bill_number="ZIMUSAV8812345",
            freight_payment=FreightPayment.PREPAID,
            parties=(
                Party(
                    role=PartyRole.SHIPPER,
                    name="GEORGIA POULTRY EXPORTERS INC",
                    address=Address(
                        lines=("1200 BAY STREET",),
                        city="SAVANNAH",
                        subdivision="GA",
                        postcode="31401",
                        country="US",
                    ),
                ),
                Party(
                    role=PartyRole.CONSIGNEE, name="KINGSTON COLD STORES LTD", address=COLD_STORES
                ),
            ),
            route=Route(port_of_loading="USSAV", port_of_discharge="JMKIN", origin_country="US"),
            goods=(
                GoodsItem(
                    sequence=1,
                    description="FROZEN CHICKEN LEG QUARTERS",
                    hs_code="020714",
                    package_count=1800,
                    package_kind="CT",
                    gross_weight_kg=27000.0,
                    container_numbers=("TEMU4455662",),
                ),
            ),
            equipment=(Equipment(number="TEMU4455662", size_type="42R1", seals=("ZIM0099881",)),),
        ),
        Consignment(
            bill_number="ZIMUSAV8812399",
            parties=(
                Party(
                    role=PartyRole.SHIPPER,
                    name="ZIM INTEGRATED SHIPPING SERVICES",
                    address=Address(
                        lines=("9 ANDREI SAKHAROV STREET",),
                        city="HAIFA",
                        postcode="3190500",
                        country="IL",
                    ),
                ),
                Party(
                    role=PartyRole.CONSIGNEE,
                    name="ZIM JAMAICA AGENCY LTD",
                    address=Address(
                        lines=("1 NEWPORT WEST",), city="KINGSTON", postcode="JMAKN15", country="JM"
                    ),
                ),
            ),
            route=Route(port_of_loading="USSAV", port_of_discharge="JMKIN"),
            goods=(
                GoodsItem(
                    sequence=1,
                    description="EMPTY CONTAINER, REPOSITIONING",
                    hs_code="860900",
                    package_count=1,
                    package_kind="CN",
                    container_numbers=("SEGU1122337",),
                ),
            ),
            equipment=(Equipment(number="SEGU1122337", size_type="22G1", full=False),),
        ),
    ),
)

EXPORT = Manifest(
    reference="ZIM-KIN-2403-11E",
    flow=Flow.EXPORT,
    filed_at=datetime(2024, 3, 11, 14, 0, tzinfo=UTC),
    provider="ZIMJMKIN",
    voyage=_voyage(
        "3PC117S",
        departure_port="JMKIN",
        departure_at=datetime(2024, 3, 15, 12, 0, tzinfo=UTC),
        arrival_port="USMIA",
        arrival_at=datetime(2024, 3, 18, 8, 0, tzinfo=UTC),
    ),
    consignments=(
        Consignment(
            bill_number="ZIMUKIN0077001",
            kind=DocumentKind.SIMPLE,
            freight_payment=FreightPayment.COLLECT,
            parties=(
                Party(
                    role=PartyRole.SHIPPER,
                    name="BLUE MOUNTAIN COFFEE ESTATES LTD",
                    address=Address(
                        lines=("MAVIS BANK",),
                        city="ST ANDREW",
                        subdivision="AN",
                        postcode="JMAAW19",
                        country="JM",
                    ),
                ),
                Party(role=PartyRole.CONSIGNEE, name="ATLANTA ROASTERS LLC", address=ROASTERS),
                Party(role=PartyRole.NOTIFY, name="ATLANTA ROASTERS LLC", address=ROASTERS),
            ),
            route=Route(
                place_of_receipt="JMKIN",
                port_of_loading="JMKIN",
                port_of_discharge="USMIA",
                place_of_delivery="USATL",
                origin_country="JM",
            ),
            goods=(
                GoodsItem(
                    sequence=1,
                    description="GREEN COFFEE BEANS, NOT ROASTED",
                    hs_code="090111",
                    package_count=300,
                    package_kind="BG",
                    gross_weight_kg=18000.0,
                    marks=("BMCE", "KINGSTON"),
                    container_numbers=("OOLU8800115",),
                ),
            ),
            equipment=(Equipment(number="OOLU8800115", size_type="22G1", seals=("JM20240311",)),),
        ),
    ),
)


def test_d95b_interchange_gives_both_messages_field_by_field(
    cuscar_bytes: dict[str, bytes],
) -> None:
    data = cuscar_bytes["d95b_sea_two_messages"]
    assert b"\n" not in data
    assert not data.startswith(b"UNA")
    first, second = read_cuscar(io.BytesIO(data))
    assert first.manifest == IMPORT
    assert second.manifest == EXPORT
    assert first.rejected == second.rejected == ()
    assert second.problems == ()


def test_header_data_the_model_does_not_keep_is_reported_as_a_warning(
    cuscar_bytes: dict[str, bytes],
) -> None:
    first = next(read_cuscar(io.BytesIO(cuscar_bytes["d95b_sea_two_messages"])))
    (warning,) = first.problems
    assert warning.severity is Severity.WARNING
    assert warning.code == "unread.segment"
    assert warning.position == "message 1, segment 6 (NAD)"
    assert "'CA'" in warning.message
