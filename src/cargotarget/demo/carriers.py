"""Ocean carriers, their fleets and their equipment: SCAC codes, vessels with valid IMO numbers,
ISO 6346 container numbers from the carriers' and lessors' owner codes, seals and bill numbers.

The carriers and their codes are real; the vessel names are invented in each carrier's naming
style and carry generated IMO numbers that pass the check digit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cargotarget.model.codes import container_check_digit


@dataclass(frozen=True, slots=True)
class Carrier:
    """A shipping line: SCAC, legal name, container owner codes, flags its ships fly, how its
    vessels are named (``{}`` is the invented part) and how its seals and bills are numbered."""

    scac: str
    name: str
    owner_codes: tuple[str, ...]
    flags: tuple[str, ...]
    vessel_style: str
    seal_prefix: str
    bill_style: str


CARRIERS: dict[str, Carrier] = {
    c.scac: c
    for c in (
        Carrier("MSCU", "MEDITERRANEAN SHIPPING COMPANY S.A.", ("MSCU", "MEDU", "MSDU"),
                ("PA", "LR", "PT", "MT"), "MSC {}", "FX", "MEDU{L}{d7}"),
        Carrier("MAEU", "MAERSK A/S", ("MAEU", "MRKU", "MSKU"), ("DK", "SG", "HK"),
                "{} MAERSK", "ML", "{d9}"),
        Carrier("CMDU", "CMA CGM S.A.", ("CMAU", "CGMU", "ECMU"), ("FR", "MT", "LR", "SG"),
                "CMA CGM {}", "C", "{P}{d7}"),
        Carrier("HLCU", "HAPAG-LLOYD AG", ("HLXU", "HLBU", "HAMU"), ("DE", "LR", "MT"),
                "{} EXPRESS", "HLD", "HLCU{P}{d9}"),
        Carrier("ONEY", "OCEAN NETWORK EXPRESS PTE. LTD.", ("ONEU", "NYKU", "MOLU"),
                ("JP", "SG", "PA"), "ONE {}", "ONE", "ONEY{P}{L}{d7}"),
        Carrier("EGLV", "EVERGREEN MARINE CORPORATION (TAIWAN) LTD.", ("EGHU", "EISU", "EMCU"),
                ("TW", "SG", "PA", "GB"), "EVER {}", "EMC", "EGLV{d12}"),
        Carrier("COSU", "COSCO SHIPPING LINES CO., LTD.", ("CSNU", "CBHU", "CCLU"),
                ("HK", "CN", "PA"), "COSCO {}", "CSL", "COSU{d10}"),
        Carrier("ZIMU", "ZIM INTEGRATED SHIPPING SERVICES LTD.", ("ZIMU", "ZCSU"),
                ("LR", "MT", "IL"), "ZIM {}", "ZX", "ZIMU{P}{d7}"),
        Carrier("SMLU", "SEABOARD MARINE LTD.", ("SMLU",), ("LR", "AG"), "SEABOARD {}",
                "SB", "SMLU{d8}"),
    )
}  # fmt: skip

LESSOR_CODES = ("TGHU", "TCLU", "TCNU", "SEGU", "CAIU", "FSCU", "BMOU", "GESU", "TRHU")
REEFER_LESSOR_CODES = ("SZLU", "TRIU", "CXRU")

_BILL_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_SYLLABLES = ("AL", "BRE", "CA", "DO", "EL", "FA", "GIO", "HE", "IRA", "JU", "KA", "LO", "MI")


@dataclass(frozen=True, slots=True)
class Vessel:
    name: str
    imo_number: str
    flag: str
    carrier: str


def imo_number(first_six: int) -> str:
    """A seven-digit IMO number: six digits and the check digit the IMO rule requires."""
    digits = f"{first_six:06d}"
    total = sum(int(d) * w for d, w in zip(digits, (7, 6, 5, 4, 3, 2), strict=True))
    return f"{digits}{total % 10}"


def build_fleet(rng: random.Random, carrier: Carrier, size: int, taken: set[str]) -> list[Vessel]:
    """``size`` vessels named in the carrier's style, with IMO numbers unique across ``taken``."""
    fleet: list[Vessel] = []
    while len(fleet) < size:
        number = imo_number(rng.randrange(900000, 1000000))
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        name = carrier.vessel_style.format(word)
        if number in taken or name in taken:
            continue
        taken.update((number, name))
        fleet.append(Vessel(name, number, rng.choice(carrier.flags), carrier.scac))
    return fleet


def container_number(rng: random.Random, owner_code: str) -> str:
    """An ISO 6346 container number for ``owner_code`` (four letters ending in U)."""
    first_ten = f"{owner_code}{int(rng.random() * 1_000_000):06d}"
    return f"{first_ten}{container_check_digit(first_ten)}"


def seal_number(rng: random.Random, carrier: Carrier) -> str:
    """A bolt seal numbered in the carrier's series."""
    return f"{carrier.seal_prefix}{1_000_000 + int(rng.random() * 9_000_000)}"


class BillNumbers:
    """Bill of lading numbers in each carrier's format, never repeating.

    A running count passes through a multiplicative permutation of the seven-digit numbers, so
    the numbers look scattered, as real ones do, yet cannot collide.
    """

    _MULTIPLIER = 7_919_371  # odd and not a multiple of 5: a bijection modulo any power of ten

    def __init__(self, rng: random.Random) -> None:
        self._offset = rng.randrange(10**7)
        self._count = 0

    def _serial(self) -> int:
        self._count += 1
        return (self._count * self._MULTIPLIER + self._offset) % 10**7

    def carrier_bill(self, rng: random.Random, carrier: Carrier, port_of_loading: str) -> str:
        """A carrier's bill number for cargo loaded at ``port_of_loading``."""
        serial = f"{self._serial():07d}"
        lead = int(rng.random() * 90000)  # one draw feeds every leading-digit style
        return carrier.bill_style.format(
            L=_BILL_LETTERS[lead % len(_BILL_LETTERS)],
            P=port_of_loading[2:],
            d7=serial,
            d8=f"{lead % 10}{serial}",
            d9=f"{10 + lead % 90}{serial}",
            d10=f"{100 + lead % 900}{serial}",
            d12=f"{10000 + lead}{serial}",
        )

    def house_bill(self, prefix: str) -> str:
        """A forwarder's house bill number under its own four-letter prefix."""
        return f"{prefix}{self._serial():08d}"
