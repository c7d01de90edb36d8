"""Reading one X12 310 freight receipt and invoice (ocean) into a canonical manifest.

A 310 is the carrier's bill of lading as invoiced: one bill, its vessel and voyage (V1), parties
(N1 loops), ports (R4, each with the DTM after it) and goods lines (LX loops of N7 equipment, M7
seals, L0 quantities and L5 descriptions). It is a secondary feed: it confirms and completes what
a manifest filed. Since it carries one bill, a problem anywhere in it rejects the set. Charges
(L1, C3, L3) and certifications (C8) are not cargo data and are read past.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cargotarget.ingest.checking import header_problems
from cargotarget.ingest.edifact.values import normal_code
from cargotarget.ingest.x12.codes import HS_QUALIFIERS, PAYMENTS, PORT_FUNCTIONS
from cargotarget.ingest.x12.envelope import FORMAT, Envelope
from cargotarget.ingest.x12.goods import GoodsLine
from cargotarget.ingest.x12.lexer import Segment
from cargotarget.ingest.x12.parties import PartyBuilder
from cargotarget.ingest.x12.tracker import Tracker, label
from cargotarget.ingest.x12.values import parse_count, parse_date_time, parse_volume, parse_weight
from cargotarget.model.checks import check_consignment
from cargotarget.model.manifest import (
    Consignment,
    Equipment,
    Manifest,
    Party,
    PartyRole,
    Route,
    TransportMode,
    Voyage,
)
from cargotarget.model.problems import ParsedMessage

#: Segments of a 310 that carry no cargo data the canonical model keeps: read past quietly.
IGNORED = frozenset({"B2A", "Y2", "C8", "L3", "L1", "C3", "K1", "H3", "L4", "L7", "PER", "G61"})


class FreightReceipt310:
    """Reads one 310 transaction set, segment by segment after its ST."""

    def __init__(self, st: Segment, envelope: Envelope) -> None:
        self.tracker = Tracker((st.index, "ST"))
        self._values: dict[str, str] = {}
        self._ports: dict[str, list[str]] = {}
        self._times: dict[str, datetime] = {}
        self._last_port = ""
        self._parties: list[PartyBuilder] = []
        self._party: PartyBuilder | None = None
        self._equipment: list[Equipment] = []
        self._goods: list[GoodsLine] = []
        note = envelope.version_note()
        if note is not None and envelope.gs is not None:
            self.tracker.warning("unsupported.version", note, envelope.gs.index, "GS")

    def add(self, segment: Segment) -> None:
        tag = segment.tag
        if segment.problem is not None:
            self.tracker.error("invalid.segment", segment.problem, segment.index, label(tag))
        elif tag in ("N2", "N3", "N4") and self._party is not None:
            self._party.add(segment)
        elif tag in _HANDLERS:
            self._party = None
            _HANDLERS[tag](self, segment)
        elif tag not in IGNORED:
            text = f"segment {label(tag)} is not read from a 310"
            self.tracker.warning("unread.segment", text, segment.index, label(tag))

    def _keep(self, segment: Segment, **elements: int) -> None:
        for name, element in elements.items():
            if segment.value(element):
                self._values[name] = segment.value(element)
                self.tracker.mark(name, segment.index, segment.tag)

    def _beginning(self, segment: Segment) -> None:
        """B3: invoice number (the reference), shipment number, payment, carrier (SCAC)."""
        self._keep(segment, reference=2, shipment=3, payment=4, carrier=11)

    def _reference(self, segment: Segment) -> None:
        """N9: ``BM`` bill of lading, ``MB`` master bill; other references are not kept."""
        names = {"BM": "bill_number", "MB": "master_bill_number"}
        if segment.value(1) in names:
            self._keep(segment, **{names[segment.value(1)]: 2})

    def _vessel(self, segment: Segment) -> None:
        """V1: vessel code (IMO when qualified ``L``), name, flag, voyage, carrier (SCAC)."""
        self._keep(segment, vessel=2, flag=3, voyage=4, scac=5)
        if segment.value(8) in ("", "L"):
            self._keep(segment, imo=1)

    def _party_loop(self, segment: Segment) -> None:
        kept = sum(1 for party in self._parties if party.role is not None)
        self._party = PartyBuilder(segment, kept, self.tracker)
        self._parties.append(self._party)

    def _port(self, segment: Segment) -> None:
        """R4: a port by function (loading, discharge, transshipment, receipt, delivery)."""
        function = PORT_FUNCTIONS.get(segment.value(1))
        self._last_port = ""
        if function is None or segment.value(2) != "UN":
            text = f"R4 {segment.value(1)!r} {segment.value(2)!r}: only UN/LOCODE ports are kept"
            self.tracker.warning("unread.port", text, segment.index, "R4")
            return
        self._ports.setdefault(function, []).append(normal_code(segment.value(3)))
        self.tracker.mark(f"port.{function}", segment.index, "R4")
        self._last_port = function

    def _date(self, segment: Segment) -> None:
        """DTM after an R4: the date and time at that port (read as UTC)."""
        if not self._last_port or self._last_port in self._times:
            return
        try:
            self._times[self._last_port] = parse_date_time(segment.value(2), segment.value(3))
        except ValueError as exc:
            self.tracker.error("invalid.date", f"DTM: {exc}", segment.index, "DTM")

    def _line(self, segment: Segment) -> None:
        """LX: a goods line; its N7, M7, L0 and L5 follow."""
        self.tracker.mark(f"goods[{len(self._goods)}]", segment.index, "LX")
        number = segment.value(1)
        sequence = int(number) if number.isascii() and number.isdigit() else len(self._goods) + 1
        self._goods.append(GoodsLine(segment.index, sequence))

    def _current(self, segment: Segment) -> GoodsLine | None:
        if not self._goods:
            text = f"{segment.tag} comes before any LX goods line"
            self.tracker.error("segment.misplaced", text, segment.index, segment.tag)
            return None
        return self._goods[-1]

    def _equipment_details(self, segment: Segment) -> None:
        """N7: a container (initial and number), its ISO size and type (N7-22)."""
        line = self._current(segment)
        if line is None:
            return
        number = normal_code(segment.value(1) + segment.value(2))
        self.tracker.mark(f"equipment[{len(self._equipment)}]", segment.index, "N7")
        self._equipment.append(Equipment(number=number, size_type=segment.value(22) or None))
        line.containers.append(number)

    def _seals(self, segment: Segment) -> None:
        """M7: the seals of the N7 before it."""
        if not self._equipment:
            self.tracker.error("segment.misplaced", "M7 before any N7", segment.index, "M7")
            return
        last = self._equipment[-1]
        seals = tuple(s for s in (segment.value(i) for i in range(1, 5)) if s)
        self._equipment[-1] = Equipment(
            number=last.number, size_type=last.size_type, seals=last.seals + seals
        )

    def _quantities(self, segment: Segment) -> None:
        """L0: weight (L004, unit L011), volume (L006, L007), packages (L008, L009)."""
        line = self._current(segment)
        if line is None:
            return
        try:
            if segment.value(4):
                line.gross_weight_kg = parse_weight(segment.value(4), segment.value(11))
            if segment.value(6):
                line.volume_m3 = parse_volume(segment.value(6), segment.value(7))
            if segment.value(8):
                line.package_count = parse_count(segment.value(8))
        except ValueError as exc:
            self.tracker.error("invalid.number", f"L0: {exc}", segment.index, "L0")
        line.package_kind = segment.value(9) or None

    def _description(self, segment: Segment) -> None:
        """L5: a line of description; an HS or Schedule B code when qualified H or B."""
        line = self._current(segment)
        if line is None:
            return
        line.description = " ".join(p for p in (line.description, segment.value(2)) if p)
        if segment.value(4) in HS_QUALIFIERS and segment.value(3):
            line.hs_code = segment.value(3).replace(".", "")
            self.tracker.mark(f"goods[{len(self._goods) - 1}].hs_code", segment.index, "L5")

    def finish(self) -> list[ParsedMessage]:
        values = self._values
        parties = [p for p in (party.finish() for party in self._parties) if p]
        carrier = next((p for p in parties if p.role is PartyRole.CARRIER), None)
        voyage = Voyage(
            mode=TransportMode.SEA,
            carrier_code=values.get("carrier") or values.get("scac"),
            carrier_name=carrier.name if carrier is not None else None,
            vessel_name=values.get("vessel"),
            imo_number=values.get("imo"),
            flag=normal_code(values["flag"]) if "flag" in values else None,
            voyage_number=values.get("voyage", ""),
            departure_port=self._first("loading"),
            departure_at=self._times.get("loading"),
            arrival_port=self._first("discharge"),
            arrival_at=self._times.get("discharge"),
        )
        self.tracker.fields.update(_voyage_paths(self.tracker.fields))
        reference = values.get("reference", "")
        self.tracker.extend(header_problems(reference, voyage, self.tracker.locate))
        consignment = self._consignment(tuple(parties))
        self.tracker.extend(check_consignment(consignment, self.tracker.locate))
        if self.tracker.errors:
            return [ParsedMessage(format=FORMAT, manifest=None, problems=self.tracker.listed())]
        manifest = Manifest(reference=reference, voyage=voyage, consignments=(consignment,))
        return [ParsedMessage(format=FORMAT, manifest=manifest, problems=self.tracker.listed())]

    def _first(self, function: str) -> str | None:
        return next(iter(self._ports.get(function, ())), None)

    def _consignment(self, parties: tuple[Party, ...]) -> Consignment:
        values = self._values
        bill = values.get("bill_number") or values.get("shipment", "")
        self.tracker.bill = bill or None
        goods = tuple(line.finish() for line in self._goods)
        return Consignment(
            bill_number=bill,
            master_bill_number=values.get("master_bill_number"),
            freight_payment=PAYMENTS.get(values.get("payment", "")),
            parties=parties,
            route=Route(
                place_of_receipt=self._first("receipt"),
                port_of_loading=self._first("loading"),
                transshipment_ports=tuple(self._ports.get("transshipment", ())),
                port_of_discharge=self._first("discharge"),
                place_of_delivery=self._first("delivery"),
            ),
            goods=goods,
            equipment=tuple(self._equipment),
        )


def _voyage_paths(fields: dict[str, tuple[int, str]]) -> dict[str, tuple[int, str]]:
    """Where the model's checks find the voyage and route fields of a 310."""
    names = {"voyage.voyage_number": "voyage", "voyage.imo_number": "imo", "voyage.flag": "flag"}
    names |= {"voyage.departure_port": "port.loading", "voyage.arrival_port": "port.discharge"}
    names |= {"route.port_of_loading": "port.loading", "route.port_of_discharge": "port.discharge"}
    names |= {"route.place_of_receipt": "port.receipt", "route.place_of_delivery": "port.delivery"}
    names |= {"bill_number": "bill_number"}
    return {path: fields[key] for path, key in names.items() if key in fields}


_HANDLERS: dict[str, Callable[[FreightReceipt310, Segment], None]] = {
    "B3": FreightReceipt310._beginning,
    "N9": FreightReceipt310._reference,
    "V1": FreightReceipt310._vessel,
    "N1": FreightReceipt310._party_loop,
    "R4": FreightReceipt310._port,
    "DTM": FreightReceipt310._date,
    "LX": FreightReceipt310._line,
    "N7": FreightReceipt310._equipment_details,
    "M7": FreightReceipt310._seals,
    "L0": FreightReceipt310._quantities,
    "L5": FreightReceipt310._description,
}
