"""FHL, the consolidation list: the house waybills under one master air waybill.

``MBI/`` names the master (the consignment detail line of the master air waybill); each ``HBS/``
opens a house: ``HBS/FRA0001/FRAORD/10/K220.5//AUTO PARTS`` is the house number, its origin and
destination, pieces, weight, shipper's load and count and a short description. The house's own
lines follow: ``TXT`` free-text description, ``HTS`` harmonised codes (one goods item each; the
first carries the pieces and weight), ``OCI`` customs information, ``SHP``/``CNE``/``NFY``
parties and ``CVD`` charges. An FHL names no flight, so its voyage is the master's, known by
the master's number (``AWB 176-22222222``), as the Cargo-XML house waybill names it.
"""

from __future__ import annotations

from cargotarget.ingest.iata.imp_fields import (
    Field,
    Marks,
    airport,
    fields,
    padded,
    read_detail,
    read_payment,
    text_lines,
    weight_of,
)
from cargotarget.ingest.iata.imp_lines import Line, RawMessage, Record, records
from cargotarget.ingest.iata.imp_parties import NESTED, PARTY_TAGS, read_parties
from cargotarget.ingest.iata.imp_reading import Part, Reading, hs_code
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    FreightPayment,
    GoodsItem,
    Route,
    TransportMode,
    Voyage,
)

_HOUSE_TAGS = frozenset({"HBS", "TXT", "HTS", "OCI", "CVD"}) | frozenset(PARTY_TAGS)


def read_fhl(message: RawMessage) -> Reading:
    """The master's voyage and one house consignment per HBS."""
    lines = message.lines
    head = Marks(lines[0])
    found = records(lines[1:], NESTED)
    mbi = found[0] if found and found[0].tag == "MBI" else None
    master, voyage = _master(mbi, lines[0], head)
    reading = Reading(
        reference=f"FHL {master}" if master else "",
        voyage=voyage,
        marks=head,
        head=[lines[0], *(mbi.lines if mbi else [])],
    )
    houses: list[list[Record]] = []
    for record in found[1 if mbi else 0 :]:
        if record.tag == "HBS":
            houses.append([record])
        elif houses and record.tag in _HOUSE_TAGS:
            houses[-1].append(record)
        else:
            text = f"line {(record.tag or record.lines[0].text)[:10]!r} is not read here"
            head.warning("unread.line", text, record.lines[0])
    for house in houses:
        reading.parts.append(_house(house, master))
    if not houses:
        head.error("missing.goods", "the FHL has no house waybill (HBS)", lines[-1])
    return reading


def _master(mbi: Record | None, first: Line, head: Marks) -> tuple[str, Voyage]:
    """The master air waybill's number and a voyage named by it, from its airports."""
    if mbi is None:
        head.error("missing.master", "the FHL has no master air waybill line (MBI)", first)
        return "", Voyage(mode=TransportMode.AIR, voyage_number="")
    line = mbi.lines[0]
    slash = line.text.find("/")
    detail = read_detail(line, slash + 1 if slash >= 0 else len(line.text), head)
    if detail is None:
        return "", Voyage(mode=TransportMode.AIR, voyage_number="")
    head.mark("voyage.voyage_number", line, detail.origin_column - 12)
    remarks: list[str] = []
    origin = airport(
        detail.origin or "", line, detail.origin_column, "voyage.departure_port", head, remarks
    )
    destination = airport(
        detail.destination, line, detail.destination_column, "voyage.arrival_port", head, remarks
    )
    voyage = Voyage(
        mode=TransportMode.AIR,
        voyage_number=f"AWB {detail.awb}",
        carrier_code=None,
        departure_port=origin,
        arrival_port=destination,
    )
    return detail.awb, voyage


def _house(house: list[Record], master: str) -> Part:
    hbs = house[0].lines[0]
    parts = padded(hbs, 7)
    bill = parts[1].text.replace(" ", "").upper()
    marks = Marks(hbs, bill or None)
    marks.mark("bill_number", hbs, parts[1].column)
    remarks: list[str] = []
    route = _route(hbs, parts[2], marks, remarks)
    by_tag: dict[str, list[Record]] = {}
    for record in house[1:]:
        by_tag.setdefault(record.tag, []).append(record)
    consignment = Consignment(
        bill_number=bill,
        kind=DocumentKind.HOUSE,
        master_bill_number=master or None,
        freight_payment=_payment(by_tag, marks),
        parties=read_parties(by_tag, remarks, marks),
        route=route,
        goods=_goods(house[0], by_tag, marks),
        remarks=tuple(remarks),
    )
    return Part(consignment, marks, [line for record in house for line in record.lines])


def _route(hbs: Line, places: Field, marks: Marks, remarks: list[str]) -> Route:
    text, column = places.text, places.column
    if len(text) != 6:
        marks.error("invalid.airports", f"{text[:12]!r} is not origin and destination", hbs)
        return Route()
    return Route(
        port_of_loading=airport(text[:3], hbs, column, "route.port_of_loading", marks, remarks),
        port_of_discharge=airport(
            text[3:], hbs, column + 3, "route.port_of_discharge", marks, remarks
        ),
    )


def _goods(hbs: Record, by_tag: dict[str, list[Record]], marks: Marks) -> tuple[GoodsItem, ...]:
    """One goods item per harmonised code (or one without), the first with the quantities."""
    line = hbs.lines[0]
    parts = padded(line, 7)
    pieces = _whole(parts[3].text, line, parts[3].column, marks)
    weight = _weight(parts[4].text, line, parts[4].column, marks)
    slac = parts[5].text if parts[5].text.isdigit() and len(parts[5].text) <= 6 else None
    texts = [t for r in by_tag.get("TXT", []) for t in text_lines(r.lines, 4)]
    description = " ".join(texts) or "/".join(p.text for p in fields(line)[6:])
    place = (by_tag["TXT"][0].lines[0], 5) if texts else (line, parts[6].column)
    codes = [
        (hs_code(text), r.lines[i], 5 if i == 0 else 2)
        for r in by_tag.get("HTS", [])
        for i, text in enumerate(text_lines(r.lines, 4))
    ] or [("", line, 1)]
    items = []
    for n, (code, at, column) in enumerate(codes):
        marks.mark(f"goods[{n}].description", *place)
        if code:
            marks.mark(f"goods[{n}].hs_code", at, column)
        items.append(
            GoodsItem(
                sequence=n + 1,
                description=description,
                hs_code=code or None,
                package_count=None if n else (int(slac) if slac else pieces),
                gross_weight_kg=None if n else weight,
            )
        )
    marks.mark("goods[0].package_count", line, parts[3].column)
    marks.mark("goods[0].gross_weight_kg", line, parts[4].column)
    return tuple(items)


def _whole(text: str, line: Line, column: int, marks: Marks) -> int | None:
    if text.isdigit() and len(text) <= 6:
        return int(text)
    marks.error("invalid.number", f"pieces {text[:20]!r} is not a number", line, column)
    return None


def _weight(text: str, line: Line, column: int, marks: Marks) -> float | None:
    weight = weight_of(text)
    if weight is None:
        text = f"weight {text[:20]!r} is not K or L and a number"
        marks.error("invalid.weight", text, line, column)
    return weight


def _payment(by_tag: dict[str, list[Record]], marks: Marks) -> FreightPayment | None:
    cvd = by_tag.get("CVD")
    return read_payment(cvd[0].lines[0], marks) if cvd else None
