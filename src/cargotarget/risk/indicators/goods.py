"""Indicators on the nature of the goods: groups that carry a high risk whatever their route,
and goods that are usually declared dangerous."""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context
from cargotarget.risk.indicators.history import History, first_versions
from cargotarget.risk.indicators.timeline import ROW, Events, earlier_counts

DANGEROUS_GOODS = "dangerous goods"


def high_risk_goods_group(ctx: Context) -> pl.Expr:
    """The group of high-risk goods the bill falls in, by the HS code of its principal goods
    item: weapons and ammunition, explosives, drug precursors, wildlife (CITES), strategic
    goods; or "dangerous goods" when a goods item declares a UN number. Unknown when none."""
    hs = ctx.text("hs_code")
    group: pl.Expr = pl.when(pl.col("dangerous_goods")).then(pl.lit(DANGEROUS_GOODS))
    for name, prefixes in reversed(ctx.config.high_risk_goods):
        matches = pl.any_horizontal(hs.str.starts_with(p) for p in prefixes).fill_null(False)
        group = pl.when(matches).then(pl.lit(name)).otherwise(group)
    return group.cast(pl.String)


def high_risk_goods(ctx: Context) -> pl.Expr:
    """The goods belong to a high-risk group: weapons, explosives, drug precursors, wildlife
    protected by CITES, strategic goods, or dangerous goods."""
    return high_risk_goods_group(ctx).is_not_null()


def _heading_filings(history: History) -> Events:
    rows = history.derived(first_versions)
    return Events.of(rows, ("hs_heading",), pl.col("filed_at"), once=False)


def _heading_dangerous_filings(history: History) -> Events:
    rows = history.derived(first_versions).filter(pl.col("dangerous_goods").fill_null(False))
    return Events.of(rows, ("hs_heading",), pl.col("filed_at"), once=False)


def heading_dangerous_share(ctx: Context) -> pl.Series:
    """Share of earlier bills of this HS heading that declared dangerous goods (0 to 1). Goods
    of a heading that is nearly always declared dangerous (fuels, paints, batteries, gases),
    filed without a UN number, may be dangerous goods left undeclared. Unknown when the
    heading has too few earlier bills to tell."""
    queries = ctx.queries(ctx.text("hs_heading").alias("hs_heading"))
    history = ctx.history
    overall = earlier_counts(queries, history.derived(_heading_filings), exclude_own=True)
    dangerous = earlier_counts(
        queries, history.derived(_heading_dangerous_filings), exclude_own=True
    )
    share = overall.join(dangerous, on=ROW, how="left", suffix="_dangerous").select(
        ROW,
        pl.when(pl.col("count") >= ctx.config.norm_min_samples)
        .then(pl.col("count_dangerous").fill_null(0) / pl.col("count"))
        .alias("share"),
    )
    return ctx.aligned(share, "share")
