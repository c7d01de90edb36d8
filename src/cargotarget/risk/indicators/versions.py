"""A bill's own earlier versions: what amendment indicators compare the current version with."""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context, folded, key
from cargotarget.risk.indicators.names import fold
from cargotarget.risk.indicators.timeline import AT, Events, previous_version

_CONTAINER = pl.element().struct


def own_versions(ctx: Context) -> pl.DataFrame:
    """The versions in history of the assessed bills (few: most bills are never amended), in
    filing order, with what amendments change in the form the current bills have it."""
    bills = ctx.frame["bill_number"].implode()
    versions = ctx.history.rows.filter(pl.col("bill_number").is_in(bills))
    return versions.select(
        "bill_number",
        pl.col("filed_at").alias(AT),
        "consignee_key",
        fold(pl.col("description")).alias("description"),
        pl.col("seals").list.unique().list.sort(),
    )


def version_events(ctx: Context) -> Events:
    """Each filing of a version of an assessed bill, keyed by the bill."""
    return Events(ctx.shared(own_versions).select("bill_number", AT), ("bill_number",))


def _current_seals() -> pl.Expr:
    """The seal numbers of all containers of each assessed bill, sorted and distinct."""
    every = pl.col("containers").list.eval(_CONTAINER.field("seals").explode().drop_nulls())
    return every.list.unique().list.sort().fill_null([])


def previous(ctx: Context) -> pl.DataFrame:
    """Each assessed bill with a filing time beside the latest earlier version of it: the
    consignee key, folded description and seals now and (suffix ``_before``) then, and
    ``found``."""
    queries = ctx.queries(
        key("consignee_name").alias("consignee_key"),
        folded("description").alias("description"),
        _current_seals().alias("seals"),
    )
    return previous_version(queries, ctx.shared(own_versions))
