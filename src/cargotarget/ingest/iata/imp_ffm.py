"""FFM, the flight manifest: the air waybills loaded on one flight, by point of unloading and
unit load device.

``1/LH400/12MAR/FRA/DABYT`` names the part of the manifest, the flight and its day, the airport
of loading and the aircraft. Each point of unloading (``JFK`` or ``JFK/12MAR1350``) is followed
by its bulk cargo and then by its ULDs (``ULD/AKE12345LH``), each followed by the air waybills
loaded in it: consignment detail lines ``020-12345675FRAJFK/T20K410.0/LAPTOPS`` (a ``P`` or ``S``
code: a part of a split shipment), with their ``/`` special handling, ``OCI``, ``DIM`` and
``OSI`` lines. ``CONT`` or ``LAST`` ends the part. An air waybill met several times (split over
ULDs or points) is one consignment: a goods item per part, every ULD its equipment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import msgspec

from cargotarget.ingest.iata.awb import normalise_awb, uld_problem
from cargotarget.ingest.iata.imp_fields import Detail, Marks, airport, fields, padded, read_detail
from cargotarget.ingest.iata.imp_lines import Line, RawMessage
from cargotarget.ingest.iata.imp_reading import Part, Reading
from cargotarget.model.manifest import (
    Consignment,
    Equipment,
    EquipmentKind,
    GoodsItem,
    PortCall,
    Route,
    TransportMode,
    Voyage,
)

_FLIGHT_LINE = re.compile(r"\d{1,2}/")
_AWB_LINE = re.compile(r"\d{3}-?\d{8}")
_POINT = re.compile(r"[A-Z]{3}(?:/.*)?")
#: Lines that belong to the air waybill before them.
_AWB_TAGS = frozenset({"OCI", "DIM", "OSI", "COR", "SCI", "SSR", "COI", "SPH", "MOV"})
_TOTAL = re.compile(r"T\d{1,5}")
_ENDS = frozenset({"LAST", "CONT"})
_BULK = frozenset({"BULK", "BLK"})


@dataclass
class _Waybill:
    marks: Marks
    lines: list[Line] = field(default_factory=list)
    goods: list[GoodsItem] = field(default_factory=list)
    ulds: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    route: Route = field(default_factory=Route)
    split: bool = False


@dataclass
class _Place:
    """Where the reader is: the point of unloading and the ULD, with their lines."""

    point: Line | None = None
    locode: str | None = None
    uld: str | None = None
    uld_line: Line | None = None
    uld_problem: str | None = None
    waybill: _Waybill | None = None


def read_ffm(message: RawMessage) -> Reading:
    """The flight as the voyage and one consignment per air waybill."""
    lines = message.lines
    head = Marks(lines[0])
    flight_line = lines[1] if len(lines) > 1 and _FLIGHT_LINE.match(lines[1].text) else None
    voyage, loading, reference = _flight(flight_line, lines[0], head)
    reading = Reading(
        reference=reference,
        voyage=voyage,
        marks=head,
        head=[lines[0], *([flight_line] if flight_line else [])],
    )
    waybills: dict[str, _Waybill] = {}
    place = _Place()
    calls: list[PortCall] = []
    for line in lines[2 if flight_line else 1 :]:
        text = line.text.strip()
        if text in _ENDS:
            reading.tail = [line]
            break
        _take(line, text, place, waybills, calls, loading, head)
    if not reading.tail:
        text = "the manifest does not end with LAST or CONT: it may be cut short"
        head.warning("truncated.message", text, lines[-1], len(lines[-1].text) + 1)
    last_call = head.paths.get(f"voyage.port_calls[{len(calls) - 1}].locode")
    if last_call is not None:
        head.paths["voyage.arrival_port"] = last_call
    reading.voyage = msgspec.structs.replace(
        voyage, port_calls=tuple(calls), arrival_port=calls[-1].locode if calls else None
    )
    for bill, waybill in waybills.items():
        reading.parts.append(_part(bill, waybill))
    return reading


def _flight(line: Line | None, first: Line, head: Marks) -> tuple[Voyage, str | None, str]:
    """``1/LH400/12MAR/FRA``: part, flight, day and month, airport of loading."""
    if line is None:
        head.error("missing.flight", "the FFM has no flight line (1/LH400/12MAR/FRA)", first)
        return Voyage(mode=TransportMode.AIR, voyage_number=""), None, ""
    parts = padded(line, 5)
    flight, day = parts[1].text.replace(" ", "").upper(), parts[2].text[:5].upper()
    head.mark("voyage.voyage_number", line, parts[1].column)
    head.mark("voyage", line)
    remarks: list[str] = []
    loading = airport(parts[3].text, line, parts[3].column, "voyage.departure_port", head, remarks)
    voyage = Voyage(
        mode=TransportMode.AIR,
        carrier_code=flight[:2] or None,
        voyage_number=f"{flight}/{day}" if flight and day else flight,
        departure_port=loading,
    )
    return voyage, loading, f"FFM {voyage.voyage_number} {parts[3].text} part {parts[0].text}"


def _take(
    line: Line,
    text: str,
    place: _Place,
    waybills: dict[str, _Waybill],
    calls: list[PortCall],
    loading: str | None,
    head: Marks,
) -> None:
    """Read one line of the manifest's body where ``place`` says the reader is."""
    tag = text[:3]
    if _AWB_LINE.match(text):
        _waybill(line, place, waybills, loading)
    elif text.startswith("/") or (tag in _AWB_TAGS and text[3:4] in ("/", "")):
        if place.waybill is None:
            head.warning("unread.line", "a line of an air waybill before any air waybill", line)
            return
        place.waybill.lines.append(line)
        detail = " ".join(f.text for f in fields(line) if f.text)
        place.waybill.remarks.append(detail if tag in _AWB_TAGS else f"special handling {detail}")
    elif text.startswith("ULD/"):
        _uld(line, place)
    elif _POINT.fullmatch(text):
        place.point, place.uld, place.uld_line, place.waybill = line, None, None, None
        path = f"voyage.port_calls[{len(calls)}].locode"
        place.locode = airport(text[:3], line, 1, path, head, [])
        if place.locode is not None:
            calls.append(PortCall(locode=place.locode))
    else:
        head.warning("unread.line", f"line {text[:20]!r} is not an FFM line", line)


