"""Containers for a voyage: ISO size and type codes with their payloads, owner codes from the
carrier or a leasing company, unique numbers per voyage and seals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cargotarget.demo.carriers import (
    LESSOR_CODES,
    REEFER_LESSOR_CODES,
    Carrier,
    container_number,
    seal_number,
)
from cargotarget.demo.draws import pick
from cargotarget.model.manifest import Equipment


@dataclass(frozen=True, slots=True)
class SizeType:
    """An ISO 6346 size and type code: how many packages it takes relative to a 20-foot box,
    its maximum payload and its tare weight (kilograms)."""

    code: str
    capacity: int
    payload_kg: float
    tare_kg: float

    @property
    def reefer(self) -> bool:
        return self.code[2] == "R"


SIZE_TYPES: dict[str, SizeType] = {
    s.code: s
    for s in (
        SizeType("22G1", 1, 25_000, 2_200),
        SizeType("42G1", 2, 26_500, 3_750),
        SizeType("45G1", 2, 26_500, 3_900),
        SizeType("22R1", 1, 21_000, 3_000),
        SizeType("45R1", 2, 26_000, 4_800),
        SizeType("22U1", 1, 25_000, 2_300),
        SizeType("42P1", 1, 40_000, 5_000),
        SizeType("22T1", 1, 26_000, 3_600),
    )
}

LESSOR_SHARE = 0.3
SHIPPER_SEAL_SHARE = 0.2


class EquipmentPicker:
    """Hands out containers for one voyage, never the same number twice."""

    __slots__ = ("_carrier", "_used")

    def __init__(self, carrier: Carrier) -> None:
        self._carrier = carrier
        self._used: set[str] = set()

    def number(self, rng: random.Random, size: SizeType) -> str:
        """A fresh container number from the carrier's owner codes or a lessor's."""
        owners: tuple[str, ...]
        if rng.random() < LESSOR_SHARE:
            owners = REEFER_LESSOR_CODES if size.reefer else LESSOR_CODES
        else:
            owners = self._carrier.owner_codes
        while True:
            number = container_number(rng, pick(rng, owners))
            if number not in self._used:
                self._used.add(number)
                return number

    def seals(self, rng: random.Random) -> tuple[str, ...]:
        """The carrier's seal, and sometimes the shipper's own as well."""
        seal = seal_number(rng, self._carrier)
        if rng.random() < SHIPPER_SEAL_SHARE:
            return (seal, f"SH{100_000 + int(rng.random() * 900_000)}")
        return (seal,)

    def full(self, rng: random.Random, size: SizeType) -> Equipment:
        """A loaded, sealed container."""
        return Equipment(number=self.number(rng, size), size_type=size.code, seals=self.seals(rng))

    def empty(self, rng: random.Random, size: SizeType) -> Equipment:
        """An empty container, which travels unsealed."""
        return Equipment(number=self.number(rng, size), size_type=size.code, full=False)
