"""Ground truth: which consignments carry a planted risk, of what kind, and where it shows.

Ground truth is written beside the manifests, never into them, so that an evaluation can score
what the targeting found against what was hidden.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec


class Threat(StrEnum):
    """The threat categories customs targeting covers (DOMAIN.md)."""

    NARCOTICS = "narcotics"
    WEAPONS = "weapons, explosives and security"
    REVENUE = "revenue"
    IPR = "intellectual property"
    WILDLIFE = "wildlife and CITES"
    STRATEGIC = "strategic and dual-use goods, sanctions"
    SPS = "sanitary and phytosanitary"
    DANGEROUS_GOODS = "dangerous goods"
    MONEY_LAUNDERING = "money laundering through trade"
    PROHIBITIONS = "other prohibitions"


class GroundTruth(msgspec.Struct, frozen=True, kw_only=True):
    """One planted risk: the bill it is in, the pattern, the threat behind it, and the numbers of
    the DOMAIN.md risk indicators that the pattern makes visible in the data."""

    bill_number: str
    manifest_reference: str
    pattern: str
    threat: Threat
    indicators: tuple[int, ...]
    detail: str = ""
