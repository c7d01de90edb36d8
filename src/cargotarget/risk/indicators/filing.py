"""Indicators on how the bill was filed: when, how often it was changed, how freight is paid."""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context
from cargotarget.risk.indicators.timeline import ROW, T, days_between, earlier_counts
from cargotarget.risk.indicators.versions import previous, version_events


def filed_hours_before_departure(ctx: Context) -> pl.Expr:
    """Hours between the filing of this version of the bill and the scheduled departure of
    the conveyance; negative when filed after departure. Unknown when either time is."""
    return days_between(pl.col(T), pl.col("departure_at")) * 24.0


def _mode_threshold(ctx: Context, hours: dict[str, float]) -> pl.Expr:
    return ctx.text("mode").replace_strict(hours, default=None, return_dtype=pl.Float64)


def late_filing(ctx: Context) -> pl.Expr:
    """The bill was filed later than the rules for its mode of transport require: too few
    hours before departure (24 hours before loading at sea) or before arrival (4 hours by
    air). Late filing leaves no time to assess the cargo, and is a tactic to slip through."""
    config = ctx.config
    before_arrival = _mode_threshold(ctx, dict(config.late_hours_before_arrival))
    before_departure = _mode_threshold(ctx, dict(config.late_hours_before_departure))
    departure = filed_hours_before_departure(ctx)
    arrival = pl.col("filed_hours_before_arrival")
    late_arrival = arrival < before_arrival
    late_departure = departure < before_departure
    unknown = arrival.is_null() & departure.is_null()
    return pl.when(~unknown).then(late_arrival.fill_null(False) | late_departure.fill_null(False))


def earlier_version_count(ctx: Context) -> pl.Series:
    """Number of versions of this bill filed before this one: how often it has been amended
    so far. Repeated amendments can be an attempt to adjust the papers to the control."""
    events = ctx.shared(version_events)
    return ctx.aligned(earlier_counts(ctx.queries(), events, exclude_own=False), "count")


def last_minute_amendment(ctx: Context) -> pl.Series:
    """This version amends the bill and was filed less than a day (by default) before the
    conveyance arrives: a last-minute change, perhaps after learning what will be checked."""
    found = ctx.aligned(ctx.shared(previous), "found")
    amended = (pl.col("amendment_count") > 0).fill_null(False) | pl.lit(found)
    late = pl.col("filed_hours_before_arrival") < ctx.config.last_minute_hours
    flags = ctx.frame.select(
        ROW, pl.when(pl.col(T).is_not_null()).then(amended & late.fill_null(False)).alias("flag")
    )
    return ctx.aligned(flags, "flag")


def _changed(ctx: Context, column: str) -> pl.Series:
    """Whether ``column`` differs from its value on the previous version of the bill."""
    changed = pl.col("found") & pl.col(column).ne_missing(pl.col(f"{column}_before"))
    return ctx.aligned(ctx.shared(previous).with_columns(changed.alias("changed")), "changed")


def consignee_changed(ctx: Context) -> pl.Series:
    """The consignee differs from the one named on the previous version of this bill:
    changing who receives the goods after filing is a classic sign of a diversion."""
    return _changed(ctx, "consignee_key")


def description_changed(ctx: Context) -> pl.Series:
    """The goods description differs from the one on the previous version of this bill:
    a description changed after filing may follow news of an imminent control."""
    return _changed(ctx, "description")


def freight_collect(ctx: Context) -> pl.Expr:
    """The freight is payable at destination by the receiver (freight collect), which on
    high-risk lanes lets the organiser of a shipment avoid paying up front."""
    return (ctx.text("freight_payment") == "collect").fill_null(False)


def cash_payment(ctx: Context) -> pl.Expr:
    """The freight is paid in cash, which leaves no trace of who paid for the transport."""
    return (ctx.text("freight_payment") == "cash").fill_null(False)
