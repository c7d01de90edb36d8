"""Hand-built canonical manifests for tests."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from cargotarget.model.manifest import (
    Address,
    Consignment,
    Equipment,
    GoodsItem,
    Manifest,
    MessageFunction,
    Party,
    PartyRole,
    PortCall,
    Route,
    TransportMode,
    Voyage,
)

ARRIVAL = datetime(2026, 3, 14, 6, 0, tzinfo=UTC)


def voyage(number: str = "123E") -> Voyage:
    return Voyage(
        mode=TransportMode.SEA,
        carrier_code="MAEU",
        carrier_name="Maersk",
        vessel_name="MAERSK KINGSTON",
        imo_number="9074729",
        flag="DK",
        voyage_number=number,
        port_calls=(
            PortCall(locode="COCTG", etd=datetime(2026, 3, 11, tzinfo=UTC)),
            PortCall(locode="JMKIN", eta=ARRIVAL),
        ),
        departure_port="COCTG",
        departure_at=datetime(2026, 3, 11, tzinfo=UTC),
        arrival_port="JMKIN",
        arrival_at=ARRIVAL,
    )


def consignment(
    bill: str = "MAEU123456789",
    *,
    shipper: str = "Bananeras del Pacifico S.A.",
    description: str = "FRESH BANANAS",
    container: str = "HASU5044950",
    hs: str = "080390",
) -> Consignment:
    return Consignment(
        bill_number=bill,
        parties=(
            Party(
                role=PartyRole.SHIPPER,
                name=shipper,
                address=Address(lines=("Calle 5 # 10-20",), city="Buenaventura", country="CO"),
            ),
            Party(
                role=PartyRole.CONSIGNEE,
                name="Island Fresh Imports Ltd",
                address=Address(lines=("12 Harbour Street",), city="Kingston", country="JM"),
            ),
        ),
        route=Route(port_of_loading="COCTG", port_of_discharge="JMKIN", origin_country="CO"),
        goods=(
            GoodsItem(
                sequence=1,
                description=description,
                hs_code=hs,
                package_count=1200,
                package_kind="CT",
                gross_weight_kg=21600.0,
                container_numbers=(container,),
            ),
        ),
        equipment=(Equipment(number=container, size_type="45R1", seals=("ML123456",)),),
    )


def manifest(
    *consignments: Consignment,
    reference: str = "MAN-001",
    function: MessageFunction = MessageFunction.ORIGINAL,
) -> Manifest:
    return Manifest(
        reference=reference,
        function=function,
        provider="MAEU",
        voyage=voyage(),
        filed_at=datetime(2026, 3, 9, 12, 0, tzinfo=UTC),
        consignments=consignments or (consignment(),),
    )


def as_json(value: Manifest) -> bytes:
    return msgspec.json.encode(value)
