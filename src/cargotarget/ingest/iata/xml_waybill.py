"""XFWB (master air waybill, ``Waybill``) and XFZB (house waybill, ``HouseWaybill``).

An XFWB is one consignment: its number the air waybill number in
``BusinessHeaderDocument/ID``, its kind master, or simple when the header note says the
shipment is direct (``IncludedHeaderNote/ContentCode`` ``D``); its voyage the first flight
of ``MasterConsignment``'s transport movements, the later flights' arrival airports before the
destination its transshipment points. An XFZB holds a house consignment
(``MasterConsignment/IncludedHouseConsignment``) under the master whose number is
``MasterConsignment/TransportContractDocument/ID``; a house waybill names no flight, so its
voyage is the master's, known by the master's number (``AWB 020-12345675``) until a flight
manifest loads the master.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from cargotarget.ingest.iata.awb import awb_problem, normalise_awb
from cargotarget.ingest.iata.xml_document import Document
from cargotarget.ingest.iata.xml_goods import handling_codes, read_items
from cargotarget.ingest.iata.xml_header import Part, Reading, airport, read_flight, read_header
from cargotarget.ingest.iata.xml_parties import Notes, read_parties
from cargotarget.ingest.iata.xml_values import WEIGHTS, Fields, one_line
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    FreightPayment,
    GoodsItem,
    Route,
    TransportMode,
    Voyage,
)

#: Differences of weight between the items and the total that are mere rounding.
WEIGHT_TOLERANCE = 0.01


def read_awb(fields: Fields, parent: Element | None, path: str, what: str) -> str:
    """The air waybill number at ``parent``'s ``path``, with an error when it is missing or
    fails its check digit."""
    element = fields.find(parent, path)
    raw = None if element is None else (element.text or "").strip()
    if element is None or not raw:
        holder = parent if parent is not None else fields.origin
        fields.error(f"missing.{what}", f"the {what.replace('_', ' ')} is missing", holder, path)
        return ""
    number = normalise_awb(raw)
    problem = awb_problem(number)
    if problem is not None:
        fields.error("invalid.awb", f"air waybill number {raw[:40]!r}: {problem}", element)
    return number


def read_waybill(document: Document) -> Reading:
    """An XFWB: one master (or simple) consignment and its first flight."""
    root = document.root
    fields = Fields(document, root)
    master = root.find("MasterConsignment")
    holder = master if master is not None else root
    bill = read_awb(fields, root.find("BusinessHeaderDocument"), "ID", "awb_number")
    fields.source("bill_number", root)
    remarks: list[str] = []
    legs = sorted(holder.findall("SpecifiedLogisticsTransportMovement"), key=_sequence)
    flights = [read_flight(fields, leg, remarks) for leg in legs]
    voyage = flights[0] if flights else Voyage(mode=TransportMode.AIR, voyage_number="")
    reading = Reading(fields=fields, reference=bill, voyage=voyage)
    read_header(fields, root, reading)
    note = fields.text(root, "BusinessHeaderDocument/IncludedHeaderNote/ContentCode")
    kind = DocumentKind.SIMPLE if note == "D" else DocumentKind.MASTER
    remarks += [
        f"onward flight {f.voyage_number} {f.departure_port or '?'}-{f.arrival_port or '?'}"
        for f in flights[1:]
    ]
    items = holder.findall("ApplicableRating/IncludedMasterConsignmentItem")
    part = Fields(document, holder)
    consignment = read_consignment(part, holder, items, remarks)
    destination = consignment.route.port_of_discharge
    # Every flight lands at a transshipment point but the last, which does too when it lands
    # short of a known destination.
    landings = [f.arrival_port for f in (flights if destination else flights[:-1])]
    via = [port for port in landings if port and port != destination]
    route = _with_via(consignment.route, via) if via else consignment.route
    consignment = _finish(consignment, bill, kind, None, route)
    reading.parts.append(Part(consignment, part, [holder]))
    return reading


def read_house_waybill(document: Document) -> Reading:
    """An XFZB: each house consignment under its master, on the master's voyage."""
    root = document.root
    fields = Fields(document, root)
    master = root.find("MasterConsignment")
    holder = master if master is not None else root
    master_bill = read_awb(fields, holder, "TransportContractDocument/ID", "master_bill_number")
    reference = one_line(fields.text(root, "BusinessHeaderDocument/ID") or "")
    remarks: list[str] = []
    legs = sorted(holder.findall("SpecifiedLogisticsTransportMovement"), key=_sequence)
    voyage = (
        read_flight(fields, legs[0], remarks)
        if legs
        else Voyage(
            mode=TransportMode.AIR, voyage_number=f"AWB {master_bill}" if master_bill else ""
        )
    )
    reading = Reading(fields=fields, reference=reference, voyage=voyage)
    read_header(fields, root, reading)
    for house in holder.findall("IncludedHouseConsignment"):
        part = Fields(document, house)
        bill = "".join((fields.text(house, "ID") or reference).split()).upper()
        part.source("bill_number", house)
        items = house.findall("IncludedHouseConsignmentItem")
        consignment = read_consignment(part, house, items, list(remarks))
        route = consignment.route
        if route.port_of_loading is None and route.port_of_discharge is None:
            route = _read_route(part, holder, [])
        consignment = _finish(consignment, bill, DocumentKind.HOUSE, master_bill or None, route)
        reading.parts.append(Part(consignment, part, [house]))
    if not reading.parts:
        fields.error("missing.goods", "the house waybill holds no house consignment", holder)
    return reading


