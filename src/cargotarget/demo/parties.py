"""The recurring population of traders: shippers, consignees, notify parties and forwarders.

Real manifests show a heavy tail: a few exporters and importers file week after week while most
appear a handful of times, and new names keep arriving. Each pool of parties (one per country,
role and line of trade) grows by preferential attachment: a filing picks an existing party with a
chance proportional to how often it has filed before, or, with a share that falls as the pool
matures, a company never seen before. A party keeps its name, address and identifiers across
filings, except that a few filings spell its legal form differently.
"""

from __future__ import annotations

import math
import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from cargotarget.demo.addresses import address, residential_address
from cargotarget.demo.draws import between
from cargotarget.demo.names import company_stem, legal_form, name_variants, person_name
from cargotarget.model.manifest import Address, Identifier, Party, PartyRole

VARIANT_SHARE = 0.06
"""Share of filings that write a company's legal form in one of its other spellings."""

_EORI_COUNTRIES = frozenset(("DE", "NL", "BE", "FR", "ES", "IT", "PT", "GB"))
_AEO_COUNTRIES = _EORI_COUNTRIES | {"US", "CN", "KR", "JP", "SG", "JM", "LK", "BS"}
_Maker = Callable[[random.Random], "PartyRecord"]


@dataclass(slots=True)
class PartyRecord:
    """A trader as the population knows it; :meth:`as_party` turns it into what a filing shows."""

    stem: str
    names: tuple[str, ...]
    address: Address
    identifiers: tuple[Identifier, ...] = ()
    house_prefix: str = ""
    _built: dict[tuple[PartyRole, int], Party] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.names[0]

    def as_party(self, role: PartyRole, rng: random.Random) -> Party:
        """The party as filed in ``role``: usually its registered name, now and then a variant."""
        variant = 0
        if len(self.names) > 1 and rng.random() < VARIANT_SHARE:
            variant = between(rng, 1, len(self.names) - 1)
        key = (role, variant)
        built = self._built.get(key)
        if built is None:
            built = Party(
                role=role,
                name=self.names[variant],
                address=self.address,
                identifiers=self.identifiers,
            )
            self._built[key] = built
        return built


def new_party_share(filings: int) -> float:
    """Chance that the next filing in a pool comes from a newcomer, after ``filings`` filings."""
    return max(0.015, min(1.0, 2.0 / math.sqrt(filings + 1)))


class PartyPool:
    """Parties of one country, role and trade; draws favour those that have filed most."""

    __slots__ = ("_draws", "_make", "parties")

    def __init__(self, make: _Maker) -> None:
        self._make = make
        self.parties: list[PartyRecord] = []
        self._draws = array("I")

    def draw(self, rng: random.Random) -> PartyRecord:
        """The party of the next filing: a newcomer, or a known party by its filing count."""
        count = len(self._draws)
        if count == 0 or rng.random() < new_party_share(count):
            return self.new(rng)
        index = self._draws[int(rng.random() * count)]
        self._draws.append(index)
        return self.parties[index]

    def new(self, rng: random.Random) -> PartyRecord:
        """A party never seen before, who joins the pool."""
        record = self._make(rng)
        self._draws.append(len(self.parties))
        self.parties.append(record)
        return record


class Population:
    """Every pool of traders in the demo, created on first use, with globally unique names."""

    def __init__(self) -> None:
        self._pools: dict[tuple[str, str, str], PartyPool] = {}
        self._stems: set[str] = set()

    def pool(self, kind: str, country: str, trade: str) -> PartyPool:
        """The pool of ``kind`` (shipper, consignee, broker, forwarder) for a country and trade."""
        key = (kind, country, trade)
        found = self._pools.get(key)
        if found is None:
            trade_words = {"broker": "broker", "forwarder": "forwarder"}.get(kind, trade)
            found = PartyPool(lambda rng: self.company(rng, country, trade_words, kind))
            self._pools[key] = found
        return found

    def company(self, rng: random.Random, country: str, trade: str, kind: str) -> PartyRecord:
        """A new company with a name no other party in the demo has."""
        words = "general" if kind != "forwarder" and rng.random() < 0.25 else trade
        stem = company_stem(rng, country, words)
        extra = 0
        while stem in self._stems:
            extra += 1
            stem = company_stem(rng, country, words, extra_words=min(extra, 3))
        self._stems.add(stem)
        prefix = "".join(w[0] for w in stem.split())[:4].ljust(4, "X")
        return PartyRecord(
            stem=stem,
            names=name_variants(stem, legal_form(rng, country)),
            address=address(rng, country),
            identifiers=_identifiers(rng, country, kind),
            house_prefix=prefix if kind == "forwarder" else "",
        )

    def person(self, rng: random.Random, country: str) -> PartyRecord:
        """A private individual at a home address, as the barrel trade's consignees are."""
        name = person_name(rng, country)
        return PartyRecord(stem=name, names=(name,), address=residential_address(rng, country))


def _identifiers(rng: random.Random, country: str, kind: str) -> tuple[Identifier, ...]:
    """Tax or EORI numbers for some traders, and AEO status for a trusted few."""
    found: list[Identifier] = []
    if country in _EORI_COUNTRIES and rng.random() < 0.6:
        found.append(Identifier(scheme="EORI", value=f"{country}{rng.randrange(10**11, 10**12)}"))
    elif rng.random() < (0.7 if kind in ("consignee", "broker") else 0.2):
        found.append(Identifier(scheme="TIN", value=f"{rng.randrange(10**8, 10**9)}"))
    if country in _AEO_COUNTRIES and rng.random() < 0.1:
        found.append(Identifier(scheme="AEO", value=f"{country}AEOF{rng.randrange(10**5, 10**6)}"))
    return tuple(found)
