"""The columns of the canonical CSV format, and the model field each one carries.

One row is one goods item. Manifest columns repeat on every row of a manifest, consignment
columns on every row of a bill, goods columns describe the row's goods item and equipment columns
the container it is in. ``docs/formats/csv.md`` shows this table; a test keeps the two equal.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Level(StrEnum):
    MANIFEST = "manifest"
    CONSIGNMENT = "consignment"
    GOODS = "goods item"
    EQUIPMENT = "container"


class Column(NamedTuple):
    name: str
    level: Level
    path: str
    meaning: str
    required: bool = False


LIST_SEPARATOR = ";"
ROLES = ("shipper", "consignee", "notify")

_M, _C, _G, _E = Level.MANIFEST, Level.CONSIGNMENT, Level.GOODS, Level.EQUIPMENT


def _party_columns(role: str) -> tuple[Column, ...]:
    path = f"parties.{role}"
    return (
        Column(f"{role}_name", _C, f"{path}.name", f"{role}: name"),
        Column(
            f"{role}_address",
            _C,
            f"{path}.address.lines",
            f"{role}: street address, one line per line of the cell",
        ),
        Column(f"{role}_city", _C, f"{path}.address.city", f"{role}: city"),
        Column(f"{role}_postcode", _C, f"{path}.address.postcode", f"{role}: postcode"),
        Column(f"{role}_country", _C, f"{path}.address.country", f"{role}: country, ISO 3166"),
    )


COLUMNS: tuple[Column, ...] = (
    Column("manifest_reference", _M, "reference", "the filer's manifest reference", True),
    Column("message_function", _M, "function", "original, replace or cancel (default original)"),
    Column("flow", _M, "flow", "import, export, transit or transshipment (default import)"),
    Column("filed_at", _M, "filed_at", "filing time, ISO 8601 (UTC when no zone is given)"),
    Column("provider", _M, "provider", "the data provider (filer) id"),
    Column("mode", _M, "voyage.mode", "sea, air, road or rail (default sea)"),
    Column("carrier_code", _M, "voyage.carrier_code", "carrier SCAC or IATA code"),
    Column("carrier_name", _M, "voyage.carrier_name", "carrier name"),
    Column("vessel_name", _M, "voyage.vessel_name", "vessel name"),
    Column("imo_number", _M, "voyage.imo_number", "IMO ship number, seven digits"),
    Column("flag", _M, "voyage.flag", "flag state, ISO 3166"),
    Column("voyage_number", _M, "voyage.voyage_number", "voyage or flight number", True),
    Column("departure_port", _M, "voyage.departure_port", "port of departure, UN/LOCODE"),
    Column("departure_at", _M, "voyage.departure_at", "departure time, ISO 8601"),
    Column("arrival_port", _M, "voyage.arrival_port", "port of arrival, UN/LOCODE"),
    Column("arrival_at", _M, "voyage.arrival_at", "arrival time, ISO 8601"),
    Column("bill_number", _C, "bill_number", "bill of lading or air waybill number", True),
    Column("document_kind", _C, "kind", "master, house or simple (default simple)"),
    Column("master_bill_number", _C, "master_bill_number", "the master bill of a house bill"),
    Column("freight_payment", _C, "freight_payment", "prepaid, collect, cash or other"),
    *(column for role in ROLES for column in _party_columns(role)),
    Column("place_of_receipt", _C, "route.place_of_receipt", "UN/LOCODE"),
    Column("port_of_loading", _C, "route.port_of_loading", "UN/LOCODE"),
    Column(
        "transshipment_ports",
        _C,
        "route.transshipment_ports",
        "UN/LOCODEs in order, separated by ;",
    ),
    Column("port_of_discharge", _C, "route.port_of_discharge", "UN/LOCODE"),
    Column("place_of_delivery", _C, "route.place_of_delivery", "UN/LOCODE"),
    Column("origin_country", _C, "route.origin_country", "country of origin, ISO 3166"),
    Column(
        "countries_of_routing",
        _C,
        "route.countries_of_routing",
        "ISO 3166 codes in order, separated by ;",
    ),
    Column("goods_sequence", _G, "goods.sequence", "goods item number (default: row order)"),
    Column("description", _G, "goods.description", "description of the goods", True),
    Column("hs_code", _G, "goods.hs_code", "HS code, 6 to 10 digits"),
    Column("package_count", _G, "goods.package_count", "number of packages"),
    Column("package_kind", _G, "goods.package_kind", "kind of packages (UN/ECE Rec. 21 code)"),
    Column("gross_weight_kg", _G, "goods.gross_weight_kg", "gross weight in kilograms"),
    Column("volume_m3", _G, "goods.volume_m3", "volume in cubic metres"),
    Column("marks", _G, "goods.marks", "marks and numbers, one per line of the cell"),
    Column("un_number", _G, "goods.dangerous_goods.un_number", "dangerous goods UN number"),
    Column("hazard_class", _G, "goods.dangerous_goods.hazard_class", "dangerous goods class"),
    Column("container_number", _E, "equipment.number", "container number, ISO 6346"),
    Column("container_size_type", _E, "equipment.size_type", "ISO 6346 size and type code"),
    Column("container_status", _E, "equipment.full", "full or empty (default full)"),
    Column("seals", _E, "equipment.seals", "seal numbers, separated by ;"),
)

NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.required)


def names_at(level: Level) -> tuple[str, ...]:
    """The names of the columns at ``level``, in table order."""
    return tuple(column.name for column in COLUMNS if column.level is level)


def column_for(path: str) -> str | None:
    """The column that carries a model field, given as a path without list indexes and with
    a party's role in place of its index (``parties.shipper.address.country``)."""
    return _BY_PATH.get(path)


_BY_PATH = {column.path: column.name for column in COLUMNS} | {
    "goods.container_numbers": "container_number",
    "goods.dangerous_goods": "un_number",
    "goods": "description",
}
