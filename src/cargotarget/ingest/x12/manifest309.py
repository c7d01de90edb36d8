"""Reading one X12 309 customs manifest (ST to SE) into canonical manifests.

The heading (M10) names the carrier, vessel and voyage; each P4 loop names a port of discharge
and the arrival there, and holds the LX loops of the bills discharged at that port. Every bill is
checked on its own: a bad bill is held back with a fragment (a 309 with the heading, its P4 and
that bill alone, counts and envelope made right) while its good neighbours go on. A bad heading
rejects the transaction set.

Bills carry their own amendment type (M13), a manifest one function: the bills of a transaction
set are given as one manifest per function, in the order the functions first appear.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from cargotarget.ingest.checking import header_problems
from cargotarget.ingest.edifact.values import counts, normal_code
from cargotarget.ingest.x12.bill import BillBuilder
from cargotarget.ingest.x12.codes import MODES
from cargotarget.ingest.x12.envelope import FORMAT, Envelope
from cargotarget.ingest.x12.lexer import Segment
from cargotarget.ingest.x12.tracker import Tracker, label
from cargotarget.ingest.x12.values import parse_date_time
from cargotarget.model.manifest import Consignment, Manifest, MessageFunction, TransportMode, Voyage
from cargotarget.model.problems import ParsedMessage, Problem, RejectedConsignment


class _Bill:
    """An LX loop being read: its builder, its segment texts and the P4 it sits under."""

    def __init__(self, lx: Segment, port: tuple[str, int] | None, p4: Segment | None) -> None:
        self.builder = BillBuilder(lx, port)
        self.texts = [lx.text]
        self.p4 = p4


class Manifest309:
    """Reads one 309 transaction set, segment by segment after its ST."""

    def __init__(self, st: Segment, envelope: Envelope) -> None:
        self._envelope = envelope
        self._st = st
        self.tracker = Tracker((st.index, "ST"))
        self._heading = [st.text]
        self._m10: Segment | None = None
        self._arrival: tuple[str, datetime | None] | None = None
        self._port: tuple[str, int] | None = None
        self._p4: Segment | None = None
        self._bill: _Bill | None = None
        self._bills: list[tuple[_Bill, Consignment]] = []
        note = envelope.version_note()
        if note is not None and envelope.gs is not None:
            self.tracker.warning("unsupported.version", note, envelope.gs.index, "GS")

    def add(self, segment: Segment) -> None:
        tag = segment.tag
        if tag in ("LX", "P4"):
            self._close_bill()
        if tag == "LX":
            if self._port is None:
                text = "LX before any P4: a bill must sit under its port of discharge"
                self.tracker.error("segment.misplaced", text, segment.index, "LX")
            self._bill = _Bill(segment, self._port, self._p4)
        elif tag == "P4":
            self._read_port(segment)
        elif self._bill is not None:
            self._bill.texts.append(segment.text)
            self._bill.builder.add(segment)
        elif segment.problem is not None:
            self.tracker.error("invalid.segment", segment.problem, segment.index, label(tag))
        elif tag == "M10" and self._m10 is None:
            self._m10 = segment
            self._heading.append(segment.text)
        elif tag == "M10":
            text = "a second M10: a 309 carries one manifest"
            self.tracker.error("duplicate.segment", text, segment.index, "M10")
        else:
            text = f"segment {label(tag)} does not belong in the heading of a 309"
            self.tracker.error("unknown.segment", text, segment.index, label(tag))

    def _read_port(self, p4: Segment) -> None:
        """P4: the port of discharge of the bills that follow; the first is the voyage's."""
        self._p4 = p4
        code = normal_code(p4.value(1))
        if not code:
            self.tracker.error("missing.port", "P4 names no port (P401)", p4.index, "P4")
        self._port = (code, p4.index)
        try:
            when = parse_date_time(p4.value(2), p4.value(5)) if p4.value(2) else None
        except ValueError as exc:
            self.tracker.error("invalid.date", f"P4: {exc}", p4.index, "P4")
            when = None
        if self._arrival is None:
            self._arrival = (code, when)
            self.tracker.mark("voyage.arrival_port", p4.index, "P4")

    def _close_bill(self) -> None:
        bill, self._bill = self._bill, None
        if bill is not None:
            self._bills.append((bill, bill.builder.finish()))

    def finish(self) -> list[ParsedMessage]:
        """The manifests read, one per function, or the rejected transaction set (with no
        fragment: the caller wraps the set as sent)."""
        self._close_bill()
        header = self._header()
        if header is None or self.tracker.errors:
            found = [p for bill, _ in self._bills for p in bill.builder.tracker.listed()]
            problems = (*self.tracker.listed(), *found)
            return [ParsedMessage(format=FORMAT, manifest=None, problems=problems)]
        groups: dict[MessageFunction, list[tuple[_Bill, Consignment]]] = {}
        for bill, consignment in self._bills:
            groups.setdefault(bill.builder.function, []).append((bill, consignment))
        if not groups:
            groups[MessageFunction.ORIGINAL] = []
        messages = []
        for number, (function, bills) in enumerate(groups.items()):
            heading = self.tracker.listed() if number == 0 else ()
            manifest = msgspec.structs.replace(header, function=function)
            messages.append(self._message(manifest, bills, heading))
        return messages

    def _message(
        self,
        manifest: Manifest,
        bills: list[tuple[_Bill, Consignment]],
        heading: tuple[Problem, ...],
    ) -> ParsedMessage:
        accepted: list[Consignment] = []
        warnings: list[Problem] = list(heading)
        rejected: list[RejectedConsignment] = []
        for bill, consignment in bills:
            tracker = bill.builder.tracker
            if not tracker.errors:
                accepted.append(consignment)
                warnings.extend(tracker.problems)
                continue
            fragment = self._fragment(bill)
            rejected.append(
                RejectedConsignment(
                    bill_number=tracker.bill, problems=tracker.listed(), fragment=fragment
                )
            )
        return ParsedMessage(
            format=FORMAT,
            manifest=msgspec.structs.replace(manifest, consignments=tuple(accepted)),
            problems=tuple(warnings),
            rejected=tuple(rejected),
        )

    def _fragment(self, bill: _Bill) -> bytes:
        """The heading, the bill's P4 and the bill, as a 309 of its own (counts set to one)."""
        envelope = self._envelope
        heading = list(self._heading)
        if self._m10 is not None and self._m10.value(8):
            heading[heading.index(self._m10.text)] = envelope.replace(self._m10, 8, "1")
        texts = [*heading]
        p4 = bill.p4
        if p4 is not None:
            texts.append(envelope.replace(p4, 3, "1") if p4.value(3) else p4.text)
        texts += bill.texts
        texts.append(envelope.segment("SE", str(len(texts) + 1), self._st.value(2)))
        return envelope.wrap(texts)

    def _header(self) -> Manifest | None:
        """The manifest's heading from M10 and the first P4, checked; None without an M10."""
        m10 = self._m10
        origin = self.tracker.origin
        if m10 is None:
            self.tracker.error("missing.M10", "the 309 has no M10", *origin, always=True)
            return None
        if self._arrival is None:
            self.tracker.error("missing.P4", "the 309 has no P4 port of discharge", *origin)
        for path in ("reference", "voyage.voyage_number", "voyage.imo_number", "voyage.flag"):
            self.tracker.mark(path, m10.index, "M10")
        voyage = self._voyage(m10)
        reference = m10.value(7) or "-".join(v for v in (m10.value(1), m10.value(6)) if v)
        self.tracker.extend(header_problems(reference, voyage, self.tracker.locate))
        stated = m10.value(8)
        if stated and not counts(stated.split(".")[0], len(self._bills)):
            text = f"M10 gives {stated!r} bills; the transaction set has {len(self._bills)}"
            self.tracker.warning("invalid.bill_count", text, m10.index, "M10")
        return Manifest(reference=reference, voyage=voyage, filed_at=self._filed_at())

    def _filed_at(self) -> datetime | None:
        """When the filing was prepared: the date and time of its functional group (GS04, GS05)."""
        gs = self._envelope.gs
        if gs is None or not gs.value(4):
            return None
        try:
            return parse_date_time(gs.value(4), gs.value(5))
        except ValueError as exc:
            self.tracker.warning("invalid.date", f"GS: {exc}", gs.index, "GS")
            return None

    def _voyage(self, m10: Segment) -> Voyage:
        code = m10.value(2)
        mode = MODES.get(code)
        if mode is None:
            text = f"M10 transportation method {code!r} is not known ({', '.join(MODES)} are)"
            self.tracker.error("invalid.mode", text, m10.index, "M10")
        vessel_code, qualifier = m10.value(4), m10.value(10)
        if vessel_code and qualifier not in ("", "L"):
            text = (
                f"M10 vessel code {vessel_code!r} of qualifier {qualifier!r} is not an IMO number"
            )
            self.tracker.warning("unread.vessel_code", text, m10.index, "M10")
            vessel_code = ""
        arrival_port, arrival_at = self._arrival or ("", None)
        return Voyage(
            mode=mode or TransportMode.SEA,
            carrier_code=m10.value(1) or None,
            flag=normal_code(m10.value(3)) if m10.value(3) else None,
            imo_number=vessel_code or None,
            vessel_name=m10.value(5) or None,
            voyage_number=m10.value(6),
            arrival_port=arrival_port or None,
            arrival_at=arrival_at,
        )
