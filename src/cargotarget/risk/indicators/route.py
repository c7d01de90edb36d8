"""Indicators on where the goods come from and which way they travel."""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context
from cargotarget.risk.indicators.history import History, first_versions
from cargotarget.risk.indicators.timeline import ROW, Events, T, earlier_counts


def hub_transshipment_count(ctx: Context) -> pl.Expr:
    """Number of transshipments through listed hubs on the route. Goods moved between ships
    at a hub can change papers, containers or seals on the way, and a detour through a hub
    may hide the true origin."""
    hubs = list(ctx.config.transshipment_hubs)
    ports = pl.col("transshipment_ports")
    return ports.list.eval(pl.element().is_in(hubs)).list.sum().fill_null(0).cast(pl.Float64)


def high_risk_country_in_routing(ctx: Context) -> pl.Expr:
    """A country on the list of sanctioned or high-risk countries is the origin of the goods,
    the place of receipt or loading, a transshipment port or a country of routing."""
    listed = list(ctx.config.high_risk_countries)
    element = pl.element()
    places = [ctx.text(c).str.head(2) for c in ("place_of_receipt", "port_of_loading")]
    return pl.any_horizontal(
        pl.col("countries_of_routing").list.eval(element.is_in(listed)).list.any(),
        pl.col("transshipment_ports").list.eval(element.str.head(2).is_in(listed)).list.any(),
        *(country.is_in(listed) for country in [ctx.text("origin_country"), *places]),
    ).fill_null(False)


def high_risk_origin_commodity(ctx: Context) -> pl.Expr:
    """The goods and their origin form a pair known from seizures, such as bananas from
    Ecuador or Colombia for cocaine, or alkaloids from a precursor source country."""
    origin, hs = ctx.text("origin_country"), ctx.text("hs_code")
    pairs = [
        (origin == country) & hs.str.starts_with(prefix)
        for country, prefix in ctx.config.high_risk_origin_commodities
    ]
    if not pairs:
        return pl.lit(False)
    return pl.any_horizontal(*pairs).fill_null(False)


def _origin_filings(history: History) -> Events:
    rows = history.derived(first_versions)
    return Events.of(rows, ("origin_country",), pl.col("filed_at"), once=False)


def _origin_chapter_filings(history: History) -> Events:
    rows = history.derived(first_versions)
    return Events.of(rows, ("origin_country", "hs_chapter"), pl.col("filed_at"), once=False)


def origin_chapter_share(ctx: Context) -> pl.Series:
    """Share of earlier bills from this origin country that carried goods of this HS chapter
    (0 to 1). A very small share means the origin rarely ships such goods, or does not
    produce them. Unknown when the origin has too few earlier bills to tell."""
    queries = ctx.queries(*(ctx.text(k).alias(k) for k in ("origin_country", "hs_chapter")))
    counts = _origin_counts(ctx, queries)
    share = counts.select(
        ROW,
        pl.when(pl.col("count") >= ctx.config.rarity_min_shipments)
        .then(pl.col("count_chapter") / pl.col("count"))
        .alias("share"),
    )
    return ctx.aligned(share, "share")


def _origin_counts(ctx: Context, queries: pl.DataFrame) -> pl.DataFrame:
    """``ROW``, ``count`` (earlier bills from the origin) and ``count_chapter`` (of those, with
    the chapter): as the store counted them, or from the history rows."""
    counted = ctx.history.origin_counts
    if counted is not None:
        known = queries.drop_nulls([T, "origin_country"])
        return known.join(
            counted, left_on=["bill_number", T], right_on=["bill_number", "filed_at"]
        ).select(
            ROW,
            pl.col("origin_count").alias("count"),
            pl.when(pl.col("hs_chapter").is_not_null())
            .then(pl.col("chapter_count"))
            .alias("count_chapter"),
        )
    history = ctx.history
    overall = earlier_counts(queries, history.derived(_origin_filings), exclude_own=True)
    chapter = earlier_counts(queries, history.derived(_origin_chapter_filings), exclude_own=True)
    return overall.join(chapter, on=ROW, how="left", suffix="_chapter")
