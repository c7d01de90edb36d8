"""The field catalogue: every name a rule condition may use, with its type and meaning.

A field is a consignment-level value (``origin_country``, ``gross_weight_kg``) or an indicator
computed elsewhere and registered here by name and type (``shipper_first_seen_days``). The
description is what an officer reads next to the value when a rule explains why it hit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum


class ValueType(StrEnum):
    """The type of a value in a rule expression."""

    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"


class FieldType(StrEnum):
    """The type of a field. ``category`` is text drawn from a code list (countries, ports, HS
    codes): it behaves as text in rules and is dictionary-encoded in frames."""

    CATEGORY = "category"
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"

    @property
    def value_type(self) -> ValueType:
        return ValueType.TEXT if self is FieldType.CATEGORY else ValueType(self.value)


@dataclass(frozen=True, slots=True)
class Field:
    """A named value a rule can test. ``indicator`` marks values computed by risk indicators
    rather than read from the manifest."""

    name: str
    type: FieldType
    description: str
    indicator: bool = False


class Catalogue:
    """The fields known to the rule language, in registration order.

    Registering the same field twice is harmless; registering a different definition under a
    name already taken is an error, so that two indicators cannot silently share a name.
    """

    def __init__(self, fields: Iterable[Field] = ()) -> None:
        self._fields: dict[str, Field] = {}
        for field in fields:
            self.register(field)

    def register(self, field: Field) -> Field:
        if not field.name.isidentifier() or field.name != field.name.lower():
            raise ValueError(f"field name {field.name!r} must be a lower-case identifier")
        known = self._fields.get(field.name)
        if known is not None and known != field:
            raise ValueError(f"field {field.name!r} is already registered as {known.type}")
        self._fields[field.name] = field
        return field

    def register_indicator(self, name: str, type: FieldType, description: str) -> Field:
        """Add an indicator computed outside the manifest (party history, ratios, flags)."""
        return self.register(Field(name, type, description, indicator=True))

    def copy(self) -> Catalogue:
        return Catalogue(self._fields.values())

    def get(self, name: str) -> Field | None:
        return self._fields.get(name)

    def __getitem__(self, name: str) -> Field:
        return self._fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    def __iter__(self) -> Iterator[Field]:
        return iter(self._fields.values())

    def __len__(self) -> int:
        return len(self._fields)

    @property
    def names(self) -> list[str]:
        return list(self._fields)


_C, _T, _N, _B, _D = (
    FieldType.CATEGORY,
    FieldType.TEXT,
    FieldType.NUMBER,
    FieldType.BOOLEAN,
    FieldType.DATE,
)

CONSIGNMENT_FIELDS: tuple[Field, ...] = (
    Field("mode", _C, "Mode of transport of the conveyance: sea, air, road or rail."),
    Field("flow", _C, "Customs flow: import, export, transit or transshipment."),
    Field("carrier_code", _C, "Carrier code (SCAC or IATA) of the conveyance."),
    Field("vessel_imo", _C, "IMO number of the vessel."),
    Field("arrival_date", _D, "Scheduled date of arrival of the conveyance (UTC)."),
    Field("port_of_loading", _C, "UN/LOCODE of the port where the goods were loaded."),
    Field("port_of_discharge", _C, "UN/LOCODE of the port where the goods are discharged."),
    Field("place_of_receipt", _C, "UN/LOCODE of the place where the carrier took the goods."),
    Field("place_of_delivery", _C, "UN/LOCODE of the place where the goods are delivered."),
    Field("origin_country", _C, "Country of origin of the goods (ISO 3166 alpha-2)."),
    Field("transshipment_count", _N, "Number of transshipment ports on the route."),
    Field("first_transshipment_port", _C, "UN/LOCODE of the first transshipment port."),
    Field("shipper_name", _T, "Name of the shipper (consignor) as filed."),
    Field("shipper_country", _C, "Country of the shipper's address."),
    Field("consignee_name", _T, "Name of the consignee as filed."),
    Field("consignee_country", _C, "Country of the consignee's address."),
    Field("notify_name", _T, "Name of the notify party as filed."),
    Field("freight_payment", _C, "How the freight is paid: prepaid, collect, cash or other."),
    Field("kind", _C, "Kind of bill: master (has house bills), house, or simple."),
    Field("hs_code", _C, "HS code of the principal goods item (the heaviest by gross weight)."),
    Field("hs_chapter", _C, "HS chapter (first two digits) of the principal goods item."),
    Field("hs_heading", _C, "HS heading (first four digits) of the principal goods item."),
    Field("description", _T, "Descriptions of all goods items, in item order, joined by '; '."),
    Field("goods_item_count", _N, "Number of goods items on the bill."),
    Field("package_count", _N, "Total number of packages over all goods items."),
    Field("package_kind", _C, "Kind of package of the principal goods item (UN/ECE rec. 21)."),
    Field("gross_weight_kg", _N, "Total gross weight over all goods items, in kilograms."),
    Field("volume_m3", _N, "Total volume over all goods items, in cubic metres."),
    Field("container_count", _N, "Number of containers the goods are carried in."),
    Field("container_size_type", _C, "ISO 6346 size/type code of the first container."),
    Field("dangerous_goods", _B, "True when any goods item declares dangerous goods."),
    Field(
        "filed_hours_before_arrival",
        _N,
        "Hours between the filing of the manifest and the scheduled arrival; negative when "
        "filed after arrival.",
    ),
    Field("amendment_count", _N, "Number of amendments filed for this bill so far."),
)


def default_catalogue() -> Catalogue:
    """A new catalogue holding the consignment-level fields, ready for indicators to register."""
    return Catalogue(CONSIGNMENT_FIELDS)