def read_consignment(
    fields: Fields, element: Element, items: list[Element], remarks: list[str]
) -> Consignment:
    """The parts every waybill consignment has: parties, route, goods, ULDs, handling."""
    notes = Notes(fields, element)
    handling = handling_codes(fields, element)
    requests = _texts(fields, element, "HandlingSSRInstructions")
    summary = fields.text(element, "SummaryDescription")
    goods, equipment = read_items(fields, items, summary and one_line(summary), handling, requests)
    _check_totals(fields, element, goods)
    prepaid = fields.flag(element, "TotalChargePrepaidIndicator")
    route = _read_route(fields, element, remarks)
    remarks = [
        *(["special handling: " + " ".join(handling)] if handling else []),
        *requests,
        *_texts(fields, element, "HandlingOSIInstructions"),
        *notes.remarks,
        *remarks,
    ]
    return Consignment(
        bill_number="",
        freight_payment=None
        if prepaid is None
        else FreightPayment.PREPAID
        if prepaid
        else FreightPayment.COLLECT,
        parties=read_parties(fields, element, notes),
        route=route,
        goods=goods,
        equipment=equipment,
        remarks=tuple(remarks),
    )


def _read_route(fields: Fields, element: Element, remarks: list[str]) -> Route:
    loading = airport(fields, element, "OriginLocation/ID", remarks, "route.port_of_loading")
    discharge = airport(
        fields, element, "FinalDestinationLocation/ID", remarks, "route.port_of_discharge"
    )
    return Route(port_of_loading=loading, port_of_discharge=discharge)


def _with_via(route: Route, via: list[str]) -> Route:
    return Route(
        port_of_loading=route.port_of_loading,
        transshipment_ports=tuple(dict.fromkeys(via)),
        port_of_discharge=route.port_of_discharge,
    )


def _finish(
    consignment: Consignment, bill: str, kind: DocumentKind, master: str | None, route: Route
) -> Consignment:
    return Consignment(
        bill_number=bill,
        kind=kind,
        master_bill_number=master,
        freight_payment=consignment.freight_payment,
        parties=consignment.parties,
        route=route,
        goods=consignment.goods,
        equipment=consignment.equipment,
        remarks=consignment.remarks,
    )


def _check_totals(fields: Fields, element: Element, goods: tuple[GoodsItem, ...]) -> None:
    """Warn when the items' pieces or weight do not add up to the consignment's totals."""
    pieces = fields.count(element, "TotalPieceQuantity")
    weight = fields.measure(element, "IncludedTareGrossWeightMeasure", WEIGHTS)
    counted = [g.package_count for g in goods if g.package_count is not None]
    weighed = [g.gross_weight_kg for g in goods if g.gross_weight_kg is not None]
    if pieces is not None and counted and sum(counted) != pieces:
        text = f"the items have {sum(counted)} pieces, the consignment's total is {pieces}"
        fields.warning("inconsistent.pieces", text, _child(element, "TotalPieceQuantity"))
    if weight is not None and weighed and abs(sum(weighed) - weight) > WEIGHT_TOLERANCE * weight:
        text = f"the items weigh {sum(weighed):g} kg, the consignment's total is {weight:g} kg"
        fields.warning(
            "inconsistent.weight", text, _child(element, "IncludedTareGrossWeightMeasure")
        )


def _child(element: Element, name: str) -> Element:
    found = element.find(name)
    return element if found is None else found


def _texts(fields: Fields, element: Element, name: str) -> list[str]:
    return [
        one_line(text)
        for child in element.findall(name)
        if (text := fields.text(child, "Description"))
    ]


def _sequence(movement: Element) -> int:
    text = (movement.findtext("SequenceNumeric") or "").strip()
    return int(text) if text.isdigit() else 0
