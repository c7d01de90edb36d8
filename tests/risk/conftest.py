"""Fixtures of the risk tests: catalogues with indicators registered as other modules would."""

from __future__ import annotations

import pytest

from cargotarget.risk.fields import Catalogue, Field, FieldType, default_catalogue

INDICATORS = (
    Field("shipper_first_seen_days", FieldType.NUMBER, "Days since the shipper was first seen."),
    Field("consignee_shipment_count", FieldType.NUMBER, "Earlier shipments to the consignee."),
    Field("vague_description", FieldType.BOOLEAN, "The goods description is vague.", True),
    Field("weight_per_package_ratio", FieldType.NUMBER, "Gross weight per package (kg)."),
)

#: A small catalogue with one field of each kind (two where fields are compared with each
#: other), for property tests over random frames.
SMALL = (
    Field("origin", FieldType.CATEGORY, "Country of origin."),
    Field("port", FieldType.CATEGORY, "Port of loading."),
    Field("shipper", FieldType.TEXT, "Shipper name."),
    Field("weight", FieldType.NUMBER, "Gross weight."),
    Field("packages", FieldType.NUMBER, "Number of packages."),
    Field("hazardous", FieldType.BOOLEAN, "Dangerous goods."),
    Field("arrival", FieldType.DATE, "Date of arrival."),
)


@pytest.fixture
def catalogue() -> Catalogue:
    """The consignment fields with the indicators the rule tests use."""
    fields = default_catalogue()
    for field in INDICATORS:
        fields.register_indicator(field.name, field.type, field.description)
    return fields


@pytest.fixture
def small_catalogue() -> Catalogue:
    return Catalogue(SMALL)
