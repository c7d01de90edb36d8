"""The demo data stream: voyages into Kingston, Colombo and Freeport, their manifests,
amendments and cancellations, in the order the carriers file them, with planted risks and their
ground truth.

Everything is drawn from one ``random.Random(seed)``, so the same seed and size give the same
manifests byte for byte. Manifests are produced one voyage at a time and only the filings still
to come (amendments, late bills) are held, so memory stays flat however many consignments are
asked for; only the population of traders grows, and slower than the number of bills.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from cargotarget.demo.amendments import (
    AMEND_SHARE,
    CANCEL_SHARE,
    CHANGES,
    LATE_AMENDMENT_SHARE,
    amend,
    new_description,
    replace_consignee,
    reseal,
)
from cargotarget.demo.consignments import ConsignmentBuilder, VoyageContext
from cargotarget.demo.consolidations import consolidation
from cargotarget.demo.draws import between
from cargotarget.demo.equipment import EquipmentPicker
from cargotarget.demo.lanes import Lanes, service_lanes
from cargotarget.demo.parties import Population
from cargotarget.demo.risks import choose
from cargotarget.demo.truth import GroundTruth
from cargotarget.demo.voyages import Sailing, Schedule
from cargotarget.model.manifest import Consignment, Flow, Manifest, MessageFunction

DAILY_BILLS = 2000
"""Bills filed per day across the three ports; sets how many days a demo of a given size spans."""

PLANT_SHARE = 0.028
"""Chance that a simple bill carries a planted risk; about 2 % of all bills end up planted."""

CONSOLIDATION_SHARE = 0.1
EMPTY_RETURN_SHARE = 0.015
MAX_CONSIGNMENTS = 5_000_000


@dataclass(frozen=True, slots=True)
class DemoManifest:
    """A filed manifest and the ground truth of the risks planted in the bills it first files."""

    manifest: Manifest
    truth: tuple[GroundTruth, ...] = ()


def generate(
    consignments: int, seed: int = 42, start: date = date(2026, 1, 5)
) -> Iterator[DemoManifest]:
    """Stream manifests in filing order until exactly ``consignments`` distinct bills (simple,
    master and house) have been filed originally; amendments and cancellations come on top."""
    if not 1 <= consignments <= MAX_CONSIGNMENTS:
        raise ValueError(f"consignments must be between 1 and {MAX_CONSIGNMENTS:,}")
    return _Generator(consignments, seed, start).manifests()


@dataclass(slots=True)
class _Filings:
    """Everything one voyage's carrier files, sorted by the filing it goes into."""

    originals: list[Consignment] = field(default_factory=list)
    late: list[Consignment] = field(default_factory=list)
    replace_early: list[Consignment] = field(default_factory=list)
    replace_late: list[Consignment] = field(default_factory=list)
    cancels: list[Consignment] = field(default_factory=list)
    truth: list[GroundTruth] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.originals) + len(self.late)


