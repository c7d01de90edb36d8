"""The conveyance and its voyage: the TDT segment and the LOC and DTM segments of its group.

TDT 8028 voyage number, C220 8067 mode, C040 carrier (3127 code, 3128 name), C222 vessel (8213
IMO number with code list 146, 8212 name, 8453 flag). LOC 5 departure, 8 destination and 92
ports of call; a DTM after a LOC dates it (132 estimated arrival, 133 estimated departure), a DTM
before any LOC dates the voyage's arrival (132) or departure (133).
"""

from __future__ import annotations

from datetime import datetime

from cargotarget.ingest.edifact.lexer import Segment
from cargotarget.ingest.edifact.positions import Tracker
from cargotarget.ingest.edifact.qualifiers import (
    ARRIVAL,
    DEPARTURE,
    DEPARTURE_TIME,
    DESTINATION,
    IMO_LIST,
    MODES,
    ROUTING,
)
from cargotarget.ingest.edifact.values import normal_code, parse_datetime
from cargotarget.model.codes import CountryCode, ImoNumber
from cargotarget.model.manifest import PortCall, TransportMode, Voyage

_MEMBERS = frozenset({"LOC", "DTM", "RFF"})


def read_time(segment: Segment, n: int, tracker: Tracker) -> tuple[str, datetime | None]:
    """A DTM's qualifier (2005) and its time; an unreadable time is reported and comes as None."""
    qualifier = segment.value(0)
    try:
        return qualifier, parse_datetime(segment.value(0, 1), segment.value(0, 2))
    except ValueError as exc:
        tracker.error("invalid.datetime", f"DTM {qualifier}: {exc}", n, "DTM")
        return qualifier, None


class VoyageBuilder:
    """The voyage, filled from the TDT and then from each LOC and DTM of its group."""

    def __init__(self, tdt: Segment, n: int, tracker: Tracker) -> None:
        self._tracker = tracker
        for path in ("voyage", "voyage.voyage_number", "voyage.imo_number", "voyage.flag"):
            tracker.mark(path, n, "TDT")
        self._number = tdt.value(1)
        self._mode = self._read_mode(tdt.value(2), n)
        self._carrier = (tdt.value(4) or None, tdt.value(4, 3) or None)
        self._imo: str | None = None
        identifier, code_list = tdt.value(7), tdt.value(7, 1)
        if identifier and code_list in ("", IMO_LIST):
            self._imo = ImoNumber.normalise(identifier)
        elif identifier:
            tracker.not_read(n, "TDT", f"conveyance identifier of code list {code_list}")
        self._vessel = tdt.value(7, 3) or None
        self._flag = CountryCode.normalise(tdt.value(7, 4)) or None
        self._calls: list[PortCall] = []
        self._departure: tuple[str | None, datetime | None] = (None, None)
        self._arrival: tuple[str | None, datetime | None] = (None, None)
        self._place: str | None = None

    def _read_mode(self, code: str, n: int) -> TransportMode | None:
        if not code:
            self._tracker.warning(
                "missing.mode", "TDT gives no mode of transport (C220): read as sea", n, "TDT"
            )
            return TransportMode.SEA
        mode = MODES.get(code)
        if mode is None:
            self._tracker.error(
                "invalid.mode",
                f"mode of transport {code!r} is not supported (1 sea, 2 rail, 3 road, 4 air)",
                n,
                "TDT",
            )
        return mode

    def add(self, segment: Segment, n: int) -> bool:
        """Take a segment of the TDT group; False when it belongs to the message header."""
        tag = segment.tag
        if tag not in _MEMBERS:
            return False
        if tag == "LOC":
            self._location(segment, n)
        elif tag == "DTM":
            self._time(segment, n)
        else:
            self._tracker.not_read(n, tag, "in the transport group")
        return True

    def _location(self, segment: Segment, n: int) -> None:
        qualifier, code = segment.value(0), normal_code(segment.value(1))
        self._place = qualifier
        if not code:
            self._tracker.not_read(n, "LOC", f"LOC {qualifier} without a location")
            self._place = "none"
        elif qualifier == DEPARTURE:
            self._departure = (code, self._departure[1])
            self._tracker.mark("voyage.departure_port", n, "LOC")
        elif qualifier == DESTINATION:
            self._arrival = (code, self._arrival[1])
            self._tracker.mark("voyage.arrival_port", n, "LOC")
        elif qualifier == ROUTING:
            self._tracker.mark(f"voyage.port_calls[{len(self._calls)}]", n, "LOC")
            self._calls.append(PortCall(locode=code))
        else:
            self._tracker.not_read(n, "LOC", f"place {qualifier} of the conveyance")

    def _time(self, segment: Segment, n: int) -> None:
        qualifier, when = read_time(segment, n, self._tracker)
        place = self._place
        if when is None:
            return
        if place == ROUTING and qualifier in (ARRIVAL, DEPARTURE_TIME):
            field = "eta" if qualifier == ARRIVAL else "etd"
            self._calls[-1] = _with_time(self._calls[-1], field, when)
        elif qualifier == DEPARTURE_TIME and place in (None, DEPARTURE):
            self._departure = (self._departure[0], when)
        elif qualifier == ARRIVAL and place in (None, DESTINATION):
            self._arrival = (self._arrival[0], when)
        else:
            self._tracker.not_read(n, "DTM", f"time {qualifier} at place {place}")

    def finish(self, arrival: datetime | None, departure: datetime | None) -> Voyage | None:
        """The voyage; ``arrival`` and ``departure`` are times from the message header, used
        when the TDT group gives none. None when the mode of transport was not readable."""
        if self._mode is None:
            return None
        return Voyage(
            mode=self._mode,
            carrier_code=self._carrier[0],
            carrier_name=self._carrier[1],
            vessel_name=self._vessel,
            imo_number=self._imo,
            flag=self._flag,
            voyage_number=self._number,
            port_calls=tuple(self._calls),
            departure_port=self._departure[0],
            departure_at=self._departure[1] or departure,
            arrival_port=self._arrival[0],
            arrival_at=self._arrival[1] or arrival,
        )


def _with_time(call: PortCall, field: str, when: datetime) -> PortCall:
    if field == "eta":
        return PortCall(locode=call.locode, eta=when, etd=call.etd)
    return PortCall(locode=call.locode, eta=call.eta, etd=when)
