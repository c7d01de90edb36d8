"""Consignments into the rule frame: one row each, the catalogue's columns, the right values."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import msgspec
import polars as pl
import pytest

from cargotarget.model.manifest import (
    Consignment,
    DangerousGoods,
    DocumentKind,
    Equipment,
    EquipmentKind,
    Flow,
    FreightPayment,
    GoodsItem,
    Party,
    PartyRole,
    Route,
)
from cargotarget.risk.fields import Catalogue, default_catalogue
from cargotarget.risk.frame import Filing, build_frame, conform, filings, record_values, schema
from tests.factories import ARRIVAL, consignment, manifest, voyage


def _mixed() -> Consignment:
    """A bill with three goods items (the second is the heaviest), two containers and a tank."""
    return Consignment(
        bill_number="MSCU1",
        kind=DocumentKind.HOUSE,
        freight_payment=FreightPayment.COLLECT,
        parties=(
            Party(role=PartyRole.CONSIGNEE, name="Island Traders"),
            Party(role=PartyRole.NOTIFY, name="Kingston Brokers"),
        ),
        route=Route(
            place_of_receipt="CNSZX",
            port_of_loading="CNYTN",
            transshipment_ports=("PAMIT", "JMKIN"),
            port_of_discharge="JMKIN",
            origin_country="CN",
        ),
        goods=(
            GoodsItem(sequence=1, description="PARTS", hs_code="847330", package_count=10,
                      package_kind="CT", gross_weight_kg=100.0, volume_m3=1.5),
            GoodsItem(sequence=2, description="MACHINERY", hs_code="8479", package_count=2,
                      package_kind="PX", gross_weight_kg=900.0),
            GoodsItem(sequence=3, description="BATTERIES", hs_code=None, gross_weight_kg=None,
                      dangerous_goods=(DangerousGoods(un_number="3480", hazard_class="9"),)),
        ),
        equipment=(
            Equipment(number="MSCU1234565", size_type="45G1"),
            Equipment(number="TRLR1", kind=EquipmentKind.TRAILER),
            Equipment(number="MSCU7654321", size_type="22G1"),
        ),
    )  # fmt: skip


def test_one_row_per_consignment_with_the_catalogue_columns() -> None:
    frame = build_frame(filings(manifest(consignment("A"), consignment("B", hs="0901"))))
    catalogue = default_catalogue()
    assert frame.height == 2
    assert frame.columns == catalogue.names
    assert frame.schema == schema(catalogue)
    assert frame["hs_code"].cast(pl.String).to_list() == ["080390", "0901"]


def test_fields_of_a_simple_bill() -> None:
    row = build_frame(filings(manifest(consignment()))).row(0, named=True)
    assert row["mode"] == "sea"
    assert row["flow"] == "import"
    assert row["carrier_code"] == "MAEU"
    assert row["vessel_imo"] == "9074729"
    assert row["arrival_date"] == date(2026, 3, 14)
    assert row["origin_country"] == "CO"
    assert (row["port_of_loading"], row["port_of_discharge"]) == ("COCTG", "JMKIN")
    assert row["shipper_name"] == "Bananeras del Pacifico S.A."
    assert (row["shipper_country"], row["consignee_country"]) == ("CO", "JM")
    assert row["notify_name"] is None
    assert (row["hs_code"], row["hs_chapter"], row["hs_heading"]) == ("080390", "08", "0803")
    assert row["description"] == "FRESH BANANAS"
    assert (row["package_count"], row["package_kind"]) == (1200.0, "CT")
    assert row["gross_weight_kg"] == 21600.0
    assert row["volume_m3"] is None
    assert (row["container_count"], row["container_size_type"]) == (1.0, "45R1")
    assert row["dangerous_goods"] is False
    assert row["filed_hours_before_arrival"] == pytest.approx(114.0)
    assert row["transshipment_count"] == 0.0
    assert row["first_transshipment_port"] is None
    assert (row["kind"], row["freight_payment"], row["amendment_count"]) == ("simple", None, 0.0)


def test_principal_goods_item_totals_and_equipment() -> None:
    filed = Filing(_mixed(), voyage(), Flow.TRANSSHIPMENT, datetime(2026, 3, 13, 18), 2)
    row = build_frame([filed]).row(0, named=True)
    assert (row["hs_code"], row["hs_chapter"], row["hs_heading"]) == ("8479", "84", "8479")
    assert row["package_kind"] == "PX"
    assert row["description"] == "PARTS; MACHINERY; BATTERIES"
    assert row["goods_item_count"] == 3.0
    assert row["package_count"] == 12.0
    assert row["gross_weight_kg"] == 1000.0
    assert row["volume_m3"] == 1.5
    assert row["dangerous_goods"] is True
    assert (row["container_count"], row["container_size_type"]) == (2.0, "45G1")
    assert (row["transshipment_count"], row["first_transshipment_port"]) == (2.0, "PAMIT")
    assert row["place_of_receipt"] == "CNSZX"
    assert (row["kind"], row["freight_payment"], row["flow"]) == (
        "house",
        "collect",
        "transshipment",
    )
    assert row["shipper_name"] is None
    assert (row["consignee_name"], row["notify_name"]) == ("Island Traders", "Kingston Brokers")
    assert row["amendment_count"] == 2.0
    assert row["filed_hours_before_arrival"] == pytest.approx(12.0)


def test_late_filing_and_missing_times() -> None:
    late = Filing(consignment(), voyage(), filed_at=datetime(2026, 3, 14, 9, 30, tzinfo=UTC))
    unknown = Filing(consignment(), msgspec.structs.replace(voyage(), arrival_at=None))
    frame = build_frame([late, unknown])
    assert frame["filed_hours_before_arrival"].to_list() == [pytest.approx(-3.5), None]
    assert frame["arrival_date"].to_list() == [ARRIVAL.date(), None]


def test_a_bill_without_goods() -> None:
    bare = Consignment(bill_number="EMPTY1")
    row = build_frame([Filing(bare, voyage())]).row(0, named=True)
    assert row["hs_code"] is None
    assert row["hs_chapter"] is None
    assert row["goods_item_count"] == 0.0
    assert row["gross_weight_kg"] is None
    assert row["dangerous_goods"] is False
    assert row["container_count"] == 0.0


def test_no_consignments_give_an_empty_frame_of_the_schema() -> None:
    frame = build_frame([])
    assert frame.height == 0
    assert frame.schema == schema(default_catalogue())


def test_indicator_columns_are_taken_or_left_null(catalogue: Catalogue) -> None:
    items = filings(manifest(consignment("A"), consignment("B")))
    indicators = pl.DataFrame({"shipper_first_seen_days": [3, 400], "unrelated": [1, 2]})
    frame = build_frame(items, catalogue, indicators)
    assert frame["shipper_first_seen_days"].to_list() == [3.0, 400.0]
    assert frame["vague_description"].to_list() == [None, None]
    assert "unrelated" not in frame.columns
    values = record_values(items[0], catalogue, {"vague_description": True})
    assert values["vague_description"] is True
    assert values["shipper_first_seen_days"] is None
    assert values["origin_country"] == "CO"


def test_conform_casts_fills_and_orders(catalogue: Catalogue) -> None:
    raw = pl.DataFrame(
        {
            "gross_weight_kg": [1.0, math.nan, None],
            "origin_country": ["CO", None, "EC"],
            "transshipment_count": [0, 1, 2],
            "extra": ["x", "y", "z"],
        }
    )
    frame = conform(raw, catalogue)
    assert frame.schema == schema(catalogue)
    assert frame["gross_weight_kg"].to_list() == [1.0, None, None]
    assert frame["origin_country"].cast(pl.String).to_list() == ["CO", None, "EC"]
    assert frame["transshipment_count"].to_list() == [0.0, 1.0, 2.0]
    assert frame["mode"].to_list() == [None, None, None]
    assert conform(frame, catalogue) is frame


@pytest.mark.parametrize(
    "filed",
    [
        Filing(consignment(), voyage(), filed_at=datetime(2026, 3, 10, tzinfo=UTC)),
        Filing(_mixed(), voyage(), Flow.EXPORT, datetime(2026, 3, 13, 18), 1),
        Filing(Consignment(bill_number="EMPTY1"), voyage()),
    ],
)
def test_record_values_are_the_row_of_the_frame(filed: Filing, catalogue: Catalogue) -> None:
    indicators = {"shipper_first_seen_days": 12, "vague_description": False}
    frame = build_frame([filed], catalogue, pl.DataFrame([indicators]))
    assert record_values(filed, catalogue, indicators) == frame.row(0, named=True)
