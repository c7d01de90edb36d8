"""XFFM (flight manifest, ``FlightManifest``): a flight, its ULDs and the air waybills loaded.

``LogisticsTransportMovement`` is the flight (its ``ID``, departure airport and time); each
``ArrivalEvent`` is a point of unloading, in order, with the cargo unloaded there. Each
``AssociatedTransportCargo`` is one ULD (``UtilizedUnitLoadTransportEquipment``) or bulk cargo,
and each of its ``IncludedMasterConsignment`` one air waybill, or a part of one, on board:
number (``TransportContractDocument/ID``), pieces, weight, volume, nature of goods, origin and
destination, special handling. The parts of one waybill (a shipment split over several ULDs)
make one consignment with a goods item per part, placed in the part's ULD; the consignment is
stored with what the manifest says, and links to the waybill's XFWB and to its houses by the
air waybill number. A waybill unloaded before its destination has the point of unloading as a
transshipment port.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from cargotarget.ingest.iata.awb import airport_locode, normalise_awb
from cargotarget.ingest.iata.xml_document import Document
from cargotarget.ingest.iata.xml_goods import (
    dangerous_goods,
    handling_codes,
    hazard_class,
    read_uld,
)
from cargotarget.ingest.iata.xml_header import (
    Part,
    Reading,
    airport,
    event_time,
    read_flight,
    read_header,
)
from cargotarget.ingest.iata.xml_values import VOLUMES, WEIGHTS, Fields, one_line
from cargotarget.ingest.iata.xml_waybill import read_awb
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    Equipment,
    GoodsItem,
    PortCall,
    Route,
    TransportMode,
    Voyage,
)

#: TransportSplitDescription codes of a waybill carried in parts.
SPLIT_CODES = frozenset({"P", "S", "D"})

_Load = tuple[Element, Element | None, str | None]


def read_flight_manifest(document: Document) -> Reading:
    """The flight and every air waybill loaded on it."""
    root = document.root
    fields = Fields(document, root)
    remarks: list[str] = []
    movement = root.find("LogisticsTransportMovement")
    if movement is None:
        fields.error(
            "missing.flight", "the manifest names no flight", root, "LogisticsTransportMovement"
        )
        voyage = Voyage(mode=TransportMode.AIR, voyage_number="")
    else:
        voyage = read_flight(fields, movement, remarks)
    arrivals = root.findall("ArrivalEvent")
    voyage = _with_arrivals(fields, voyage, arrivals, remarks)
    reference = one_line(fields.text(root, "BusinessHeaderDocument/ID") or voyage.voyage_number)
    reading = Reading(fields=fields, reference=reference, voyage=voyage)
    read_header(fields, root, reading)
    for loads in _waybills(arrivals).values():
        reading.parts.append(_read_waybill(document, loads))
    return reading


def _with_arrivals(
    fields: Fields, voyage: Voyage, arrivals: list[Element], remarks: list[str]
) -> Voyage:
    """The flight with its points of unloading as port calls, the last one its arrival."""
    calls = []
    if voyage.departure_port:
        calls.append(PortCall(locode=voyage.departure_port, etd=voyage.departure_at))
    for arrival in arrivals:
        locode = airport(fields, arrival, "OccurrenceArrivalLocation/ID", remarks)
        eta = event_time(fields, arrival, "Arrival")[0]
        if locode is not None:
            calls.append(
                PortCall(locode=locode, eta=eta, etd=event_time(fields, arrival, "Departure")[0])
            )
    last = calls[-1] if len(calls) > 1 else None
    return Voyage(
        mode=voyage.mode,
        carrier_code=voyage.carrier_code,
        voyage_number=voyage.voyage_number,
        port_calls=tuple(calls),
        departure_port=voyage.departure_port,
        departure_at=voyage.departure_at,
        arrival_port=last.locode if last else voyage.arrival_port,
        arrival_at=last.eta if last else voyage.arrival_at,
    )


def _waybills(arrivals: list[Element]) -> dict[str, list[_Load]]:
    """Every waybill part on board, by waybill number, with its ULD and point of unloading."""
    found: dict[str, list[_Load]] = {}
    for arrival in arrivals:
        unloading = airport_locode(arrival.findtext("OccurrenceArrivalLocation/ID") or "")
        for cargo in arrival.findall("AssociatedTransportCargo"):
            uld = cargo.find("UtilizedUnitLoadTransportEquipment")
            for waybill in cargo.findall("IncludedMasterConsignment"):
                number = normalise_awb(waybill.findtext("TransportContractDocument/ID") or "")
                key = number or f"#{len(found)}"
                found.setdefault(key, []).append((waybill, uld, unloading))
    return found


def _read_waybill(document: Document, loads: list[_Load]) -> Part:
    first = loads[0][0]
    fields = Fields(document, first)
    bill = read_awb(fields, first, "TransportContractDocument/ID", "awb_number")
    fields.bill = bill or None
    fields.source("bill_number", first)
    remarks: list[str] = []
    goods: list[GoodsItem] = []
    equipment: dict[str, Equipment] = {}
    split = len(loads) > 1
    for index, (waybill, uld_element, _) in enumerate(loads):
        uld = None if uld_element is None else read_uld(fields, uld_element)
        if uld is not None:
            equipment.setdefault(uld.number, uld)
        split = split or (fields.text(waybill, "TransportSplitDescription") or "") in SPLIT_CODES
        goods.append(_read_part(fields, waybill, index, uld))
    loading = airport(fields, first, "OriginLocation/ID", remarks)
    discharge = airport(fields, first, "FinalDestinationLocation/ID", remarks)
    via = tuple(dict.fromkeys(u for *_, u in loads if u is not None and u != discharge))
    handling = handling_codes(fields, first)
    consignment = Consignment(
        bill_number=bill,
        kind=DocumentKind.MASTER,
        split=split,
        route=Route(port_of_loading=loading, transshipment_ports=via, port_of_discharge=discharge),
        goods=tuple(goods),
        equipment=tuple(equipment.values()),
        remarks=tuple((["special handling: " + " ".join(handling)] if handling else []) + remarks),
    )
    return Part(consignment, fields, [load[0] for load in loads])


def _read_part(fields: Fields, waybill: Element, index: int, uld: Equipment | None) -> GoodsItem:
    """One part of a waybill on board, as a goods item placed in its ULD."""
    path = f"goods[{index}]"
    fields.source(path, waybill)
    description = fields.text(waybill, "SummaryDescription", f"{path}.description") or ""
    handling = handling_codes(fields, waybill)
    return GoodsItem(
        sequence=index + 1,
        description=one_line(description),
        package_count=fields.count(waybill, "TotalPieceQuantity", f"{path}.package_count"),
        gross_weight_kg=fields.measure(
            waybill, "GrossWeightMeasure", WEIGHTS, f"{path}.gross_weight_kg"
        ),
        volume_m3=fields.measure(waybill, "GrossVolumeMeasure", VOLUMES, f"{path}.volume_m3"),
        dangerous_goods=dangerous_goods([description], hazard_class(handling)),
        container_numbers=(uld.number,) if uld is not None else (),
    )
