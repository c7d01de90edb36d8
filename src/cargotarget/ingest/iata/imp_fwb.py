"""FWB, the air waybill data message, read into one consignment on its first booked flight.

Line by line: the consignment detail (air waybill, origin, destination, pieces, weight), ``FLT``
booked flights (``BA117/14``: flight and day of the month), ``RTG`` routing (``JFKBA``: each
next airport and carrier), ``SHP``/``CNE``/``NFY`` parties, ``AGT`` the agent (a forwarder),
``CVD`` charge declarations (prepaid or collect), ``RTD`` the goods (imp_rates), ``SSR``/``OSI``
remarks and ``OCI`` customs information (parties' identification numbers). A consolidation
(``/NC/`` in the rate description) is a master air waybill. See docs/formats/cargo-imp.md.
"""

from __future__ import annotations

from cargotarget.ingest.iata.imp_fields import Marks, airport, fields, read_detail, read_payment
from cargotarget.ingest.iata.imp_lines import RawMessage, Record, records
from cargotarget.ingest.iata.imp_parties import NESTED, PARTY_TAGS, read_parties
from cargotarget.ingest.iata.imp_rates import goods_items, read_rates
from cargotarget.ingest.iata.imp_reading import Part, Reading
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    Equipment,
    EquipmentKind,
    FreightPayment,
    Route,
    TransportMode,
    Voyage,
)

#: Lines an FWB may carry that the canonical model has no place for (charges, accounting,
#: issue, references): read past without a warning.
PASSED_OVER = frozenset(
    {"ACC", "PPD", "COL", "CER", "ISU", "REF", "COR", "COI", "SII", "ARD", "SPH", "NOM", "SRI"}
    | {"OTH", "CDC", "OPI", "FTR", "DIM"}
)


def read_fwb(message: RawMessage) -> Reading:
    """The FWB's voyage (its first booked flight) and its one consignment."""
    lines = message.lines
    found = records(lines[1:], NESTED)
    detail_line = found[0].lines[0] if found and not found[0].tag else lines[0]
    marks = Marks(detail_line)
    head = Marks(lines[0])
    head.mark("voyage", detail_line)
    detail = read_detail(detail_line, 0, marks) if detail_line is not lines[0] else None
    if detail is None and detail_line is lines[0]:
        marks.error("missing.consignment_detail", "the FWB has no air waybill line", lines[0])
    remarks: list[str] = []
    origin = destination = None
    if detail is not None:
        marks.bill = detail.awb
        origin = airport(
            detail.origin or "",
            detail_line,
            detail.origin_column,
            "route.port_of_loading",
            marks,
            remarks,
        )
        destination = airport(
            detail.destination,
            detail_line,
            detail.destination_column,
            "route.port_of_discharge",
            marks,
            remarks,
        )
    voyage = _voyage(_record(found, "FLT"), origin, head)
    by_tag = _collect(found, marks)
    consignment = _consignment(
        detail.awb if detail else "", by_tag, origin, destination, remarks, marks
    )
    reading = Reading(reference=consignment.bill_number, voyage=voyage, marks=head, head=[lines[0]])
    reading.parts.append(Part(consignment, marks, lines[1:]))
    return reading


def _record(found: list[Record], tag: str) -> Record | None:
    return next((r for r in found if r.tag == tag), None)


def _voyage(flt: Record | None, origin: str | None, head: Marks) -> Voyage:
    """The first booked flight: ``FLT/BA117/14`` is flight BA117 on the 14th."""
    if flt is None:
        return Voyage(mode=TransportMode.AIR, voyage_number="", departure_port=origin)
    found = fields(flt.lines[0])
    flight = found[1].text.replace(" ", "").upper() if len(found) > 1 else ""
    day = found[2].text if len(found) > 2 else ""
    head.mark("voyage.voyage_number", flt.lines[0], found[1].column if len(found) > 1 else 1)
    return Voyage(
        mode=TransportMode.AIR,
        carrier_code=flight[:2] or None,
        voyage_number=f"{flight}/{day}" if flight and day else flight,
        departure_port=origin,
    )


def _collect(found: list[Record], marks: Marks) -> dict[str, list[Record]]:
    by_tag: dict[str, list[Record]] = {}
    for record in found[1:]:
        by_tag.setdefault(record.tag, []).append(record)
        known = record.tag in _READ or record.tag in PARTY_TAGS or record.tag in PASSED_OVER
        if not known:
            text = f"line {record.tag or record.lines[0].text[:10]!r} is not an FWB line"
            marks.warning("unread.line", text, record.lines[0])
    return by_tag


_READ = frozenset({"FLT", "RTG", "AGT", "CVD", "RTD", "SSR", "OSI", "OCI"})


def _consignment(
    bill: str,
    by_tag: dict[str, list[Record]],
    origin: str | None,
    destination: str | None,
    remarks: list[str],
    marks: Marks,
) -> Consignment:
    rates = [rate for record in by_tag.get("RTD", []) for rate in read_rates(record, marks)]
    goods = goods_items(rates, marks)
    parties = read_parties(by_tag, remarks, marks)
    ulds = list(dict.fromkeys(n for item in goods for n in item.container_numbers))
    for i, number in enumerate(ulds):
        where = next((at, col) for r in rates for n, at, col in r.ulds if n == number)
        marks.mark(f"equipment[{i}].number", *where)
    for tag in ("SSR", "OSI"):
        remarks += [
            " ".join(f.text for f in fields(line)[1:] if f.text)
            for r in by_tag.get(tag, [])
            for line in r.lines
        ]
    country = next((r.origin for r in rates if r.origin), None)
    if country is not None:
        marks.mark("route.origin_country", country[1], country[2])
    return Consignment(
        bill_number=bill,
        kind=DocumentKind.MASTER if any(r.consolidation for r in rates) else DocumentKind.SIMPLE,
        freight_payment=_payment(by_tag, marks),
        parties=parties,
        route=Route(
            port_of_loading=origin,
            transshipment_ports=_transfers(by_tag, destination, remarks, marks),
            port_of_discharge=destination,
            origin_country=country[0] if country else None,
        ),
        goods=tuple(goods),
        equipment=tuple(Equipment(number=n, kind=EquipmentKind.ULD) for n in ulds),
        remarks=tuple(r for r in remarks if r),
    )


def _payment(by_tag: dict[str, list[Record]], marks: Marks) -> FreightPayment | None:
    for record in by_tag.get("CVD", []):
        payment = read_payment(record.lines[0], marks)
        if payment is not None:
            return payment
    return None


def _transfers(
    by_tag: dict[str, list[Record]], destination: str | None, remarks: list[str], marks: Marks
) -> tuple[str, ...]:
    """The airports of the routing (``RTG/JFKBA/ORDAA``) before the destination."""
    ports: list[str] = []
    for record in by_tag.get("RTG", []):
        for item in fields(record.lines[0])[1:]:
            path = f"route.transshipment_ports[{len(ports)}]"
            code = airport(item.text[:3], record.lines[0], item.column, path, marks, remarks)
            if code is not None:
                ports.append(code)
    if ports and ports[-1] == destination:
        ports.pop()
    return tuple(ports)
