"""The segments of one CUSCAR message for a manifest: the profile of docs/cuscar.md, written.

Every value is escaped with the release character; empty trailing components and elements are
left out, so that an absent value is simply not there. What is written here is exactly what
:mod:`cargotarget.ingest.edifact.cuscar` reads back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cargotarget.ingest.edifact.qualifiers import (
    ARRIVAL,
    BILL_KINDS,
    CARRIER_LIST,
    DEPARTURE,
    DEPARTURE_TIME,
    DESCRIPTION,
    DESTINATION,
    DOCUMENT_NAME,
    EMPTY,
    EQUIPMENT_KINDS,
    FILED,
    FLOWS,
    FREIGHT,
    FULL,
    FUNCTIONS,
    HS,
    IMO_AGENCY,
    IMO_LIST,
    LOCODE_LIST,
    MAIN_CARRIAGE,
    MASTER_BILL,
    MESSAGE_TYPE,
    MODES,
    MUTUALLY_DEFINED,
    PARTY_ROLES,
    PROVIDER,
    REMARK,
    ROUTE_CODES,
    ROUTING,
    SPLIT,
    TRANSSHIPMENT,
    reverse,
)
from cargotarget.ingest.edifact.syntax import ServiceChars
from cargotarget.ingest.edifact.values import (
    NAME_WIDTH,
    TEXT_WIDTH,
    format_datetime,
    format_number,
    split_text,
)
from cargotarget.model.manifest import (
    Consignment,
    Equipment,
    FreightPayment,
    GoodsItem,
    Manifest,
    Party,
    Voyage,
)

Element = str | None | Sequence[str | None]

_FUNCTION_CODES = reverse(FUNCTIONS)
_FLOW_CODES = reverse(FLOWS)
_MODE_CODES = reverse(MODES)
_ROLE_CODES = reverse(PARTY_ROLES)
_KIND_CODES = reverse(EQUIPMENT_KINDS)
_BILL_CODES = reverse(BILL_KINDS)
_PAYMENTS: dict[FreightPayment, tuple[Element, ...]] = {
    FreightPayment.PREPAID: (FREIGHT, None, "P"),
    FreightPayment.COLLECT: (FREIGHT, None, "C"),
    FreightPayment.CASH: (FREIGHT, ("CSH", None, MUTUALLY_DEFINED)),
    FreightPayment.OTHER: (FREIGHT, MUTUALLY_DEFINED),
}
_MARKS_PER_PCI = 10


class MessageLayout:
    """Writes manifests as CUSCAR segment texts (without terminators) in one directory."""

    def __init__(self, chars: ServiceChars, release: str) -> None:
        self._chars = chars
        self._identifier = (MESSAGE_TYPE, "D", release, "UN")

    def segment(self, tag: str, *elements: Element) -> str:
        """One segment's text: each element a value or a sequence of components."""
        escape, component = self._chars.escape, self._chars.component
        parts = [tag]
        for element in elements:
            if element is None or isinstance(element, str):
                parts.append(escape(element) if element else "")
                continue
            values = [escape(value) if value else "" for value in element]
            while values and not values[-1]:
                values.pop()
            parts.append(component.join(values))
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        return self._chars.element.join(parts)

    def message(self, manifest: Manifest, reference: str) -> list[str]:
        """The segments of one message, UNH to UNT."""
        seg = self.segment
        texts = [
            seg("UNH", reference, self._identifier),
            seg("BGM", DOCUMENT_NAME, manifest.reference, _FUNCTION_CODES[manifest.function]),
        ]
        if manifest.filed_at is not None:
            texts.append(self._time(FILED, manifest.filed_at))
        if manifest.provider is not None:
            texts.append(seg("NAD", PROVIDER, manifest.provider))
        texts += self._voyage(manifest.voyage)
        texts.append(seg("GIS", (_FLOW_CODES[manifest.flow], None, MUTUALLY_DEFINED)))
        for index, consignment in enumerate(manifest.consignments, 1):
            texts += self._consignment(consignment, index)
        texts.append(seg("UNT", str(len(texts) + 1), reference))
        return texts

    def _time(self, qualifier: str, when: datetime) -> str:
        value, fmt = format_datetime(when)
        return self.segment("DTM", (qualifier, value, fmt))

    def _place(self, qualifier: str, locode: str) -> str:
        return self.segment("LOC", qualifier, (locode, *LOCODE_LIST))

    def _voyage(self, voyage: Voyage) -> list[str]:
        carrier = (voyage.carrier_code, CARRIER_LIST if voyage.carrier_code else None, None)
        imo = voyage.imo_number
        code_list = (IMO_LIST, IMO_AGENCY) if imo else (None, None)
        vessel = (imo, *code_list, voyage.vessel_name, voyage.flag)
        texts = [
            self.segment(
                "TDT", MAIN_CARRIAGE, voyage.voyage_number, _MODE_CODES[voyage.mode], None,
                (*carrier, voyage.carrier_name), None, None, vessel,
            )
        ]  # fmt: skip
        if voyage.departure_at is not None and voyage.departure_port is None:
            texts.append(self._time(DEPARTURE_TIME, voyage.departure_at))
        if voyage.arrival_at is not None and voyage.arrival_port is None:
            texts.append(self._time(ARRIVAL, voyage.arrival_at))
        if voyage.departure_port is not None:
            texts.append(self._place(DEPARTURE, voyage.departure_port))
            if voyage.departure_at is not None:
                texts.append(self._time(DEPARTURE_TIME, voyage.departure_at))
        for call in voyage.port_calls:
            texts.append(self._place(ROUTING, call.locode))
            if call.eta is not None:
                texts.append(self._time(ARRIVAL, call.eta))
            if call.etd is not None:
                texts.append(self._time(DEPARTURE_TIME, call.etd))
        if voyage.arrival_port is not None:
            texts.append(self._place(DESTINATION, voyage.arrival_port))
            if voyage.arrival_at is not None:
                texts.append(self._time(ARRIVAL, voyage.arrival_at))
        return texts

    def _consignment(self, c: Consignment, index: int) -> list[str]:
        seg = self.segment
        texts = [
            seg("CNI", str(index), c.bill_number),
            seg("RFF", (_BILL_CODES[c.kind], c.bill_number)),
        ]
        if c.master_bill_number is not None:
            texts.append(seg("RFF", (MASTER_BILL, c.master_bill_number)))
        if c.freight_payment is not None:
            texts.append(seg("CPI", *_PAYMENTS[c.freight_payment]))
        if c.split:
            texts.append(seg("GIS", (SPLIT, None, MUTUALLY_DEFINED)))
        texts += [seg("FTX", REMARK, None, None, split_text(r, TEXT_WIDTH)) for r in c.remarks]
        texts += self._route(c)
        for party in c.parties:
            texts += self._party(party)
        for item in c.goods:
            texts += self._goods_item(item)
        for equipment in c.equipment:
            texts += self._equipment(equipment)
        return texts

    def _route(self, c: Consignment) -> list[str]:
        route = c.route
        places = [
            (ROUTE_CODES["place_of_receipt"], route.place_of_receipt),
            (ROUTE_CODES["port_of_loading"], route.port_of_loading),
            *((TRANSSHIPMENT, port) for port in route.transshipment_ports),
            (ROUTE_CODES["port_of_discharge"], route.port_of_discharge),
            (ROUTE_CODES["place_of_delivery"], route.place_of_delivery),
        ]
        texts = [self._place(qualifier, code) for qualifier, code in places if code is not None]
        if route.origin_country is not None:
            texts.append(self.segment("LOC", "27", route.origin_country))
        texts += [self.segment("LOC", ROUTING, country) for country in route.countries_of_routing]
        return texts

    def _party(self, party: Party) -> list[str]:
        identifiers = party.identifiers
        first = identifiers[0] if identifiers else None
        address = party.address
        texts = [
            self.segment(
                "NAD", _ROLE_CODES[party.role], (first.value, first.scheme) if first else None,
                None, split_text(party.name, NAME_WIDTH), address.lines, address.city,
                address.subdivision, address.postcode, address.country,
            )
        ]  # fmt: skip
        texts += [self.segment("RFF", (other.scheme, other.value)) for other in identifiers[1:]]
        if party.contact is not None:
            texts.append(self.segment("CTA", "IC", (None, party.contact)))
        return texts

    def _goods_item(self, item: GoodsItem) -> list[str]:
        seg = self.segment
        count = None if item.package_count is None else str(item.package_count)
        texts = [seg("GID", str(item.sequence), (count, item.package_kind))]
        if item.description:
            texts.append(
                seg("FTX", DESCRIPTION, None, None, split_text(item.description, TEXT_WIDTH))
            )
        if item.hs_code is not None:
            texts.append(seg("PIA", "5", (item.hs_code, HS)))
        if item.gross_weight_kg is not None:
            texts.append(seg("MEA", "WT", "AAB", ("KGM", format_number(item.gross_weight_kg))))
        if item.volume_m3 is not None:
            texts.append(seg("MEA", "AAE", "AAW", ("MTQ", format_number(item.volume_m3))))
        marks = item.marks
        for start in range(0, len(marks), _MARKS_PER_PCI):
            texts.append(seg("PCI", "24", marks[start : start + _MARKS_PER_PCI]))
        texts += [seg("SGP", number) for number in item.container_numbers]
        texts += [seg("DGS", "IMD", d.hazard_class, d.un_number) for d in item.dangerous_goods]
        return texts

    def _equipment(self, equipment: Equipment) -> list[str]:
        status = FULL if equipment.full else EMPTY
        kind = _KIND_CODES[equipment.kind]
        texts = [
            self.segment("EQD", kind, equipment.number, equipment.size_type, None, None, status)
        ]
        texts += [self.segment("SEL", seal) for seal in equipment.seals]
        return texts
