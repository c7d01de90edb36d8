"""The message header: UNH and every segment before the first CNI.

UNH S009 must name CUSCAR in a directory from D.95B to D.11A. BGM 1004 is the manifest reference
and 1225 its function; DTM 137 the filing time (132 and 133 the voyage's estimated arrival and
departure); GIS the flow; NAD MS the data provider; the TDT group the voyage; EQD groups here are
message-level equipment, joined to the consignments whose goods are placed in them (SGP).
"""

from __future__ import annotations

from datetime import datetime

from cargotarget.ingest.checking import header_problems
from cargotarget.ingest.edifact.consignment import SharedEquipment
from cargotarget.ingest.edifact.equipment import EquipmentBuilder
from cargotarget.ingest.edifact.lexer import Segment
from cargotarget.ingest.edifact.positions import Tracker
from cargotarget.ingest.edifact.qualifiers import (
    ARRIVAL,
    CONTROLLING_AGENCY,
    DEPARTURE_TIME,
    DIRECTORIES,
    FILED,
    FLOWS,
    FUNCTIONS,
    MESSAGE_TYPE,
    PROVIDER,
)
from cargotarget.ingest.edifact.voyage import VoyageBuilder, read_time
from cargotarget.model.manifest import Flow, Manifest, MessageFunction


class _Ignored:
    """A group whose segments the model does not keep: each is reported, none is lost."""

    def __init__(self, tracker: Tracker, members: frozenset[str], where: str) -> None:
        self._tracker, self._members, self._where = tracker, members, where

    def add(self, segment: Segment, n: int) -> bool:
        if segment.tag not in self._members:
            return False
        self._tracker.not_read(n, segment.tag, self._where)
        return True


_PARTY_GROUP = frozenset({"CTA", "COM", "RFF", "DTM"})
_TRANSPORT_GROUP = frozenset({"LOC", "DTM", "RFF"})


class HeaderBuilder:
    """Reads the header segments of one message; :meth:`finish` gives the manifest without its
    consignments, or None when the header has errors (then the whole message is rejected)."""

    def __init__(self, unh: Segment, message: int) -> None:
        self.tracker = Tracker(message, (1, "UNH"))
        self.reference = unh.value(0)
        self._check_identifier(unh)
        self._document: str | None = None
        self.function = MessageFunction.ORIGINAL
        self._flow = Flow.IMPORT
        self._filed_at: datetime | None = None
        self._times: dict[str, datetime] = {}
        self._provider: str | None = None
        self._voyage: VoyageBuilder | None = None
        self._equipment: list[tuple[EquipmentBuilder, int]] = []
        self._open: VoyageBuilder | EquipmentBuilder | _Ignored | None = None

    def _check_identifier(self, unh: Segment) -> None:
        """UNH S009: only CUSCAR of a directory this reader maps is read."""
        kind, version, release, agency = (unh.value(1, i) for i in range(4))
        if kind != MESSAGE_TYPE:
            text = f"message type {kind!r} is not read here: only {MESSAGE_TYPE} is"
            self.tracker.error("unsupported.message_type", text, 1, "UNH")
        elif version != "D" or release.upper() not in DIRECTORIES or agency != CONTROLLING_AGENCY:
            text = (
                f"CUSCAR directory {version}:{release}:{agency} is not supported: "
                f"D:{DIRECTORIES[0]} to D:{DIRECTORIES[-1]} (agency UN) are"
            )
            self.tracker.error("unsupported.directory", text, 1, "UNH")

    def add(self, segment: Segment, n: int) -> None:
        """Read the next header segment."""
        member = self._open
        if member is not None and member.add(segment, n):
            return
        self._open = None
        tag = segment.tag
        if tag == "BGM":
            self._beginning(segment, n)
        elif tag == "DTM":
            self._time(segment, n)
        elif tag == "GIS":
            self._indicator(segment, n)
        elif tag == "NAD":
            self._party(segment, n)
        elif tag == "TDT":
            self._transport(segment, n)
        elif tag == "EQD":
            self._open = builder = EquipmentBuilder(segment, n, f"equipment@{n}", self.tracker)
            self._equipment.append((builder, n))
        else:
            self.tracker.not_read(n, tag, "in the message header")

    def _beginning(self, segment: Segment, n: int) -> None:
        if self._document is not None:
            self.tracker.not_read(n, "BGM", "a second BGM")
            return
        self._document = segment.value(1)
        self.tracker.mark("reference", n, "BGM")
        code = segment.value(2)
        function = FUNCTIONS.get(code) if code else MessageFunction.ORIGINAL
        if function is None:
            text = (
                f"message function {code!r} is not supported "
                "(9 original, 5 replace, 4 change, 1 cancellation)"
            )
            self.tracker.error("unsupported.function", text, n, "BGM")
        else:
            self.function = function

    def _time(self, segment: Segment, n: int) -> None:
        qualifier, when = read_time(segment, n, self.tracker)
        if when is None:
            return
        if qualifier == FILED:
            self._filed_at = when
        elif qualifier in (ARRIVAL, DEPARTURE_TIME):
            self._times[qualifier] = when
        else:
            self.tracker.not_read(n, "DTM", f"time {qualifier}")

    def _indicator(self, segment: Segment, n: int) -> None:
        flow = FLOWS.get(segment.value(0))
        if flow is None:
            self.tracker.not_read(n, "GIS", f"indicator {segment.value(0)!r}")
        else:
            self._flow = flow

    def _party(self, segment: Segment, n: int) -> None:
        if segment.value(0) == PROVIDER and self._provider is None:
            self._provider = segment.value(1) or segment.value(3) or None
            where = "contact of the data provider"
        else:
            self.tracker.not_read(n, "NAD", f"party {segment.value(0)!r} of the message")
            where = "in a message-level party group"
        self._open = _Ignored(self.tracker, _PARTY_GROUP, where)

    def _transport(self, segment: Segment, n: int) -> None:
        if self._voyage is None:
            self._open = self._voyage = VoyageBuilder(segment, n, self.tracker)
        else:
            self.tracker.not_read(n, "TDT", "a second TDT; the first is the voyage")
            self._open = _Ignored(self.tracker, _TRANSPORT_GROUP, "in a second transport group")

    def shared_equipment(self) -> SharedEquipment:
        """Message-level equipment by number, for the consignments to claim through SGP."""
        return {builder.number: (builder.finish(), n) for builder, n in self._equipment}

    def finish(self) -> Manifest | None:
        """The manifest's header fields and voyage, checked; None when there are errors."""
        if self._document is None:
            self.tracker.error("missing.BGM", "the message has no BGM segment", 1, "UNH")
            self._document = ""
        if self._voyage is None:
            text = "the message has no TDT segment: the conveyance and voyage are not given"
            self.tracker.error("missing.TDT", text, 1, "UNH")
            return None
        voyage = self._voyage.finish(self._times.get(ARRIVAL), self._times.get(DEPARTURE_TIME))
        if voyage is None:
            return None
        reference = self._document or ""
        self.tracker.extend(header_problems(reference, voyage, self.tracker.locate))
        if self.tracker.errors:
            return None
        return Manifest(
            reference=reference,
            flow=self._flow,
            function=self.function,
            filed_at=self._filed_at,
            provider=self._provider,
            voyage=voyage,
        )
