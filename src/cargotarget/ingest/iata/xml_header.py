"""What every Cargo-XML message has: the message header, flights, airports; and what a reader
of one hands on (a :class:`Reading`) before it is checked.

``MessageHeaderDocument/PurposeCode`` says what the message does: ``Creation`` is an original,
``Update`` replaces the earlier filing, ``Deletion`` cancels it. A flight
(``SpecifiedLogisticsTransportMovement`` or ``LogisticsTransportMovement``) is a voyage of mode
air: its ``ID`` the flight number, whose first two characters are the airline's designator
(unless ``UsedLogisticsTransportMeans/Name`` or the carrier party names it), its departure and
arrival events the airports and times. Airports are IATA codes, held as UN/LOCODEs where the
airport table knows them; an unknown airport is left out of the canonical field, with a warning,
and named in a remark so that nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree.ElementTree import Element

from cargotarget.ingest.iata.awb import airport_locode, flight_reference
from cargotarget.ingest.iata.xml_values import Fields
from cargotarget.model.manifest import (
    Consignment,
    MessageFunction,
    TransportMode,
    Voyage,
)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PURPOSES = {
    "creation": MessageFunction.ORIGINAL,
    "update": MessageFunction.REPLACE,
    "deletion": MessageFunction.CANCEL,
}


@dataclass
class Part:
    """One consignment as read, with the reader of its fields and its element."""

    consignment: Consignment
    fields: Fields
    elements: list[Element]


@dataclass
class Reading:
    """A message as read, before the checks: the header's fields and every consignment."""

    fields: Fields
    reference: str
    voyage: Voyage
    function: MessageFunction = MessageFunction.ORIGINAL
    filed_at: datetime | None = None
    provider: str | None = None
    parts: list[Part] = field(default_factory=list)


def read_header(fields: Fields, root: Element, reading: Reading) -> None:
    """The message function, issue time and sender from ``MessageHeaderDocument``."""
    header = root.find("MessageHeaderDocument")
    if header is None:
        fields.error("missing.header", "the message has no MessageHeaderDocument", root)
        return
    purpose = fields.text(header, "PurposeCode")
    if purpose is not None:
        function = PURPOSES.get(purpose.lower())
        element = header.find("PurposeCode")
        assert element is not None
        if function is None:
            known = "Creation, Update or Deletion"
            fields.error("invalid.purpose", f"purpose {purpose[:40]!r} is not {known}", element)
        else:
            reading.function = function
    reading.filed_at = fields.when(header, "IssueDateTime", "filed_at")
    reading.provider = fields.text(header, "SenderParty/PrimaryID")


def airport(
    fields: Fields,
    parent: Element | None,
    path: str,
    remarks: list[str],
    field: str | None = None,
) -> str | None:
    """The UN/LOCODE of the airport whose IATA code is at ``parent``'s ``path``; ``field`` is
    the canonical field it fills."""
    element = fields.find(parent, path)
    code = None if element is None else (element.text or "").strip().upper()
    if element is None or not code:
        return None
    locode = airport_locode(code)
    if field is not None:
        fields.source(field, element)
    if locode is None:
        fields.warning(
            "unknown.airport",
            f"airport {code[:20]!r} is not in the airport table; it is kept as a remark only",
            element,
        )
        remarks.append(f"airport {code[:20]} ({path.partition('/')[0]})")
    return locode


def read_flight(fields: Fields, movement: Element, remarks: list[str]) -> Voyage:
    """A voyage of mode air from a transport movement: the flight and where it goes."""
    flight = "".join((fields.text(movement, "ID", "voyage.voyage_number") or "").split()).upper()
    carrier = fields.text(movement, "UsedLogisticsTransportMeans/Name")
    if carrier is None or len(carrier) > 3:
        carrier = flight[:2] or None
    departure = movement.find("DepartureEvent")
    arrival = movement.find("ArrivalEvent")
    departure_at, local_date = event_time(fields, departure, "Departure")
    return Voyage(
        mode=TransportMode.AIR,
        carrier_code=carrier,
        voyage_number=flight_reference(flight, local_date) if flight else "",
        departure_port=airport(
            fields, departure, "OccurrenceDepartureLocation/ID", remarks, "voyage.departure_port"
        ),
        departure_at=departure_at,
        arrival_port=airport(
            fields, arrival, "OccurrenceArrivalLocation/ID", remarks, "voyage.arrival_port"
        ),
        arrival_at=event_time(fields, arrival, "Arrival")[0],
    )


def event_time(
    fields: Fields, event: Element | None, kind: str
) -> tuple[datetime | None, str | None]:
    """The time of a departure or arrival event (as written, else scheduled) in UTC, and the
    local date it was written with, which names the flight's day."""
    for name in (f"{kind}OccurrenceDateTime", "ScheduledOccurrenceDateTime"):
        found = fields.when(event, name)
        if found is not None:
            written = (fields.text(event, name) or "")[:10]
            return found, written if _DATE.fullmatch(written) else None
    return None, None
