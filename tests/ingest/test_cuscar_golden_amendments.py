"""The hand-written amendment and custom-separator files, read field by field.

``d11a_replace_change_cancel``: UTF-8 (UNOW) with Spanish names; a replacement (1225 = 5), a
change read as a replacement (4) for a transit split bill with a decimal comma, and a
cancellation (1) that only names its bill. ``d00b_custom_separators``: a UNA declaring
``| * , #`` and ``~``, CR LF line ends, and every separator released inside values.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    Equipment,
    Flow,
    FreightPayment,
    GoodsItem,
    MessageFunction,
    PartyRole,
    TransportMode,
)
from cargotarget.model.problems import ParsedMessage


def read_three(data: bytes) -> list[ParsedMessage]:
    messages = list(read_cuscar(io.BytesIO(data)))
    assert len(messages) == 3
    for message in messages:
        assert message.problems == ()
        assert message.rejected == ()
    return messages


def test_replacement_in_utf_8(cuscar_bytes: dict[str, bytes]) -> None:
    replace, _, _ = read_three(cuscar_bytes["d11a_replace_change_cancel"])
    assert replace.manifest is not None
    assert replace.manifest.function is MessageFunction.REPLACE
    assert replace.manifest.reference == "CMA-0MXA1S1-CTG"
    assert replace.manifest.voyage.vessel_name == "CMA CGM TOCANTINS"
    assert replace.manifest.voyage.imo_number == "9454436"
    assert replace.manifest.voyage.flag == "MT"
    assert replace.manifest.voyage.departure_at == datetime(2024, 3, 28, 16, 0, tzinfo=UTC)
    (tyres,) = replace.manifest.consignments
    shipper = tyres.party(PartyRole.SHIPPER)
    assert shipper is not None
    assert shipper.name == "AUTOPARTES DEL PACÍFICO S.A. DE C.V."
    assert shipper.address.subdivision == "COL"
    consignee = tyres.party(PartyRole.CONSIGNEE)
    assert consignee is not None
    assert consignee.identifiers[0].value == "900123456"
    assert tyres.goods == (
        GoodsItem(
            sequence=1,
            description="NEW PNEUMATIC TYRES FOR PASSENGER CARS",
            hs_code="401110",
            package_count=640,
            package_kind="PK",
            gross_weight_kg=7040.0,
            volume_m3=66.0,
            container_numbers=("MSCU7654329",),
        ),
    )
    assert tyres.equipment == (
        Equipment(number="MSCU7654329", size_type="45G1", seals=("CMA998877",)),
    )


def test_change_reads_as_replacement(cuscar_bytes: dict[str, bytes]) -> None:
    _, change, _ = read_three(cuscar_bytes["d11a_replace_change_cancel"])
    assert change.manifest is not None
    assert change.manifest.function is MessageFunction.REPLACE, "4 (change) reads as replace"
    assert change.manifest.flow is Flow.TRANSIT
    assert change.manifest.voyage.departure_port is None
    (brakes,) = change.manifest.consignments
    assert brakes.split is True
    assert brakes.freight_payment is None
    assert brakes.route.place_of_delivery == "COBOG"
    assert brakes.goods[0].hs_code == "870830", "dots are dropped from the HS code"
    assert brakes.goods[0].gross_weight_kg == 5400.25, "a decimal comma is read"
    consignee = brakes.party(PartyRole.CONSIGNEE)
    assert consignee is not None
    assert (consignee.name, consignee.address.city) == ("TALLERES ÑUÑOA LTDA", "BOGOTÁ")


def test_cancellation_names_its_bill(cuscar_bytes: dict[str, bytes]) -> None:
    _, _, cancel = read_three(cuscar_bytes["d11a_replace_change_cancel"])
    assert cancel.manifest is not None
    assert cancel.manifest.function is MessageFunction.CANCEL
    assert cancel.manifest.consignments == (
        Consignment(bill_number="CMDUZLO0456111", kind=DocumentKind.SIMPLE),
    ), "a cancellation names its bill without goods and is not rejected for it"


def test_una_with_other_separators_and_released_characters(cuscar_bytes: dict[str, bytes]) -> None:
    (message,) = read_cuscar(io.BytesIO(cuscar_bytes["d00b_custom_separators"]))
    assert message.problems == ()
    manifest = message.manifest
    assert manifest is not None
    assert manifest.reference == "HLC-032W*KIN"
    assert manifest.voyage.mode is TransportMode.SEA
    assert manifest.voyage.carrier_name == "HAPAG-LLOYD AG"
    assert manifest.voyage.flag == "DE"
    (wine,) = manifest.consignments
    assert wine.freight_payment is FreightPayment.PREPAID
    assert wine.remarks == ("O'NEILL + PARTNERS: CHECK DOCS",)
    assert [p.name for p in wine.parties] == [
        "SMITH * JONES | SONS GMBH",
        "ISLAND WINE ~ SPIRITS LTD",
    ]
    assert wine.goods == (
        GoodsItem(
            sequence=1,
            description="RED WINE 100# GRAPE, STILL",
            hs_code="220421",
            package_count=200,
            package_kind="CT",
            gross_weight_kg=1520.5,
            marks=("NO~1", "IWS#"),
            container_numbers=("HLXU3004001",),
        ),
    )
    assert wine.equipment == (
        Equipment(number="HLXU3004001", size_type="22R1", seals=("HL|0001",)),
    )
