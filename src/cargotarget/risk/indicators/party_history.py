"""Indicators on the parties' track record: how long they have traded, how often, and what
examinations of their earlier shipments found. Only bills filed, and findings recorded,
strictly before the assessed bill count."""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context, key
from cargotarget.risk.indicators.history import FINDING_AT, FOUND, History, first_versions
from cargotarget.risk.indicators.timeline import (
    ROW,
    Events,
    T,
    days_between,
    earlier_counts,
    first_other,
    last_before,
)


def _filings(history: History, column: str) -> Events:
    return Events.of(history.derived(first_versions), (column,), pl.col("filed_at"), once=False)


def _findings(history: History, column: str) -> Events:
    return Events.of(history.rows.filter(FOUND), (column,), FINDING_AT, once=True)


def _shipper_filings(history: History) -> Events:
    return _filings(history, "shipper_key")


def _consignee_filings(history: History) -> Events:
    return _filings(history, "consignee_key")


def _shipper_findings(history: History) -> Events:
    return _findings(history, "shipper_key")


def _consignee_findings(history: History) -> Events:
    return _findings(history, "consignee_key")


def _queries(ctx: Context, events: Events, name: str) -> pl.DataFrame:
    return ctx.queries(key(name).alias(events.by[0]))


def _first_seen_days(ctx: Context, events: Events, name: str) -> pl.Series:
    first = first_other(_queries(ctx, events, name), events)
    days = days_between(pl.col("first_at"), pl.col(T)).fill_null(0.0)
    return ctx.aligned(first.with_columns(days.alias("days")), "days")


def _counts(ctx: Context, events: Events, name: str, *, own: bool) -> pl.Series:
    counts = earlier_counts(_queries(ctx, events, name), events, exclude_own=own)
    return ctx.aligned(counts, "count")


def _days_since(ctx: Context, events: Events, name: str) -> pl.Series:
    last = last_before(_queries(ctx, events, name), events)
    days = days_between(pl.col("last_at"), pl.col(T)).alias("days")
    return ctx.aligned(last.with_columns(days), "days")


def shipper_first_seen_days(ctx: Context) -> pl.Series:
    """Days since the shipper was first named on another bill; 0 for a shipper never seen
    before. New shippers have no trading history to judge them by."""
    return _first_seen_days(ctx, ctx.history.derived(_shipper_filings), "shipper_name")


def consignee_first_seen_days(ctx: Context) -> pl.Series:
    """Days since the consignee was first named on another bill; 0 for a consignee never
    seen before. New importers have no trading history to judge them by."""
    return _first_seen_days(ctx, ctx.history.derived(_consignee_filings), "consignee_name")


def shipper_shipment_count(ctx: Context) -> pl.Series:
    """Number of earlier bills that named this shipper (amendments of one bill count once,
    this bill not at all). Few shipments mean little trading history."""
    events = ctx.history.derived(_shipper_filings)
    return _counts(ctx, events, "shipper_name", own=True)


def _consignee_counts(ctx: Context) -> pl.DataFrame:
    events = ctx.history.derived(_consignee_filings)
    return earlier_counts(_queries(ctx, events, "consignee_name"), events, exclude_own=True)


def consignee_shipment_count(ctx: Context) -> pl.Series:
    """Number of earlier bills that named this consignee (amendments of one bill count once,
    this bill not at all). Few shipments mean little trading history."""
    return ctx.aligned(ctx.shared(_consignee_counts), "count")


def shipper_earlier_findings(ctx: Context) -> pl.Series:
    """Number of earlier bills of this shipper on which an examination found something
    (discrepancy or seizure), recorded before this bill was filed."""
    events = ctx.history.derived(_shipper_findings)
    return _counts(ctx, events, "shipper_name", own=False)


def consignee_earlier_findings(ctx: Context) -> pl.Series:
    """Number of earlier bills of this consignee on which an examination found something
    (discrepancy or seizure), recorded before this bill was filed."""
    events = ctx.history.derived(_consignee_findings)
    return _counts(ctx, events, "consignee_name", own=False)


def shipper_days_since_finding(ctx: Context) -> pl.Series:
    """Days since the last finding on a bill of this shipper was recorded; unknown when there
    was none. A recent finding weighs more than an old one."""
    return _days_since(ctx, ctx.history.derived(_shipper_findings), "shipper_name")


def consignee_days_since_finding(ctx: Context) -> pl.Series:
    """Days since the last finding on a bill of this consignee was recorded; unknown when
    there was none. A recent finding weighs more than an old one."""
    return _days_since(ctx, ctx.history.derived(_consignee_findings), "consignee_name")


def _consignee_chapters(history: History) -> Events:
    rows = history.derived(first_versions)
    return Events.of(rows, ("consignee_key", "hs_chapter"), pl.col("filed_at"), once=False)


def consignee_unusual_chapter(ctx: Context) -> pl.Series:
    """The consignee has an established trade, yet never before received goods of this HS
    chapter: the goods do not fit what it usually imports. Unknown when the consignee has
    too few earlier bills to know its trade."""
    queries = ctx.queries(
        key("consignee_name").alias("consignee_key"), ctx.text("hs_chapter").alias("hs_chapter")
    )
    overall = ctx.shared(_consignee_counts)
    chapter = earlier_counts(queries, ctx.history.derived(_consignee_chapters), exclude_own=True)
    judged = overall.join(chapter, on=ROW, how="left", suffix="_chapter").select(
        ROW,
        pl.when(pl.col("count") >= ctx.config.usual_trade_min_shipments)
        .then(pl.col("count_chapter") == 0)
        .alias("unusual"),
    )
    return ctx.aligned(judged, "unusual")
