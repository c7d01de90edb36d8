"""Coverage and timeliness of the data filed, per provider, per port and overall.

All figures are Polars aggregations over the frames of :mod:`timeliness_frames`; nothing here
walks the rows in Python. Definitions (docs/timeliness.md states them for the reader):

- *consignments*: distinct consignments with a version received in the period; *filings* the
  original versions (version 1), *amendments* the later ones.
- *rejection rate*: (messages refused whole + consignments quarantined) / (consignment versions
  accepted + consignments quarantined + messages refused whole). A rejection is known per
  provider only: what was refused cannot be trusted to say where it was going.
- *lead time*: hours from receipt of the original filing to the voyage's departure (before
  loading) and arrival; median and 10th percentile (linear interpolation). Negative when
  filed after the moment.
- *on time*: original filings received by the deadline of :class:`FilingRule`; the share is
  of the filings that have a deadline (``measured``).
- *amendments after the deadline*, *masters without houses* (and the voyages they are on) and
  *notices without a manifest* by their due time, as counts.
"""

from __future__ import annotations

import msgspec
import polars as pl

from cargotarget.reports.deadlines import FilingRule

ALL = "all"
"""The key of the overall row."""
UNKNOWN = "(none)"
"""The key of filings with no port of discharge."""

_HOUR = 3600.0


class Figures(msgspec.Struct, frozen=True, kw_only=True):
    """The figures of one provider, one port, or of everything (``key`` ``all``)."""

    key: str
    messages: int
    consignments: int
    filings: int
    amendments: int
    rejected_messages: int | None
    quarantined_consignments: int | None
    rejection_rate: float | None
    lead_before_loading_median_hours: float | None
    lead_before_loading_p10_hours: float | None
    lead_before_arrival_median_hours: float | None
    lead_before_arrival_p10_hours: float | None
    measured: int
    on_time: int
    on_time_share: float | None
    late_filings: int
    amendments_after_deadline: int
    masters_without_houses: int
    voyages_missing_houses: int
    notices_without_manifest: int


def _hours(until: str) -> pl.Expr:
    return (pl.col(until) - pl.col("received_at")).dt.total_seconds() / _HOUR


def _filing_figures(filings: pl.DataFrame, rule: FilingRule) -> pl.DataFrame:
    original = pl.col("version") == 1
    late = pl.col("received_at") > pl.col("deadline")
    # Per-row flags and lead times first (leads only of original filings), so that the
    # aggregation reads plain columns.
    rows = filings.with_columns(rule.deadline()).select(
        "key",
        "raw_message_id",
        "consignment_id",
        original.alias("_original"),
        pl.when(original).then(_hours("departure_at")).alias("_loading"),
        pl.when(original).then(_hours("arrival_at")).alias("_arrival"),
        (original & pl.col("deadline").is_not_null()).alias("_measured"),
        (original & late).fill_null(False).alias("_late"),
        (~original & late).fill_null(False).alias("_late_amendment"),
    )
    loading, arrival = pl.col("_loading"), pl.col("_arrival")
    return rows.group_by("key").agg(
        pl.col("raw_message_id").n_unique().alias("messages_filed"),
        pl.col("consignment_id").n_unique().alias("consignments"),
        pl.col("_original").sum().alias("filings"),
        (~pl.col("_original")).sum().alias("amendments"),
        loading.median().alias("lead_before_loading_median_hours"),
        loading.quantile(0.1, "linear").alias("lead_before_loading_p10_hours"),
        arrival.median().alias("lead_before_arrival_median_hours"),
        arrival.quantile(0.1, "linear").alias("lead_before_arrival_p10_hours"),
        pl.col("_measured").sum().alias("measured"),
        (pl.col("_measured") & ~pl.col("_late")).sum().alias("on_time"),
        pl.col("_late").sum().alias("late_filings"),
        pl.col("_late_amendment").sum().alias("amendments_after_deadline"),
    )