class _Generator:
    def __init__(self, total: int, seed: int, start: date) -> None:
        self.rng = random.Random(seed)
        self.total = total
        self.start = datetime.combine(start, time(6, 0), tzinfo=UTC)
        self.span = timedelta(days=max(14.0, total / DAILY_BILLS))
        self.mean_size = min(120.0, max(8.0, total / 40))
        self.population = Population()
        self.schedule = Schedule(self.rng)
        self.builder = ConsignmentBuilder(self.rng, self.population)
        self._lanes: dict[str, Lanes] = {}
        self._order = itertools.count()

    def manifests(self) -> Iterator[DemoManifest]:
        """Voyage after voyage; later filings wait in a heap until their time comes."""
        pending: list[tuple[datetime, int, DemoManifest]] = []
        produced = 0
        while produced < self.total:
            size = min(self._voyage_size(), self.total - produced)
            filed_at = _minute(self.start + self.span * (produced / self.total))
            original, later = self._voyage(size, filed_at)
            while pending and pending[0][0] <= filed_at:
                yield heapq.heappop(pending)[2]
            yield original
            for filing in later:
                heapq.heappush(pending, (_filed_at(filing), next(self._order), filing))
            produced += size
        while pending:
            yield heapq.heappop(pending)[2]

    def _voyage_size(self) -> int:
        """Bills on one voyage: log-normal around the mean, a few large, none below three."""
        mu = math.log(self.mean_size) - 0.18
        return max(3, round(self.rng.lognormvariate(mu, 0.6)))

    def _voyage(self, size: int, filed_at: datetime) -> tuple[DemoManifest, list[DemoManifest]]:
        """The filings for the next sailing, whose original manifest carries ``size`` bills."""
        sailing = self.schedule.sailing(self.rng, filed_at)
        service = sailing.service
        lanes = self._lanes.get(service.code)
        if lanes is None:
            lanes = self._lanes[service.code] = service_lanes(service)
        ctx = VoyageContext(sailing, lanes, EquipmentPicker(sailing.carrier))
        filings = _Filings()
        while filings.count < size:
            self._slot(ctx, filings, size - filings.count)
        return _manifests(self.rng, sailing, filings)

    def _slot(self, ctx: VoyageContext, filings: _Filings, left: int) -> None:
        """Add the next bill or group of bills to the voyage."""
        roll = self.rng.random()
        if roll < CONSOLIDATION_SHARE and left >= 3:
            houses = min(between(self.rng, 2, 6), left - 1)
            filings.originals += consolidation(self.builder, ctx, houses)
        elif roll < CONSOLIDATION_SHARE + EMPTY_RETURN_SHARE:
            filings.originals.append(self.builder.empty_return(ctx))
        elif roll < CONSOLIDATION_SHARE + EMPTY_RETURN_SHARE + PLANT_SHARE:
            self._planted(ctx, filings)
        else:
            self._honest(ctx, filings)

    def _honest(self, ctx: VoyageContext, filings: _Filings) -> None:
        """A simple bill, sometimes amended or cancelled later."""
        bill = self.builder.build(ctx, self.builder.plan(ctx))
        filings.originals.append(bill)
        roll = self.rng.random()
        if roll < AMEND_SHARE:
            dest = ctx.sailing.destination_country
            changed = amend(self.rng, bill, self.rng.choice(CHANGES), self.population, dest)
            late = self.rng.random() < LATE_AMENDMENT_SHARE
            (filings.replace_late if late else filings.replace_early).append(changed)
        elif roll < AMEND_SHARE + CANCEL_SHARE:
            filings.cancels.append(bill)

    def _planted(self, ctx: VoyageContext, filings: _Filings) -> None:
        """A bill carrying a planted pattern, filed as the pattern requires."""
        rng = self.rng
        pattern, planted = choose(self.builder, ctx)
        bill = self.builder.build(ctx, planted.plan)
        reference = ctx.sailing.reference
        filing = planted.plan.filing
        if filing == "late":
            filings.late.append(bill)
            reference = supplement_reference(reference)
        else:
            filings.originals.append(bill)
        if filing == "last_minute":
            if rng.random() < 0.5:
                dest = ctx.sailing.destination_country
                changed = replace_consignee(rng, bill, self.population, dest, newcomer=True)
            else:
                changed = new_description(rng, bill)
            filings.replace_late.append(changed)
        elif filing == "seal_change":
            late = rng.random() < 0.5
            (filings.replace_late if late else filings.replace_early).append(reseal(rng, bill))
        filings.truth.append(
            GroundTruth(
                bill_number=bill.bill_number,
                manifest_reference=reference,
                pattern=pattern.name,
                threat=planted.threat or pattern.threat,
                indicators=pattern.indicators,
                detail=planted.detail,
            )
        )


def supplement_reference(reference: str) -> str:
    """The reference of the additional manifest that carries bills filed after the original."""
    return f"{reference}S"


def _manifests(
    rng: random.Random, sailing: Sailing, filings: _Filings
) -> tuple[DemoManifest, list[DemoManifest]]:
    """The original manifest now, and the later filings at times within their windows."""
    reference = sailing.reference
    supplement = supplement_reference(reference)
    original = DemoManifest(
        _manifest(
            sailing, reference, MessageFunction.ORIGINAL, sailing.filed_at, filings.originals
        ),
        tuple(t for t in filings.truth if t.manifest_reference == reference),
    )
    early, late = _windows(sailing)
    late_truth = tuple(t for t in filings.truth if t.manifest_reference == supplement)
    later = []
    for ref, function, window, bills, truth in (
        (supplement, MessageFunction.ORIGINAL, late, filings.late, late_truth),
        (reference, MessageFunction.REPLACE, early, filings.replace_early, ()),
        (reference, MessageFunction.REPLACE, late, filings.replace_late, ()),
        (reference, MessageFunction.CANCEL, early, filings.cancels, ()),
    ):
        if bills:
            at = window[0] + (window[1] - window[0]) * rng.random()
            later.append(DemoManifest(_manifest(sailing, ref, function, at, bills), truth))
    return original, later


def _manifest(
    sailing: Sailing,
    reference: str,
    function: MessageFunction,
    filed_at: datetime,
    bills: list[Consignment],
) -> Manifest:
    return Manifest(
        reference=reference,
        flow=Flow.IMPORT,
        function=function,
        filed_at=_minute(filed_at),
        provider=sailing.carrier.scac,
        voyage=sailing.voyage,
        consignments=tuple(bills),
    )


def _windows(sailing: Sailing) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime]]:
    """When later filings arrive: before the deadline (or soon after a late original), and after
    it, up to a few hours after the vessel has sailed but always before it arrives."""
    hour = timedelta(hours=1)
    filed, deadline = sailing.filed_at, sailing.deadline
    if deadline - filed > 3 * hour:
        early = (filed + hour, deadline - hour)
    else:
        early = (filed + hour / 6, filed + 2 * hour)
    after = max(deadline, filed)
    arrival = sailing.voyage.arrival_at or after + 48 * hour
    late = (after + hour, min(after + 30 * hour, arrival - hour))
    return early, late


def _filed_at(filing: DemoManifest) -> datetime:
    return filing.manifest.filed_at or datetime.min.replace(tzinfo=UTC)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
