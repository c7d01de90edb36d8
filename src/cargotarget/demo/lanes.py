"""Trade lanes: which goods from which loading port travel on a service, and how often.

A lane pairs a loading option of the service (a port of call, or a feeder port and its hub) with
a commodity that the loading country exports and the destination imports. Its weight is how
common that trade is, so that a voyage from South America carries bananas and coffee and one from
China carries garments and electronics.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from cargotarget.demo.commodities import COMMODITIES, DESTINATIONS, Commodity
from cargotarget.demo.routes import LoadingOption, Service, loading_options
from cargotarget.model.manifest import Route

FEEDER_WEIGHT = 0.35
"""Weight of cargo transshipped from a feeder port against cargo loaded at a port of call."""


@dataclass(frozen=True, slots=True)
class Lane:
    option: LoadingOption
    route: Route
    commodity: Commodity


class Lanes:
    """The lanes of one service with their cumulative weights, for fast weighted draws."""

    __slots__ = ("_cumulative", "_subsets", "_weights", "lanes")

    def __init__(self, lanes: list[Lane], weights: list[float]) -> None:
        self.lanes = lanes
        self._weights = weights
        self._cumulative = list(accumulate(weights))
        self._subsets: dict[str, Lanes] = {}

    def __bool__(self) -> bool:
        return bool(self.lanes)

    def pick(self, rng: random.Random) -> Lane:
        """A lane drawn with probability proportional to its weight."""
        return self.lanes[bisect(self._cumulative, rng.random() * self._cumulative[-1])]

    def where(self, keep: Callable[[Lane], bool]) -> Lanes:
        """The lanes that satisfy ``keep``, with their weights."""
        pairs = [(lane, w) for lane, w in zip(self.lanes, self._weights, strict=True) if keep(lane)]
        return Lanes([p[0] for p in pairs], [p[1] for p in pairs])

    def subset(self, name: str, keep: Callable[[Lane], bool]) -> Lanes:
        """The lanes that satisfy ``keep``, worked out once per ``name`` and kept."""
        found = self._subsets.get(name)
        if found is None:
            found = self._subsets[name] = self.where(keep)
        return found


def route_for(
    option: LoadingOption, discharge_port: str, origin_country: str | None = None
) -> Route:
    """The route of cargo loaded per ``option`` for ``discharge_port``, countries in order."""
    origin = origin_country or option.port_of_loading[:2]
    countries = [origin]
    for port in (option.port_of_loading, *option.transshipment_ports, discharge_port):
        if port[:2] != countries[-1]:
            countries.append(port[:2])
    return Route(
        place_of_receipt=option.port_of_loading,
        port_of_loading=option.port_of_loading,
        transshipment_ports=option.transshipment_ports,
        port_of_discharge=discharge_port,
        place_of_delivery=discharge_port,
        origin_country=origin,
        countries_of_routing=tuple(countries),
    )


def service_lanes(service: Service) -> Lanes:
    """Every lane of ``service``, weighted by origin share, destination demand and feeder cost."""
    destination = DESTINATIONS.index(service.discharge_port[:2])
    lanes: list[Lane] = []
    weights: list[float] = []
    for option in loading_options(service):
        route = route_for(option, service.discharge_port)
        country = option.port_of_loading[:2]
        option_weight = FEEDER_WEIGHT if option.transshipment_ports else 1.0
        for commodity in COMMODITIES:
            origin_weight = dict(commodity.origins).get(country, 0.0)
            weight = option_weight * origin_weight * commodity.dests[destination]
            if weight > 0:
                lanes.append(Lane(option, route, commodity))
                weights.append(weight)
    return Lanes(lanes, weights)
