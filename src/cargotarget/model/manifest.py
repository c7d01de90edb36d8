"""The canonical cargo manifest: what every ingest format is turned into.

Plain immutable records (msgspec structs), named as customs officers name things. Codes are held
as their normalised strings; :mod:`cargotarget.model.checks` validates them with the value types in
:mod:`cargotarget.model.codes`. Weights are kilograms, volumes cubic metres, times UTC.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec


class Flow(StrEnum):
    IMPORT = "import"
    EXPORT = "export"
    TRANSIT = "transit"
    TRANSSHIPMENT = "transshipment"


class MessageFunction(StrEnum):
    """What a message does to the consignments it carries (EDIFACT BGM 1225)."""

    ORIGINAL = "original"
    REPLACE = "replace"
    CANCEL = "cancel"


class TransportMode(StrEnum):
    SEA = "sea"
    AIR = "air"
    ROAD = "road"
    RAIL = "rail"


class PartyRole(StrEnum):
    SHIPPER = "shipper"
    CONSIGNEE = "consignee"
    NOTIFY = "notify"
    FORWARDER = "forwarder"
    CARRIER = "carrier"
    BUYER = "buyer"
    SELLER = "seller"
    MANUFACTURER = "manufacturer"
    CARRIER_AGENT = "carrier_agent"


class FreightPayment(StrEnum):
    PREPAID = "prepaid"
    COLLECT = "collect"
    CASH = "cash"
    OTHER = "other"


class DocumentKind(StrEnum):
    """A bill under the carrier's manifest: a master bill, a house bill under a master, or a
    simple bill with no house bills."""

    MASTER = "master"
    HOUSE = "house"
    SIMPLE = "simple"


class EquipmentKind(StrEnum):
    CONTAINER = "container"
    ULD = "uld"
    TRAILER = "trailer"
    OTHER = "other"


class _Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of the canonical records: immutable, keyword-built, strict about unknown fields."""


class Identifier(_Record, frozen=True, kw_only=True):
    """A party identifier: ``scheme`` is EORI, TIN, AEO, DUNS, IATA, SCAC or a filer's own."""

    scheme: str
    value: str


class Address(_Record, frozen=True, kw_only=True):
    lines: tuple[str, ...] = ()
    city: str | None = None
    postcode: str | None = None
    subdivision: str | None = None
    country: str | None = None


class Party(_Record, frozen=True, kw_only=True):
    role: PartyRole
    name: str
    address: Address = Address()
    identifiers: tuple[Identifier, ...] = ()
    contact: str | None = None


class PortCall(_Record, frozen=True, kw_only=True):
    """A port on the conveyance's itinerary, in the order of calls."""

    locode: str
    eta: datetime | None = None
    etd: datetime | None = None


class Voyage(_Record, frozen=True, kw_only=True):
    """The conveyance and its journey: a vessel voyage or a flight."""

    mode: TransportMode
    carrier_code: str | None = None
    carrier_name: str | None = None
    vessel_name: str | None = None
    imo_number: str | None = None
    flag: str | None = None
    voyage_number: str
    port_calls: tuple[PortCall, ...] = ()
    departure_port: str | None = None
    departure_at: datetime | None = None
    arrival_port: str | None = None
    arrival_at: datetime | None = None


class Route(_Record, frozen=True, kw_only=True):
    """Where a consignment goes, from receipt to delivery (UN/LOCODEs, countries ISO 3166)."""

    place_of_receipt: str | None = None
    port_of_loading: str | None = None
    transshipment_ports: tuple[str, ...] = ()
    port_of_discharge: str | None = None
    place_of_delivery: str | None = None
    origin_country: str | None = None
    countries_of_routing: tuple[str, ...] = ()


class DangerousGoods(_Record, frozen=True, kw_only=True):
    un_number: str
    hazard_class: str | None = None


class GoodsItem(_Record, frozen=True, kw_only=True):
    sequence: int
    description: str
    hs_code: str | None = None
    package_count: int | None = None
    package_kind: str | None = None
    gross_weight_kg: float | None = None
    volume_m3: float | None = None
    marks: tuple[str, ...] = ()
    dangerous_goods: tuple[DangerousGoods, ...] = ()
    container_numbers: tuple[str, ...] = ()


class Equipment(_Record, frozen=True, kw_only=True):
    number: str
    kind: EquipmentKind = EquipmentKind.CONTAINER
    size_type: str | None = None
    full: bool = True
    seals: tuple[str, ...] = ()


class Consignment(_Record, frozen=True, kw_only=True):
    """One bill of lading or air waybill: the unit that is assessed and targeted."""

    bill_number: str
    kind: DocumentKind = DocumentKind.SIMPLE
    master_bill_number: str | None = None
    freight_payment: FreightPayment | None = None
    split: bool = False
    parties: tuple[Party, ...] = ()
    route: Route = Route()
    goods: tuple[GoodsItem, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    remarks: tuple[str, ...] = ()

    def party(self, role: PartyRole) -> Party | None:
        """The first party filed in ``role``, if any."""
        return next((p for p in self.parties if p.role is role), None)


class Manifest(_Record, frozen=True, kw_only=True):
    """A filing: one voyage's (or flight's) consignments as one data provider sent them."""

    reference: str
    flow: Flow = Flow.IMPORT
    function: MessageFunction = MessageFunction.ORIGINAL
    filed_at: datetime | None = None
    provider: str | None = None
    voyage: Voyage
    consignments: tuple[Consignment, ...] = ()
