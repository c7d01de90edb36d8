"""One consignment: a CNI segment and its group, read segment by segment into a Consignment.

The group is read as it streams past. NAD, GID and EQD open a party, a goods item and an
equipment group, which take the segments that belong to them; any other segment goes back to the
consignment itself (RFF bill references, CPI freight payment, GIS split flag, FTX remarks, LOC
places of the route).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from cargotarget.ingest.edifact.equipment import EquipmentBuilder
from cargotarget.ingest.edifact.goods import GoodsBuilder
from cargotarget.ingest.edifact.lexer import Segment
from cargotarget.ingest.edifact.parties import PartyBuilder
from cargotarget.ingest.edifact.positions import Tracker
from cargotarget.ingest.edifact.qualifiers import (
    BILL_KINDS,
    MASTER_BILL,
    ORIGINAL_LOADING,
    PAYMENT_ARRANGEMENTS,
    PAYMENT_METHODS,
    ROUTE_PATHS,
    ROUTE_PLACES,
    ROUTING,
    SPLIT,
    TRANSSHIPMENT,
)
from cargotarget.ingest.edifact.values import TEXT_WIDTH, join_text, normal_code
from cargotarget.model.checks import check_consignment
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    Equipment,
    FreightPayment,
    GoodsItem,
    MessageFunction,
    Route,
)

#: Message-level equipment (EQD before the first CNI): number -> (equipment, segment number).
SharedEquipment = dict[str, tuple[Equipment, int]]


class _Member(Protocol):
    """A party, goods item or equipment group being read: it takes the segments that are its
    own and gives back (False) those that belong to the consignment."""

    def add(self, segment: Segment, n: int) -> bool: ...


class ConsignmentBuilder:
    """Reads one CNI group; :meth:`finish` gives the Consignment and checks it."""

    def __init__(self, cni: Segment, n: int, message: int, shared: SharedEquipment) -> None:
        self.tracker = tracker = Tracker(message, (n, "CNI"))
        self.first = n
        self._bill = cni.value(1)
        tracker.bill = self._bill or None
        tracker.mark("bill_number", n, "CNI")
        self._shared = shared
        self._kind: DocumentKind | None = None
        self._master: str | None = None
        self._payment: FreightPayment | None = None
        self._split = False
        self._remarks: list[str] = []
        self._route: dict[str, str] = {}
        self._original_loading: tuple[str, int] | None = None
        self._transshipments: list[str] = []
        self._routing: list[str] = []
        self._parties: list[PartyBuilder] = []
        self._goods: list[GoodsBuilder] = []
        self._equipment: list[EquipmentBuilder] = []
        self._open: _Member | None = None

    def add(self, segment: Segment, n: int) -> None:
        """Read the next segment of the group."""
        member = self._open
        if member is not None and member.add(segment, n):
            return
        self._open = None
        handler = _HANDLERS.get(segment.tag)
        if handler is None:
            self.tracker.not_read(n, segment.tag, "in a consignment")
        else:
            handler(self, segment, n)

    def _reference(self, segment: Segment, n: int) -> None:
        """RFF BM/BH/MB: the first whose value is the bill says what kind of bill it is; another
        MB names the master bill. A CNI without a bill number takes it from the first one."""
        qualifier, value = segment.value(0), segment.value(0, 1)
        kind = BILL_KINDS.get(qualifier)
        if kind is None:
            self.tracker.not_read(n, "RFF", f"reference {qualifier}")
            return
        if not self._bill:
            self._bill = value
            self.tracker.bill = value or None
            self.tracker.mark("bill_number", n, "RFF")
        if self._kind is None and value == self._bill:
            self._kind = kind
        elif qualifier == MASTER_BILL:
            self._master = value
            self.tracker.mark("master_bill_number", n, "RFF")
        else:
            self.tracker.not_read(n, "RFF", f"{qualifier} reference {value!r}")

    def _charges(self, segment: Segment, n: int) -> None:
        """CPI: the payment arrangement (4237) first, then the method of payment (C231)."""
        arrangement, method = segment.value(2), segment.value(1)
        payment = PAYMENT_ARRANGEMENTS.get(arrangement) or PAYMENT_METHODS.get(method)
        if payment is None and (arrangement or method):
            payment = FreightPayment.OTHER
        if payment is not None:
            self._payment = payment
            self.tracker.mark("freight_payment", n, "CPI")

    def _indicator(self, segment: Segment, n: int) -> None:
        if segment.value(0) == SPLIT:
            self._split = True
        else:
            self.tracker.not_read(n, "GIS", f"indicator {segment.value(0)!r}")

    def _text(self, segment: Segment, n: int) -> None:
        text = join_text(segment.value_list(3), TEXT_WIDTH)
        if text:
            self.tracker.mark(f"remarks[{len(self._remarks)}]", n, "FTX")
            self._remarks.append(text)

    def _location(self, segment: Segment, n: int) -> None:
        """LOC: a place of the route; a repeated single place is reported, never overwritten."""
        qualifier, code = segment.value(0), normal_code(segment.value(1))
        field = ROUTE_PLACES.get(qualifier)
        if not code:
            self.tracker.not_read(n, "LOC", f"LOC {qualifier} without a location")
        elif field is not None and field in self._route:
            self.tracker.not_read(n, "LOC", f"a second LOC {qualifier}, {code}")
        elif field is not None:
            self._route[field] = code
            self.tracker.mark(ROUTE_PATHS[qualifier], n, "LOC")
        elif qualifier == TRANSSHIPMENT:
            self.tracker.mark(f"route.transshipment_ports[{len(self._transshipments)}]", n, "LOC")
            self._transshipments.append(code)
        elif qualifier == ROUTING:
            self.tracker.mark(f"route.countries_of_routing[{len(self._routing)}]", n, "LOC")
            self._routing.append(code)
        elif qualifier == ORIGINAL_LOADING:
            self._original_loading = (code, n)
        else:
            self.tracker.not_read(n, "LOC", f"place {qualifier}")

    def _party(self, segment: Segment, n: int) -> None:
        party = PartyBuilder(segment, n, len(self._parties), self.tracker)
        if party.known:
            self._parties.append(party)
        self._open = party

    def _goods_item(self, segment: Segment, n: int) -> None:
        self._open = item = GoodsBuilder(segment, n, len(self._goods), self.tracker)
        self._goods.append(item)

    def _equipment_group(self, segment: Segment, n: int) -> None:
        path = f"equipment[{len(self._equipment)}]"
        self._open = equipment = EquipmentBuilder(segment, n, path, self.tracker)
        self._equipment.append(equipment)

    def finish(self, function: MessageFunction) -> Consignment:
        """The consignment as read, its problems (the model's checks included) in ``tracker``.

        A cancellation only has to name its bills, so it is not required to carry goods.
        """
        goods = tuple(item.finish() for item in self._goods)
        consignment = Consignment(
            bill_number=self._bill,
            kind=self._kind or (DocumentKind.HOUSE if self._master else DocumentKind.SIMPLE),
            master_bill_number=self._master,
            freight_payment=self._payment,
            split=self._split,
            parties=tuple(p for p in (party.finish() for party in self._parties) if p),
            route=self._finish_route(),
            goods=goods,
            equipment=self._finish_equipment(goods),
            remarks=tuple(self._remarks),
        )
        problems = check_consignment(consignment, self.tracker.locate)
        if function is MessageFunction.CANCEL:
            problems = [p for p in problems if p.code != "missing.goods"]
        self.tracker.extend(problems)
        return consignment

    def _finish_route(self) -> Route:
        route = self._route
        if self._original_loading is not None:
            code, n = self._original_loading
            if "port_of_loading" in route:
                self.tracker.not_read(n, "LOC", "original port of loading besides LOC 9")
            else:
                route["port_of_loading"] = code
                self.tracker.mark("route.port_of_loading", n, "LOC")
        return Route(
            place_of_receipt=route.get("place_of_receipt"),
            port_of_loading=route.get("port_of_loading"),
            transshipment_ports=tuple(self._transshipments),
            port_of_discharge=route.get("port_of_discharge"),
            place_of_delivery=route.get("place_of_delivery"),
            origin_country=route.get("origin_country"),
            countries_of_routing=tuple(self._routing),
        )

    def _finish_equipment(self, goods: tuple[GoodsItem, ...]) -> tuple[Equipment, ...]:
        """The group's own equipment, then message-level equipment its goods are placed in."""
        equipment = [builder.finish() for builder in self._equipment]
        if not self._shared:
            return tuple(equipment)
        numbers = {item.number for item in equipment}
        for number in (number for item in goods for number in item.container_numbers):
            shared = self._shared.get(number)
            if shared is not None and number not in numbers:
                self.tracker.mark(f"equipment[{len(equipment)}]", shared[1], "EQD")
                equipment.append(shared[0])
                numbers.add(number)
        return tuple(equipment)


_HANDLERS: dict[str, Callable[[ConsignmentBuilder, Segment, int], None]] = {
    "RFF": ConsignmentBuilder._reference,
    "CPI": ConsignmentBuilder._charges,
    "GIS": ConsignmentBuilder._indicator,
    "FTX": ConsignmentBuilder._text,
    "LOC": ConsignmentBuilder._location,
    "NAD": ConsignmentBuilder._party,
    "GID": ConsignmentBuilder._goods_item,
    "EQD": ConsignmentBuilder._equipment_group,
}
