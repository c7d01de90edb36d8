"""Looking back in time: what history says about a key strictly before a bill was filed.

History is turned into :class:`Events` (a key, a bill and a time ``AT``). The functions here
take *queries* (one row per assessed bill, or per bill and container: the row number ``ROW``,
the filing time ``T``, the ``bill_number`` and the key columns) and answer with one value per
query, from events strictly before ``T`` only. They are as-of joins over events sorted in time,
so their cost grows with the number of rows, never with rows times history.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl

ROW = "_row"
"""The position of a bill in the assessed frame."""
T = "_t"
"""When the assessed bill (this version of it) was filed."""
AT = "at"
"""When an event happened: a filing, or the recording of a finding."""


@dataclass(frozen=True)
class Events:
    """Events of keys (the columns ``by``), each with its ``bill_number`` and time ``AT``, in
    time order. The tables the look-ups need are derived on first use and kept."""

    table: pl.DataFrame
    by: tuple[str, ...]

    @classmethod
    def of(cls, rows: pl.DataFrame, by: tuple[str, ...], at: pl.Expr, *, once: bool) -> Events:
        """The events of ``rows`` at time ``at``; with ``once``, only the earliest event of each
        key and bill is kept."""
        table = rows.select(*by, "bill_number", at.alias(AT)).drop_nulls([*by, AT]).sort(AT)
        if once:
            table = table.unique([*by, "bill_number"], keep="first", maintain_order=True)
        return cls(table, by)

    @cached_property
    def steps(self) -> pl.DataFrame:
        """The running number of events of each key after each of its events."""
        running = pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(self.by)
        return self.table.select(*self.by, AT, running.alias("_n"))

    @cached_property
    def moments(self) -> pl.DataFrame:
        return self.table.select(*self.by, AT, pl.col(AT).alias("last_at"))

    @cached_property
    def earliest(self) -> pl.DataFrame:
        """The two earliest events of each key, as lists of times and bills."""
        return self.table.group_by(*self.by, maintain_order=True).agg(
            pl.col(AT).head(2).alias("_at"), pl.col("bill_number").head(2).alias("_bills")
        )


def _strictly_before(queries: pl.DataFrame, events: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Each query beside the latest event of its key strictly before ``T`` (events sorted in
    time; their columns that the queries also have get the suffix ``_before``)."""
    return (
        queries.drop_nulls([T, *by])
        .sort(T)
        .join_asof(
            events,
            left_on=T,
            right_on=AT,
            by=by,
            strategy="backward",
            allow_exact_matches=False,
            check_sortedness=False,
            suffix="_before",
        )
    )


def earlier_counts(queries: pl.DataFrame, events: Events, *, exclude_own: bool) -> pl.DataFrame:
    """``ROW`` and ``count``: the number of events of the query's key before ``T``; with
    ``exclude_own`` (for events kept once per key and bill), not counting the event of the
    query's own bill. Queries with a NULL key or time are left out."""
    by = list(events.by)
    counted = _strictly_before(queries, events.steps, by)
    count = pl.col("_n").fill_null(0)
    if exclude_own:
        bills = queries["bill_number"].implode()
        own = events.table.filter(pl.col("bill_number").is_in(bills)).rename({AT: "_own"})
        counted = counted.join(own, on=[*by, "bill_number"], how="left")
        count = count - (pl.col("_own") < pl.col(T)).fill_null(False).cast(pl.Int64)
    return counted.select(ROW, count.cast(pl.Float64).alias("count"))


def last_before(queries: pl.DataFrame, events: Events) -> pl.DataFrame:
    """``ROW``, ``T`` and ``last_at``: the time of the latest event of the query's key before
    ``T`` (NULL when there is none)."""
    found = _strictly_before(queries, events.moments, list(events.by))
    return found.select(ROW, T, "last_at")


def first_other(queries: pl.DataFrame, events: Events) -> pl.DataFrame:
    """``ROW``, ``T`` and ``first_at``: when the query's key was first seen on another bill than
    the query's own, if that was before ``T`` (else NULL). Events must be one per key and bill.

    Only the two earliest bills of each key are needed: when the earliest is the query's own
    bill, the second earliest is the first other one."""
    by = list(events.by)
    keyed = queries.drop_nulls([T, *by])
    joined = keyed.join(events.earliest, on=by, how="left")
    own_first = pl.col("_bills").list.get(0, null_on_oob=True) == pl.col("bill_number")
    first = (
        pl.when(own_first.fill_null(False))
        .then(pl.col("_at").list.get(1, null_on_oob=True))
        .otherwise(pl.col("_at").list.get(0, null_on_oob=True))
    )
    return joined.select(ROW, T, pl.when(first < pl.col(T)).then(first).alias("first_at"))


def previous_version(queries: pl.DataFrame, versions: pl.DataFrame) -> pl.DataFrame:
    """The queries with the latest earlier version of their bill beside them: ``versions``
    holds ``bill_number``, ``AT`` (sorted) and columns also in the queries, which come back
    with the suffix ``_before``; ``found`` says whether there was an earlier version."""
    latest = versions.with_columns(pl.lit(True).alias("found"))
    joined = _strictly_before(queries, latest, ["bill_number"])
    return joined.with_columns(pl.col("found").fill_null(False))


def days_between(earlier: pl.Expr, later: pl.Expr) -> pl.Expr:
    """Days (fractional) from ``earlier`` to ``later``."""
    return (later - earlier).dt.total_seconds(fractional=True) / 86_400.0
