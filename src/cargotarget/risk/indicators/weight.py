"""Indicators on weight and packing, measured against norms learned from history.

A norm is the median over earlier bills of the same HS heading (each bill once, as first filed):
robust to the odd typing error, and used only when enough bills are known. Norms are relearned
once per period (a day by default): a bill is compared with the norm of everything filed before
its period began, so that no bill is ever judged by later ones.
"""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context
from cargotarget.risk.indicators.history import History, first_versions
from cargotarget.risk.indicators.timeline import AT, ROW, T

PERIOD = "_period"


def _measures(history: History) -> pl.DataFrame:
    """Each bill once, as first filed, with its HS heading and measures."""
    columns = ["hs_heading", "gross_weight_kg", "package_count", "container_count"]
    rows = history.derived(first_versions)
    return rows.select(pl.col("filed_at").alias(AT), *columns).drop_nulls("hs_heading")


def _per(weight: pl.Expr, count: pl.Expr) -> pl.Expr:
    """Weight per unit, where both are known and positive."""
    return pl.when((weight > 0) & (count > 0)).then(weight / count)


def _norms(ctx: Context, value: pl.Expr, headings: pl.Series) -> pl.DataFrame:
    """``hs_heading``, ``PERIOD``, the median of ``value`` over earlier bills of the heading
    filed before the period began, and how many bills it was learned from."""
    samples = (
        ctx.history.derived(_measures)
        .filter(pl.col("hs_heading").is_in(headings.implode()))
        .select("hs_heading", AT, value.alias("value"))
        .drop_nulls("value")
        .lazy()
    )
    periods = ctx.frame[T].dt.truncate(ctx.config.norm_period).drop_nulls().unique().sort()
    learned = [
        samples.filter(pl.col(AT) < start)
        .group_by("hs_heading")
        .agg(pl.col("value").median().alias("norm"), pl.len().alias("samples"))
        .with_columns(pl.lit(start).alias(PERIOD))
        for start in periods
    ]
    if not learned:
        schema = {"hs_heading": pl.String, "norm": pl.Float64, "samples": pl.UInt32}
        return pl.DataFrame(schema=schema | {PERIOD: ctx.frame.schema[T]})
    return pl.concat(learned).collect()


def _ratio_to_norm(ctx: Context, value: pl.Expr, history_value: pl.Expr) -> pl.Series:
    heading = ctx.text("hs_heading")
    bills = ctx.frame.select(
        ROW,
        heading.alias("hs_heading"),
        pl.col(T).dt.truncate(ctx.config.norm_period).alias(PERIOD),
        value.alias("value"),
    ).drop_nulls(["hs_heading", PERIOD, "value"])
    norms = _norms(ctx, history_value, bills["hs_heading"].unique())
    ratio = pl.when(pl.col("samples") >= ctx.config.norm_min_samples).then(
        pl.col("value") / pl.col("norm")
    )
    judged = bills.join(norms, on=["hs_heading", PERIOD], how="left").select(
        ROW, ratio.alias("ratio")
    )
    return ctx.aligned(judged, "ratio")


def weight_per_package_ratio(ctx: Context) -> pl.Series:
    """Gross weight per package divided by the usual weight per package for goods of this HS
    heading: 1 is normal, 3 means three times heavier per package than usual, 0.2 five times
    lighter. Unknown when weight or packages are missing or the heading has too few earlier
    bills to know its norm. Far from 1, the goods may not be what is declared."""
    value = _per(pl.col("gross_weight_kg"), pl.col("package_count"))
    return _ratio_to_norm(ctx, value, value)


def weight_per_container_ratio(ctx: Context) -> pl.Series:
    """Gross weight per container divided by the usual weight per container for goods of
    this HS heading: 1 is normal. Unknown when weight or containers are missing or the
    heading has too few earlier bills to know its norm. A container much heavier than usual
    can hide other goods; a much lighter one, a false description."""
    value = _per(pl.col("gross_weight_kg"), pl.col("container_count"))
    return _ratio_to_norm(ctx, value, value)


def empty_container_with_weight(ctx: Context) -> pl.Expr:
    """A container on the bill is declared empty, yet the bill weighs more per container than
    the heaviest empty container does (its tare): an "empty" container that weighs a load may
    carry undeclared goods. Empties repositioned by carriers weigh their tare and do not count.
    """
    containers = pl.col("containers")
    empty = containers.list.eval(~pl.element().struct.field("full")).list.any()
    count = containers.list.len()
    heavy = (pl.col("gross_weight_kg") / count) > ctx.config.empty_container_max_kg
    return (empty.fill_null(False) & (count > 0) & heavy).fill_null(False)


def coarse_packaging(ctx: Context) -> pl.Expr:
    """The principal goods are declared as pallets, whole containers, bulk or unpacked rather
    than as counted pieces, so that the quantity cannot be checked against the packages."""
    kinds = list(ctx.config.coarse_package_kinds)
    return ctx.text("package_kind").is_in(kinds).fill_null(False)
