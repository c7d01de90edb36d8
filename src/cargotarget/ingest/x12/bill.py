"""One bill of a 309 customs manifest: an LX loop, read segment by segment.

The loop holds an optional M13 (the amendment), the M11 (the bill itself), N9 references, N1
party loops (N1, N2, N3, N4) and VID equipment loops, each VID followed by the N10 goods lines
stowed in it and an H1 after a line of dangerous goods. A goods line stowed in several containers
is sent once under each VID with the same line number (N10-09); the lines are joined again here.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from cargotarget.ingest.edifact.values import normal_code
from cargotarget.ingest.x12.codes import (
    AMENDMENTS,
    BILL_KINDS,
    EQUIPMENT_KINDS,
    HS_QUALIFIERS,
    NOT_CONTAINERISED,
)
from cargotarget.ingest.x12.goods import GoodsLine, by_sequence
from cargotarget.ingest.x12.lexer import Segment
from cargotarget.ingest.x12.parties import PartyBuilder
from cargotarget.ingest.x12.tracker import Tracker, label
from cargotarget.ingest.x12.values import parse_count, parse_weight
from cargotarget.model.checks import check_consignment
from cargotarget.model.manifest import (
    Consignment,
    DangerousGoods,
    DocumentKind,
    Equipment,
    MessageFunction,
    Route,
)

#: Segments of an LX loop that the canonical model does not keep: read past quietly.
IGNORED = frozenset({"N9", "VC", "X1", "M12", "H2", "PER"})


class BillBuilder:
    """Reads one LX loop; :meth:`finish` gives the consignment, its problems in ``tracker``."""

    def __init__(self, lx: Segment, discharge: tuple[str, int] | None) -> None:
        self.tracker = Tracker((lx.index, "LX"))
        self.first = lx.index
        self.function = MessageFunction.ORIGINAL
        self._discharge = discharge
        self._bill = ""
        self._master: str | None = None
        self._kind: DocumentKind | None = None
        self._route: dict[str, str] = {}
        self._parties: list[PartyBuilder] = []
        self._party: PartyBuilder | None = None
        self._equipment: list[Equipment] = []
        self._container: str | None = None
        self._goods: dict[int, GoodsLine] = {}
        self._last: GoodsLine | None = None
        self._repeated = False

    def add(self, segment: Segment) -> None:
        """Read the next segment of the loop."""
        tag = segment.tag
        if segment.problem is not None:
            code = "invalid.segment"
            self.tracker.error(code, segment.problem, segment.index, label(tag), always=True)
            return
        if tag in ("N2", "N3", "N4") and self._party is not None:
            self._party.add(segment)
            return
        handler = _HANDLERS.get(tag)
        if handler is not None:
            handler(self, segment)
        elif tag not in IGNORED:
            text = f"segment {label(tag)} does not belong in a 309 bill (LX loop)"
            self.tracker.error("unknown.segment", text, segment.index, label(tag))

    def _amendment(self, segment: Segment) -> None:
        code = segment.value(3)
        function = AMENDMENTS.get(code)
        if function is None:
            text = f"M13 amendment type {code!r} is not known (A add, M modify, D delete)"
            self.tracker.error("invalid.amendment_type", text, segment.index, "M13")
            return
        self.function = function
        if not self._bill:
            self._set_bill(segment.value(4), segment)

    def _set_bill(self, number: str, segment: Segment) -> None:
        self._bill = number
        self.tracker.bill = number or None
        self.tracker.mark("bill_number", segment.index, segment.tag)

    def _bill_details(self, segment: Segment) -> None:
        """M11: bill number, port of loading, kind, place of receipt, master bill, delivery."""
        self._set_bill(segment.value(1), segment)
        kind = segment.value(9)
        if kind:
            self._kind = BILL_KINDS.get(kind)
            if self._kind is None:
                text = f"M11 bill of lading type {kind!r} is not known (R, M, H)"
                self.tracker.error("invalid.bill_kind", text, segment.index, "M11")
        self._master = segment.value(11) or None
        places = ((2, "port_of_loading"), (10, "place_of_receipt"), (12, "place_of_delivery"))
        for element, name in places:
            if segment.value(element):
                self._route[name] = normal_code(segment.value(element))
                self.tracker.mark(f"route.{name}", segment.index, "M11")

    def _party_loop(self, segment: Segment) -> None:
        kept = sum(1 for party in self._parties if party.role is not None)
        self._party = PartyBuilder(segment, kept, self.tracker)
        self._parties.append(self._party)

    def _vehicle(self, segment: Segment) -> None:
        """VID: a container or trailer (or, with code NC, goods stowed in none)."""
        self._party = None
        code = segment.value(1)
        if code == NOT_CONTAINERISED:
            self._container = None
            return
        kind = EQUIPMENT_KINDS.get(code)
        if kind is None:
            text = f"VID equipment description {code!r} is not known (CN, TL, ZZ, NC)"
            self.tracker.error("invalid.equipment_kind", text, segment.index, "VID")
            return
        number = normal_code(segment.value(2) + segment.value(3))
        self.tracker.mark(f"equipment[{len(self._equipment)}]", segment.index, "VID")
        seals = tuple(s for s in (segment.value(4), segment.value(5)) if s)
        self._equipment.append(
            Equipment(
                number=number,
                kind=kind,
                size_type=segment.value(9) or None,
                full=segment.value(10) != "E",
                seals=seals,
            )
        )
        self._container = number

    def _seals(self, segment: Segment) -> None:
        """M7: seals of the VID before it, beyond the two the VID holds."""
        if self._container is None or not self._equipment:
            text = "M7 seals come before any VID container they could close"
            self.tracker.error("segment.misplaced", text, segment.index, "M7")
            return
        last = self._equipment[-1]
        seals = tuple(s for s in (segment.value(i) for i in range(1, 5)) if s)
        self._equipment[-1] = msgspec.structs.replace(last, seals=last.seals + seals)

    def _goods_line(self, segment: Segment) -> None:
        """N10: a goods line; a line number seen before adds this VID's container to it."""
        self._party = None
        reference = segment.value(9)
        sequence = int(reference) if reference.isascii() and reference.isdigit() else 0
        sequence = sequence or len(self._goods) + 1
        item = self._goods.get(sequence)
        # A line sent again under another VID repeats its H1s too: they are read once.
        self._repeated = item is not None
        if item is None:
            item = self._goods[sequence] = self._read_goods(segment, sequence)
        if self._container is not None and self._container not in item.containers:
            item.containers.append(self._container)
        self._last = item

    def _read_goods(self, segment: Segment, sequence: int) -> GoodsLine:
        marks = segment.value(3)
        item = GoodsLine(segment.index, sequence, segment.value(2), segment.value(10) or None)
        item.marks = (marks,) if marks else ()
        try:
            if segment.value(1):
                item.package_count = parse_count(segment.value(1))
            if segment.value(8):
                item.gross_weight_kg = parse_weight(segment.value(8), segment.value(7))
        except ValueError as exc:
            self.tracker.error("invalid.number", f"N10: {exc}", segment.index, "N10")
        if segment.value(4) in HS_QUALIFIERS and segment.value(5):
            item.hs_code = segment.value(5).replace(".", "").replace(" ", "")
        return item

    def _hazard(self, segment: Segment) -> None:
        """H1: the UN number and class of the goods line before it."""
        if self._last is None:
            text = "H1 comes before any N10 goods line it could describe"
            self.tracker.error("segment.misplaced", text, segment.index, "H1")
            return
        if self._repeated:
            return
        self._last.hazards.append(
            DangerousGoods(un_number=segment.value(1), hazard_class=segment.value(2) or None)
        )

    def finish(self) -> Consignment:
        """The consignment as read, its problems (the model's checks included) in ``tracker``.

        A deletion only has to name its bill, so it is not required to carry goods.
        """
        if not self._bill:
            text = "the bill has no M11 (nor an M13 naming it)"
            self.tracker.error("missing.M11", text, *self.tracker.origin, always=True)
        route = dict(self._route)
        if self._discharge is not None:
            route["port_of_discharge"] = self._discharge[0]
            self.tracker.mark("route.port_of_discharge", self._discharge[1], "P4")
        lines = sorted(self._goods.values(), key=by_sequence)
        for i, line in enumerate(lines):
            self.tracker.mark(f"goods[{i}]", line.index, "N10")
        goods = tuple(line.finish() for line in lines)
        consignment = Consignment(
            bill_number=self._bill,
            kind=self._kind or (DocumentKind.HOUSE if self._master else DocumentKind.SIMPLE),
            master_bill_number=self._master,
            parties=tuple(p for p in (party.finish() for party in self._parties) if p),
            route=Route(
                place_of_receipt=route.get("place_of_receipt"),
                port_of_loading=route.get("port_of_loading"),
                port_of_discharge=route.get("port_of_discharge"),
                place_of_delivery=route.get("place_of_delivery"),
            ),
            goods=goods,
            equipment=tuple(self._equipment),
        )
        problems = check_consignment(consignment, self.tracker.locate)
        if self.function is MessageFunction.CANCEL:
            problems = [p for p in problems if p.code != "missing.goods"]
        self.tracker.extend(problems)
        return consignment


_HANDLERS: dict[str, Callable[[BillBuilder, Segment], None]] = {
    "M13": BillBuilder._amendment,
    "M11": BillBuilder._bill_details,
    "N1": BillBuilder._party_loop,
    "VID": BillBuilder._vehicle,
    "M7": BillBuilder._seals,
    "N10": BillBuilder._goods_line,
    "H1": BillBuilder._hazard,
}
