"""Indicators on the nature of the goods: groups that carry a high risk whatever their route."""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context

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
