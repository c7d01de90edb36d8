"""The timeliness report: the figures overall, per provider and per port over a period, with
the late filings, the masters without houses and the notices without a manifest listed, and
the charts of the page. Built from the frames of :mod:`timeliness_frames` only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import msgspec
import polars as pl

from cargotarget.reports.charts import Chart, horizontal_bars, vertical_bars
from cargotarget.reports.deadlines import FilingRule
from cargotarget.reports.lateness import Bin, LateFiling, late_filings, lead_histogram
from cargotarget.reports.timeliness import Figures, figures_by


class MasterWithoutHouses(msgspec.Struct, frozen=True, kw_only=True):
    """A master bill on a voyage with no house bill filed under it."""

    consignment_id: int
    bill_number: str
    provider: str
    port: str | None
    voyage_id: int
    voyage_number: str
    first_seen_at: datetime


class MissingManifest(msgspec.Struct, frozen=True, kw_only=True):
    """A voyage announced by a notice whose manifest had not come by its due time."""

    notice_id: int
    provider: str
    carrier_code: str
    mode: str
    voyage_number: str
    port: str
    due_at: datetime | None


class TimelinessReport(msgspec.Struct, frozen=True, kw_only=True):
    """Coverage and timeliness from ``start`` (inclusive) to ``end`` (exclusive), limited to
    ``port`` and ``provider`` when given; ``ports_limited``: only the reader's ports count,
    so messages are those that filed there and rejections (which have no port) are unknown."""

    start: datetime
    end: datetime
    rule: str
    port: str | None
    provider: str | None
    ports_limited: bool
    overall: Figures
    providers: list[Figures]
    ports: list[Figures]
    histogram: list[Bin]
    late: list[LateFiling]
    masters: list[MasterWithoutHouses]
    notices: list[MissingManifest]


@dataclass(frozen=True)
class Inputs:
    """The frames the report is built from; ``counts`` None when limited to ports."""

    filings: pl.DataFrame
    counts: pl.DataFrame | None
    masters: pl.DataFrame
    notices: pl.DataFrame


@dataclass(frozen=True)
class Scope:
    start: datetime
    end: datetime
    port: str | None = None
    provider: str | None = None
    ports_limited: bool = False


def build_report(
    inputs: Inputs, rule: FilingRule, scope: Scope, *, limit: int = 50
) -> TimelinessReport:
    """The report of ``inputs`` (already limited to ``scope`` by whoever read them)."""
    frames = {"filings": inputs.filings, "masters": inputs.masters, "notices": inputs.notices}
    (overall,) = figures_by(None, rule, counts=inputs.counts, **frames)
    missing = inputs.notices.filter(~pl.col("manifest_by_due").fill_null(False))
    return TimelinessReport(
        start=scope.start,
        end=scope.end,
        rule=rule.describe(),
        port=scope.port,
        provider=scope.provider,
        ports_limited=scope.ports_limited,
        overall=overall,
        providers=figures_by("provider", rule, counts=inputs.counts, **frames),
        ports=figures_by("port", rule, counts=None, **frames),
        histogram=lead_histogram(inputs.filings),
        late=late_filings(inputs.filings, rule, limit=limit),
        masters=msgspec.convert(
            inputs.masters.sort("first_seen_at", descending=True).head(limit).to_dicts(),
            list[MasterWithoutHouses],
        ),
        notices=msgspec.convert(
            missing.sort("due_at", descending=True).head(limit).to_dicts(), list[MissingManifest]
        ),
    )


def report_charts(report: TimelinessReport) -> list[Chart]:
    """The page's charts: on-time share and rejection rate per provider, and the spread of
    lead times before loading."""
    on_time = [(f.key, f.on_time_share) for f in report.providers]
    rejected = [(f.key, f.rejection_rate) for f in report.providers]
    return [
        horizontal_bars("Filed on time, per provider", on_time, share=True),
        vertical_bars(
            "Lead time before loading (original filings)",
            [(b.label, b.count) for b in report.histogram],
        ),
        horizontal_bars("Rejection rate, per provider", rejected, share=True),
    ]
