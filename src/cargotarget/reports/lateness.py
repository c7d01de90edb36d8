"""Which filings came late, and how lead times spread: the lists and the histogram of the
timeliness page, from the same frames as the figures."""

from __future__ import annotations

from datetime import datetime

import msgspec
import polars as pl

from cargotarget.reports.deadlines import FilingRule

#: Edges (hours before loading) of the lead-time histogram; the first bin is "after loading".
LEAD_EDGES: tuple[float, ...] = (0, 6, 12, 24, 48, 72, 168)


class LateFiling(msgspec.Struct, frozen=True, kw_only=True):
    """An original filing or an amendment received after its deadline."""

    kind: str  # filing | amendment
    consignment_id: int
    bill_number: str
    version: int
    provider: str
    port: str | None
    voyage_id: int
    voyage_number: str
    received_at: datetime
    deadline: datetime
    hours_late: float


class Bin(msgspec.Struct, frozen=True, kw_only=True):
    """One bar of the histogram: filings received ``low`` to ``high`` hours before loading
    (None: unbounded)."""

    label: str
    low: float | None
    high: float | None
    count: int


def late_filings(filings: pl.DataFrame, rule: FilingRule, *, limit: int) -> list[LateFiling]:
    """The ``limit`` most recent filings and amendments received after their deadline."""
    late = (
        filings.with_columns(rule.deadline())
        .filter(pl.col("received_at") > pl.col("deadline"))
        .with_columns(
            pl.when(pl.col("version") == 1).then(pl.lit("filing")).otherwise(pl.lit("amendment"))
            .alias("kind"),
            ((pl.col("received_at") - pl.col("deadline")).dt.total_seconds() / 3600.0)
            .alias("hours_late"),
        )
        # The newest few without sorting every late row: top_k, then those few in order.
        .top_k(limit, by=["received_at", "consignment_id", "version"])
        .sort(["received_at", "consignment_id", "version"], descending=True)
    )  # fmt: skip
    return msgspec.convert(late.to_dicts(), list[LateFiling])


def _label(low: float | None, high: float | None) -> str:
    if low is None:
        return "after loading"
    if high is None:
        return f"{low:g} h or more"
    return f"{low:g}-{high:g} h"


def lead_histogram(filings: pl.DataFrame) -> list[Bin]:
    """Original filings with a departure, counted by hours before loading in the bins of
    :data:`LEAD_EDGES` (every bin listed, empty ones too)."""
    hours = (pl.col("departure_at") - pl.col("received_at")).dt.total_seconds() / 3600.0
    measured = filings.filter((pl.col("version") == 1) & pl.col("departure_at").is_not_null())
    # The bin of h is the number of edges at or below it: edges[i-1] <= h < edges[i].
    edges = pl.lit(pl.Series(LEAD_EDGES, dtype=pl.Float64))
    index = measured.select(edges.search_sorted(hours, side="right").alias("bin")).get_column("bin")
    counts = dict(index.value_counts().iter_rows())
    lows: list[float | None] = [None, *LEAD_EDGES]
    highs: list[float | None] = [*LEAD_EDGES, None]
    return [
        Bin(label=_label(low, high), low=low, high=high, count=int(counts.get(i, 0)))
        for i, (low, high) in enumerate(zip(lows, highs, strict=True))
    ]
