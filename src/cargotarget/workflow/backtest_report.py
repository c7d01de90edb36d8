"""The report of a back-test, and the counts it is made of.

Every count is of consignments (a bill hit by two rules of one threat counts once for that
threat). Rows are the consignments considered, in one order; a mask says which rows something
holds for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

import msgspec
import numpy as np
import numpy.typing as npt

from cargotarget.model.rules import RuleVersion, ThreatCategory
from cargotarget.risk.scoring import Lane, ScoringConfig
from cargotarget.store.assessments import Examined

Mask = npt.NDArray[np.bool_]


class RuleEffect(msgspec.Struct, frozen=True, kw_only=True):
    """A rule of the rule set with the candidate: the consignments it hits, and how many of
    them are in the red lane now and would be with the candidate."""

    code: str
    threat: ThreatCategory
    weight: float
    hits: int
    red_now: int
    red_after: int
    candidate: bool = False


class Lanes(msgspec.Struct, frozen=True, kw_only=True):
    """Consignments per lane under the thresholds ``yellow_from`` and ``red_from``."""

    yellow_from: float
    red_from: float
    green: int
    yellow: int
    red: int


class Findings(msgspec.Struct, frozen=True, kw_only=True):
    """Recorded examinations among the candidate's hits: ``examined`` consignments, those with
    a finding (discrepancy or seizure), and ``hit_rate`` = findings / examined. ``into_red``
    and ``out_of_red`` count the consignments with a finding (hit or not) whose lane the
    candidate moves into or out of red."""

    examined: int
    findings: int
    hit_rate: float | None
    into_red: int
    out_of_red: int


class BacktestReport(msgspec.Struct, frozen=True, kw_only=True):
    """What the candidate would have done to the consignments filed from ``since`` to ``at``.

    ``replaces`` is the active version the candidate stands in for; ``overlap`` counts the
    candidate's hits that at least one other active rule also hits, and ``overlapping`` the
    rules that overlap most, with their shared hits."""

    candidate: str
    code: str
    threat: ThreatCategory
    weight: float
    replaces: int | None
    at: datetime
    since: datetime
    days: int
    considered: int
    hits: int
    share: float
    by_port: dict[str, int]
    by_threat: dict[str, int]
    rules: tuple[RuleEffect, ...]
    overlap: int
    overlapping: dict[str, int]
    outcomes: Findings
    lanes_now: Lanes
    lanes_after: Lanes
    examples: tuple[str, ...]


def tally(values: Iterable[str], limit: int | None = None) -> dict[str, int]:
    """How often each value occurs, most frequent first (ties by value)."""
    counts = Counter(values)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return dict(ranked[:limit])


def lanes(found: Sequence[Lane], config: ScoringConfig) -> Lanes:
    counts = Counter(found)
    return Lanes(
        yellow_from=config.yellow_from,
        red_from=config.red_from,
        green=counts[Lane.GREEN],
        yellow=counts[Lane.YELLOW],
        red=counts[Lane.RED],
    )


def rule_effects(
    rules: Sequence[RuleVersion],
    masks: dict[str, Mask],
    red_now: Mask,
    red_after: Mask,
    candidate: str,
) -> tuple[RuleEffect, ...]:
    """The effect of each rule, most hits first."""
    effects = [
        RuleEffect(
            code=rule.code,
            threat=rule.content.threat,
            weight=rule.content.weight,
            hits=int(masks[rule.code].sum()),
            red_now=int((masks[rule.code] & red_now).sum()),
            red_after=int((masks[rule.code] & red_after).sum()),
            candidate=rule.code == candidate,
        )
        for rule in rules
    ]
    return tuple(sorted(effects, key=lambda e: (-e.hits, e.code)))


def threats(rules: Sequence[RuleVersion], masks: dict[str, Mask], size: int) -> dict[str, int]:
    """Consignments hit by at least one rule of each threat category."""
    hit: dict[str, Mask] = {}
    for rule in rules:
        threat = rule.content.threat.value
        hit[threat] = hit.get(threat, np.zeros(size, dtype=bool)) | masks[rule.code]
    return tally_masks(hit)


def tally_masks(masks: dict[str, Mask], limit: int | None = None) -> dict[str, int]:
    """How many rows each mask holds, most first (ties by name), leaving out empty ones."""
    counts = {name: int(mask.sum()) for name, mask in masks.items()}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return dict([(name, n) for name, n in ranked if n][:limit])


def findings(
    hit: Mask,
    consignment_ids: Sequence[int],
    exams: Iterable[Examined],
    red_now: Mask,
    red_after: Mask,
) -> Findings:
    """Examinations among the hits, and findings moving into or out of red."""
    found: dict[int, bool] = {}
    for exam in exams:
        found[exam.consignment_id] = found.get(exam.consignment_id, False) or exam.finding
    examined = np.array([cid in found for cid in consignment_ids], dtype=bool)
    finding = np.array([found.get(cid, False) for cid in consignment_ids], dtype=bool)
    count, with_finding = int((hit & examined).sum()), int((hit & finding).sum())
    return Findings(
        examined=count,
        findings=with_finding,
        hit_rate=with_finding / count if count else None,
        into_red=int((finding & red_after & ~red_now).sum()),
        out_of_red=int((finding & red_now & ~red_after).sum()),
    )
