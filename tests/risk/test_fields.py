"""The field catalogue and how indicators register into it."""

from __future__ import annotations

import pytest

from cargotarget.risk.fields import (
    CONSIGNMENT_FIELDS,
    Catalogue,
    Field,
    FieldType,
    ValueType,
    default_catalogue,
)

LISTED = [
    "mode", "flow", "carrier_code", "vessel_imo", "port_of_loading", "port_of_discharge",
    "place_of_receipt", "place_of_delivery", "origin_country", "transshipment_count",
    "first_transshipment_port", "shipper_name", "shipper_country", "consignee_name",
    "consignee_country", "notify_name", "freight_payment", "kind", "hs_code", "hs_chapter",
    "hs_heading", "description", "goods_item_count", "package_count", "package_kind",
    "gross_weight_kg", "volume_m3", "container_count", "container_size_type", "dangerous_goods",
    "filed_hours_before_arrival", "amendment_count",
]  # fmt: skip


def test_default_catalogue_has_the_consignment_fields() -> None:
    catalogue = default_catalogue()
    assert set(LISTED) <= set(catalogue.names)
    assert catalogue["dangerous_goods"].type is FieldType.BOOLEAN
    assert catalogue["gross_weight_kg"].type is FieldType.NUMBER
    assert catalogue["origin_country"].type is FieldType.CATEGORY
    assert catalogue["arrival_date"].type is FieldType.DATE
    assert all(field.description.endswith(".") for field in CONSIGNMENT_FIELDS)
    assert not any(field.indicator for field in catalogue)


def test_categories_behave_as_text() -> None:
    assert FieldType.CATEGORY.value_type is ValueType.TEXT
    assert FieldType.NUMBER.value_type is ValueType.NUMBER


def test_indicators_register_by_name_and_type() -> None:
    catalogue = default_catalogue()
    field = catalogue.register_indicator(
        "shipper_first_seen_days", FieldType.NUMBER, "Days since the shipper was first seen."
    )
    assert field.indicator
    assert catalogue["shipper_first_seen_days"] is field
    assert "shipper_first_seen_days" in catalogue
    again = catalogue.register_indicator(
        "shipper_first_seen_days", FieldType.NUMBER, "Days since the shipper was first seen."
    )
    assert again == field
    assert len(catalogue) == len(CONSIGNMENT_FIELDS) + 1


def test_default_catalogues_do_not_share_registrations() -> None:
    first = default_catalogue()
    first.register_indicator("new_party", FieldType.BOOLEAN, "The party is new.")
    assert "new_party" not in default_catalogue()
    assert "new_party" in first.copy()


@pytest.mark.parametrize(
    "field",
    [
        Field("shipper_first_seen_days", FieldType.BOOLEAN, "Another meaning."),
        Field("mode", FieldType.NUMBER, "A clash with a manifest field."),
    ],
)
def test_a_name_cannot_take_two_meanings(field: Field) -> None:
    catalogue = default_catalogue()
    catalogue.register_indicator("shipper_first_seen_days", FieldType.NUMBER, "Days.")
    with pytest.raises(ValueError, match="already registered"):
        catalogue.register(field)


@pytest.mark.parametrize("name", ["Bad Name", "UPPER", "1st", "a-b", ""])
def test_names_are_lower_case_identifiers(name: str) -> None:
    with pytest.raises(ValueError, match="lower-case identifier"):
        Catalogue([Field(name, FieldType.NUMBER, "x")])
