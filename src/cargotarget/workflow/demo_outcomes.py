"""Simulated examination results for the demo, so that its outcomes can feed indicators, rule
performance and model training as real results would.

The consignments examined are those a real port would have examined: the red and yellow
lanes and the random control selection of their latest assessment, on voyages that have
already arrived.
Each is examined a few hours after arrival; the examination finds something where the demo's
ground truth planted a risk, except for a small share that the examiners miss (as real ones
do), and nothing elsewhere. Every draw is a keyed hash of the bill number, so the same demo
gives the same results, and recording them again changes nothing (outcomes are kept by their
natural key).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
from sqlalchemy import Connection, or_, select

from cargotarget.demo.truth import GroundTruth, Threat
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment
from cargotarget.store.outcomes import NewOutcome, record_outcomes
from cargotarget.store.queries import as_utc

#: The lanes whose consignments are examined: the red lane physically, the yellow lane by a
#: documentary check (which finds a planted risk just as well in the demo).
EXAMINED_LANES = ("red", "yellow")
#: The share of planted risks an examination misses.
MISS_RATE = 0.08
#: Examinations happen between these many hours after arrival.
EXAM_HOURS = (2, 48)
#: Threats whose finding is a seizure of the goods; the others are found as discrepancies.
SEIZED = frozenset(
    {Threat.NARCOTICS, Threat.WEAPONS, Threat.WILDLIFE, Threat.IPR, Threat.STRATEGIC}
)


class DemoOutcomes(msgspec.Struct, frozen=True, kw_only=True):
    examined: int
    findings: int
    recorded: int


def _draw(key: str, bill: str) -> float:
    """A number in [0, 1) fixed by ``key`` and ``bill``."""
    digest = hashlib.sha256(f"{key}:{bill}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _planted(ground_truth: Path) -> dict[str, GroundTruth]:
    decode = msgspec.json.Decoder(GroundTruth).decode
    lines = ground_truth.read_bytes().splitlines() if ground_truth.exists() else []
    return {truth.bill_number: truth for truth in (decode(x) for x in lines if x.strip())}


def _selected(conn: Connection) -> Iterable[tuple[int, str, datetime, bool]]:
    """Consignment id, bill, arrival and random flag of every consignment whose latest
    assessment put it in an examined lane or chose it for random control."""
    c, a = t.consignment.c, assessment.c
    query = (
        select(c.id, c.bill_number, c.arrival_at, a.random_selected)
        .join(assessment, a.version_id == c.current_version_id)
        .where(c.cancelled.is_(False), c.arrival_at.is_not(None))
        .where(or_(a.lane.in_(EXAMINED_LANES), a.random_selected.is_(True)))
        .order_by(c.id)
    )
    for cid, bill, arrival, random in conn.execute(query):
        yield int(cid), bill, as_utc(arrival) or arrival, bool(random)


def _outcome(
    cid: int, bill: str, examined_at: datetime, random: bool, truth: GroundTruth | None
) -> NewOutcome:
    selection = "random" if random else "rule"
    if truth is None or _draw("miss", bill) < MISS_RATE:
        return NewOutcome(
            consignment_id=cid, examined_at=examined_at, selection=selection, result="no_finding"
        )
    seized = truth.threat in SEIZED
    detail: dict[str, object] = {"commodity": truth.pattern.replace("_", " "), "note": truth.detail}
    if seized:
        detail["value"] = round(5_000 + 95_000 * _draw("value", bill), 2)
    else:
        detail["discrepancy_type"] = "value" if truth.threat == Threat.REVENUE else "misdescription"
    return NewOutcome(
        consignment_id=cid,
        examined_at=examined_at,
        selection=selection,
        result="seizure" if seized else "discrepancy",
        detail=detail,
    )


def record_demo_outcomes(
    conn: Connection, ground_truth: Path, *, now: datetime | None = None
) -> DemoOutcomes:
    """Examine the demo's red, yellow and random-control consignments that have arrived by
    ``now`` and record what the examinations found (see the module docstring)."""
    now = now or datetime.now(UTC)
    planted = _planted(ground_truth)
    low, high = EXAM_HOURS
    new = []
    for cid, bill, arrival, random in _selected(conn):
        examined_at = arrival + timedelta(hours=low + (high - low) * _draw("hours", bill))
        if examined_at <= now:
            new.append(
                _outcome(cid, bill, examined_at.replace(microsecond=0), random, planted.get(bill))
            )
    recorded, _ = record_outcomes(conn, new, at=now)
    findings = sum(o.result != "no_finding" for o in new)
    return DemoOutcomes(examined=len(new), findings=findings, recorded=recorded)