def _count_figures(counts: pl.DataFrame) -> pl.DataFrame:
    wide = counts.group_by("key").agg(
        pl.col("count").filter(pl.col("kind") == kind).sum().alias(kind)
        for kind in ("message", "rejected_message", "quarantined_consignment")
    )
    return wide.rename(
        {"rejected_message": "rejected_messages", "quarantined_consignment": "quarantined"}
    )


def _gap_figures(masters: pl.DataFrame, notices: pl.DataFrame) -> pl.DataFrame:
    houses = masters.group_by("key").agg(
        pl.len().alias("masters_without_houses"),
        pl.col("voyage_id").n_unique().alias("voyages_missing_houses"),
    )
    missing = notices.filter(~pl.col("manifest_by_due").fill_null(False))
    announced = missing.group_by("key").agg(pl.len().alias("notices_without_manifest"))
    return houses.join(announced, on="key", how="full", coalesce=True)


def _keyed(frame: pl.DataFrame, by: str | None) -> pl.DataFrame:
    """``frame`` with the column ``key``: the grouping column, or :data:`ALL`."""
    if by is None:
        return frame.with_columns(pl.lit(ALL).alias("key"))
    return frame.with_columns(pl.col(by).fill_null(UNKNOWN).alias("key"))


def figures_by(
    by: str | None,
    rule: FilingRule,
    *,
    filings: pl.DataFrame,
    counts: pl.DataFrame | None,
    masters: pl.DataFrame,
    notices: pl.DataFrame,
) -> list[Figures]:
    """The figures per value of column ``by`` (``provider`` or ``port``; None: overall), in
    order of key. ``counts`` is None when messages and rejections cannot be attributed (per
    port, or when the figures are limited to ports): messages are then counted from filings
    and the rejection figures are unknown."""
    merged = _filing_figures(_keyed(filings, by), rule).join(
        _gap_figures(_keyed(masters, by), _keyed(notices, by)), on="key", how="full", coalesce=True
    )
    if counts is not None:
        merged = merged.join(
            _count_figures(_keyed(counts, by)), on="key", how="full", coalesce=True
        )
    if by is None and merged.is_empty():
        merged = pl.DataFrame({"key": [ALL]}).join(merged, on="key", how="left")
    return msgspec.convert(_finish(merged, counts is not None).to_dicts(), list[Figures])


def _finish(merged: pl.DataFrame, attributed: bool) -> pl.DataFrame:
    zero = [
        "messages_filed", "consignments", "filings", "amendments", "measured", "on_time",
        "late_filings", "amendments_after_deadline", "masters_without_houses",
        "voyages_missing_houses", "notices_without_manifest",
    ]  # fmt: skip
    for name in [*zero, "message", "rejected_messages", "quarantined"]:
        if name not in merged.columns:
            merged = merged.with_columns(pl.lit(None, pl.Int64).alias(name))
    merged = merged.with_columns(pl.col(zero).fill_null(0))
    share = pl.when(pl.col("measured") > 0).then(pl.col("on_time") / pl.col("measured"))
    if not attributed:
        return merged.with_columns(
            pl.col("messages_filed").alias("messages"),
            share.alias("on_time_share"),
            pl.lit(None, pl.Float64).alias("rejection_rate"),
            pl.lit(None, pl.Int64).alias("quarantined_consignments"),
        ).sort("key")
    refused = pl.col("rejected_messages").fill_null(0) + pl.col("quarantined").fill_null(0)
    received = pl.col("filings") + pl.col("amendments") + refused
    return merged.with_columns(
        pl.col("message").fill_null(0).alias("messages"),
        pl.col("rejected_messages").fill_null(0),
        pl.col("quarantined").fill_null(0).alias("quarantined_consignments"),
        share.alias("on_time_share"),
        pl.when(received > 0).then(refused / received).alias("rejection_rate"),
    ).sort("key")
