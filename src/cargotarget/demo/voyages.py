"""Sailings: which vessel runs which voyage of which service, when it calls where, and when its
manifest is due.

The filing deadline follows the 24-hour rule: the manifest is due 24 hours before the vessel
leaves its last port of call before the port of discharge. Most carriers file two to five days
ahead; a few file late, close to or after the vessel's departure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from cargotarget.demo.carriers import CARRIERS, Carrier, Vessel, build_fleet
from cargotarget.demo.routes import SERVICES, Service
from cargotarget.model.manifest import PortCall, TransportMode, Voyage

FILING_LEAD = timedelta(hours=24)
"""How long before departure from the last foreign port a manifest is due."""

LATE_VOYAGE_SHARE = 0.03
"""Share of voyages whose whole manifest is filed after the deadline (carrier-side lateness,
not a planted risk)."""

_HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Sailing:
    """One voyage of a service with everything the filings for it need."""

    service: Service
    carrier: Carrier
    vessel: Vessel
    voyage: Voyage
    reference: str
    filed_at: datetime

    @property
    def deadline(self) -> datetime:
        return filing_deadline(self.voyage)

    @property
    def destination_country(self) -> str:
        return self.service.discharge_port[:2]


def filing_deadline(voyage: Voyage) -> datetime:
    """When the manifest for ``voyage`` was due: 24 hours before its last foreign departure."""
    if voyage.departure_at is None:
        raise ValueError(f"voyage {voyage.voyage_number} has no departure time")
    return voyage.departure_at - FILING_LEAD


class Schedule:
    """Allocates sailings to services by their frequency and vessels to voyages in turn."""

    def __init__(self, rng: random.Random) -> None:
        taken: set[str] = set()
        self._fleets = {
            s.code: build_fleet(rng, CARRIERS[s.carrier], rng.randint(4, 8), taken)
            for s in SERVICES
        }
        self._next_voyage = {s.code: rng.randrange(100, 700) for s in SERVICES}
        self._weights = [s.weight for s in SERVICES]

    def sailing(self, rng: random.Random, filed_at: datetime) -> Sailing:
        """The next sailing, whose carrier files its manifest at ``filed_at``."""
        service = rng.choices(SERVICES, self._weights)[0]
        number = self._next_voyage[service.code]
        self._next_voyage[service.code] = number + 1
        fleet = self._fleets[service.code]
        vessel = fleet[number % len(fleet)]
        if rng.random() < LATE_VOYAGE_SHARE:
            lead = rng.uniform(2.0, 23.0) * _HOUR
        else:
            lead = rng.uniform(30.0, 120.0) * _HOUR
        departure = (filed_at + lead).replace(second=0, microsecond=0)
        voyage_number = f"{number:03d}{service.direction}"
        carrier = CARRIERS[service.carrier]
        calls = _port_calls(rng, service, departure)
        voyage = Voyage(
            mode=TransportMode.SEA,
            carrier_code=carrier.scac,
            carrier_name=carrier.name,
            vessel_name=vessel.name,
            imo_number=vessel.imo_number,
            flag=vessel.flag,
            voyage_number=voyage_number,
            port_calls=calls,
            departure_port=service.rotation[-2][0],
            departure_at=departure,
            arrival_port=service.discharge_port,
            arrival_at=calls[-1].eta,
        )
        reference = f"{carrier.scac}{service.code}{voyage_number}{service.discharge_port[2:]}"
        return Sailing(service, carrier, vessel, voyage, reference, filed_at)


def _port_calls(rng: random.Random, service: Service, departure: datetime) -> tuple[PortCall, ...]:
    """Port calls with ETA and ETD, anchored on the departure from the last foreign port."""
    anchor_day = service.rotation[-2][1]
    calls = []
    for port, day in service.rotation:
        # Calls keep their order: a day apart at least, moved by at most 3 hours, staying 6-16.
        offset = timedelta(days=day - anchor_day)
        if day != anchor_day:
            offset += rng.uniform(-3.0, 3.0) * _HOUR
        stay = rng.uniform(6.0, 16.0) * _HOUR
        if port == service.discharge_port:
            eta = _minute(departure + offset)
            calls.append(PortCall(locode=port, eta=eta, etd=_minute(eta + stay)))
        else:
            etd = _minute(departure + offset)
            calls.append(PortCall(locode=port, eta=_minute(etd - stay), etd=etd))
    return tuple(calls)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