def _uld(line: Line, place: _Place) -> None:
    """``ULD/AKE12345LH`` (``-`` and a loading indicator, ``/`` remarks may follow)."""
    number = fields(line)[1].text.partition("-")[0].replace(" ", "").upper()
    place.waybill = None
    if number in _BULK:
        place.uld, place.uld_line, place.uld_problem = None, None, None
        return
    place.uld, place.uld_line = number, line
    problem = uld_problem(number)
    place.uld_problem = f"ULD {number[:20]!r}: {problem}" if problem else None


def _waybill(line: Line, place: _Place, waybills: dict[str, _Waybill], loading: str | None) -> None:
    """An air waybill line: a part of that waybill, loaded where the reader is."""
    start = _AWB_LINE.match(line.text.strip())
    bill = normalise_awb(start.group() if start else "")
    waybill = waybills.get(bill)
    if waybill is None:
        waybill = waybills[bill] = _Waybill(marks=Marks(line, bill))
    marks, place.waybill = waybill.marks, waybill
    for context in (place.point, place.uld_line):
        if context is not None and context not in waybill.lines:
            waybill.lines.append(context)
    waybill.lines.append(line)
    if place.uld_problem is not None and place.uld_line is not None:
        marks.error("invalid.uld", place.uld_problem, place.uld_line, 5)
    detail = read_detail(line, 0, marks)
    if detail is None:
        return
    if not waybill.goods:
        _route(waybill, detail, line, loading, place.locode)
    n, quantity = len(waybill.goods), detail.quantity
    texts = [f for f in detail.rest if not _TOTAL.fullmatch(f.text)]
    if texts:
        marks.mark(f"goods[{n}].description", line, texts[0].column)
    waybill.split = waybill.split or (quantity is not None and quantity.code != "T")
    if place.uld is not None and place.uld not in waybill.ulds:
        marks.mark(f"equipment[{len(waybill.ulds)}].number", place.uld_line or line, 5)
        waybill.ulds.append(place.uld)
    waybill.goods.append(
        GoodsItem(
            sequence=n + 1,
            description="/".join(f.text for f in texts),
            package_count=quantity.pieces if quantity else None,
            gross_weight_kg=quantity.weight_kg if quantity else None,
            volume_m3=quantity.volume_m3 if quantity else None,
            container_numbers=(place.uld,) if place.uld else (),
        )
    )


def _route(
    waybill: _Waybill, detail: Detail, line: Line, loading: str | None, unloading: str | None
) -> None:
    """The waybill's origin and destination; the flight's airports between them, when they
    differ, are its transshipment airports."""
    remarks, marks = waybill.remarks, waybill.marks
    origin = airport(
        detail.origin or "", line, detail.origin_column, "route.port_of_loading", marks, remarks
    )
    destination = airport(
        detail.destination,
        line,
        detail.destination_column,
        "route.port_of_discharge",
        marks,
        remarks,
    )
    via = [port for port in (loading, unloading) if port and port not in (origin, destination)]
    waybill.route = Route(
        port_of_loading=origin,
        transshipment_ports=tuple(dict.fromkeys(via)),
        port_of_discharge=destination,
    )


def _part(bill: str, waybill: _Waybill) -> Part:
    consignment = Consignment(
        bill_number=bill,
        split=waybill.split,
        route=waybill.route,
        goods=tuple(waybill.goods),
        equipment=tuple(Equipment(number=n, kind=EquipmentKind.ULD) for n in waybill.ulds),
        remarks=tuple(waybill.remarks),
    )
    return Part(consignment, waybill.marks, waybill.lines)
