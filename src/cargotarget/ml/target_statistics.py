"""Out-of-time target statistics: what earlier examinations found for a shipper, a consignee,
an HS heading, an origin, a route or a carrier, as known when a consignment was filed.

Two ways to the same numbers. :func:`as_of_filing` gives every row what was known at its own
filing time (strictly earlier examinations only), by an as-of join of the rows against the
running totals of each key over time: this is what training uses, so that no example learns
from its own outcome or from anything later. :class:`TargetTables` freezes the totals at one
moment as plain lookup tables, joined by key: this is the fast path for scoring many new
consignments, all filed after that moment, at once.

Each key ``k`` yields the columns ``k__n`` (examinations), ``k__f`` (findings) and ``k__last``
(time of the latest finding); ``__n`` and ``__f`` hold the totals over all keys, from which
the smoothing prior is taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from cargotarget.ml.examples import check_outcomes

STAT_KEYS: dict[str, pl.Expr] = {
    "shipper": pl.col("shipper_key"),
    "consignee": pl.col("consignee_key"),
    "heading": pl.col("hs_heading"),
    "origin": pl.col("origin_country"),
    "route": pl.concat_str("port_of_loading", pl.lit("->"), "port_of_discharge"),
    "carrier": pl.col("carrier_code"),
}
"""The keys statistics are kept by, each as an expression over the key columns; a route is
the pair port of loading -> port of discharge (unknown when either is)."""

_ALL = "__all"


def _running(outcomes: pl.DataFrame, key: pl.Expr) -> pl.DataFrame:
    """Running totals per key after each examination moment: ``key``, ``at``, ``n``, ``f``,
    ``last``, sorted by ``at``. Examinations at the same moment are counted together."""
    events = outcomes.select(key.alias("key"), pl.col("examined_at").alias("at"), "finding")
    totals = (
        events.drop_nulls("key")
        .group_by("key", "at")
        .agg(
            pl.len().cast(pl.Float64).alias("n"),
            pl.col("finding").sum().cast(pl.Float64).alias("f"),
            pl.col("at").filter(pl.col("finding")).max().alias("last"),
        )
        .sort("key", "at")
    )
    return totals.with_columns(
        pl.col("n").cum_sum().over("key"),
        pl.col("f").cum_sum().over("key"),
        pl.col("last").forward_fill().over("key"),
    ).sort("at")


def as_of_filing(rows: pl.DataFrame, outcomes: pl.DataFrame) -> pl.DataFrame:
    """The statistic columns of every row of ``rows`` (checked inputs), in row order, from the
    outcomes examined strictly before the row's ``filed_at``. A row without a filing time
    cannot be placed in time and knows nothing."""
    outcomes = check_outcomes(outcomes)
    keyed = rows.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
        "filed_at",
        *(key.alias(name) for name, key in STAT_KEYS.items()),
        pl.lit(_ALL).alias(_ALL),
    )
    dated = keyed.filter(pl.col("filed_at").is_not_null()).sort("filed_at")
    found = dated.select("_row")
    for name, key in [*STAT_KEYS.items(), (_ALL, pl.lit(_ALL))]:
        joined = dated.join_asof(
            _running(outcomes, key),
            left_on="filed_at",
            right_on="at",
            by_left=name,
            by_right="key",
            allow_exact_matches=False,
            check_sortedness=False,
        )
        prefix = "" if name == _ALL else name
        found = found.with_columns(
            joined["n"].fill_null(0.0).alias(f"{prefix}__n"),
            joined["f"].fill_null(0.0).alias(f"{prefix}__f"),
            *([] if name == _ALL else [joined["last"].alias(f"{prefix}__last")]),
        )
    everyone = keyed.select("_row").join(found, on="_row", how="left", maintain_order="left")
    return everyone.drop("_row").with_columns(pl.col("^.*__[nf]$").fill_null(0.0))


def _totals(outcomes: pl.DataFrame, key: pl.Expr) -> pl.DataFrame:
    """Totals per key: ``key``, ``n`` examinations, ``f`` findings, ``last`` finding time."""
    events = outcomes.select(key.alias("key"), pl.col("examined_at").alias("at"), "finding")
    return (
        events.drop_nulls("key")
        .group_by("key")
        .agg(
            pl.len().cast(pl.Float64).alias("n"),
            pl.col("finding").sum().cast(pl.Float64).alias("f"),
            pl.col("at").filter(pl.col("finding")).max().alias("last"),
        )
    )


@dataclass(frozen=True, slots=True)
class TargetTables:
    """The totals of every key over the outcomes examined before ``until``: one lookup table
    per key (``key``, ``n``, ``f``, ``last``) and the totals over all keys."""

    until: datetime | None
    tables: dict[str, pl.DataFrame]
    examinations: float
    findings: float

    @classmethod
    def build(cls, outcomes: pl.DataFrame, until: datetime | None = None) -> TargetTables:
        """The tables of ``outcomes`` examined strictly before ``until`` (all when None)."""
        known = check_outcomes(outcomes)
        if until is not None:
            known = known.filter(pl.col("examined_at") < until)
        tables = {name: _totals(known, key) for name, key in STAT_KEYS.items()}
        return cls(until, tables, float(known.height), float(known["finding"].sum()))

    def lookup(self, rows: pl.DataFrame) -> pl.DataFrame:
        """The statistic columns of every row of ``rows`` (checked inputs), in row order."""
        keyed = rows.select(*(key.alias(name) for name, key in STAT_KEYS.items()))
        columns: list[pl.Series] = []
        for name in STAT_KEYS:
            table = self.tables[name].rename({"key": name})
            joined = keyed.select(name).join(table, on=name, how="left", maintain_order="left")
            columns += [
                joined["n"].fill_null(0.0).alias(f"{name}__n"),
                joined["f"].fill_null(0.0).alias(f"{name}__f"),
                joined["last"].alias(f"{name}__last"),
            ]
        totals = [
            pl.repeat(self.examinations, rows.height, eager=True).alias("__n"),
            pl.repeat(self.findings, rows.height, eager=True).alias("__f"),
        ]
        return pl.DataFrame([*columns, *totals])
