"""The inputs of the timeliness figures as Polars frames, built from rows the store reads.

Each frame has a fixed schema, so that an empty period gives empty frames of the right types
rather than frames whose columns Polars could not infer. Times are UTC whatever the database
handed back (SQLite: naive; PostgreSQL: aware).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from cargotarget.reports.deadlines import TIME

FILINGS = pl.Schema(
    {
        "consignment_id": pl.Int64(),
        "raw_message_id": pl.Int64(),
        "provider": pl.String(),
        "port": pl.String(),
        "mode": pl.String(),
        "bill_number": pl.String(),
        "voyage_id": pl.Int64(),
        "voyage_number": pl.String(),
        "version": pl.Int64(),
        "received_at": TIME,
        "departure_at": TIME,
        "arrival_at": TIME,
    }
)
"""One row per consignment version received in the period: who filed it (``provider``), the
port of discharge (``port``), the voyage's mode and schedule, and when the version arrived.
Version 1 is the original filing; later versions are amendments."""

COUNTS = pl.Schema({"provider": pl.String(), "kind": pl.String(), "count": pl.Int64()})
"""Counts per provider, already grouped by the database: ``kind`` is ``message`` (messages
received), ``rejected_message`` (a message refused whole) or ``quarantined_consignment``."""

MASTERS = pl.Schema(
    {
        "consignment_id": pl.Int64(),
        "provider": pl.String(),
        "port": pl.String(),
        "bill_number": pl.String(),
        "voyage_id": pl.Int64(),
        "voyage_number": pl.String(),
        "first_seen_at": TIME,
    }
)
"""Master bills with no house bill filed under them on their voyage."""

NOTICES = pl.Schema(
    {
        "notice_id": pl.Int64(),
        "provider": pl.String(),
        "port": pl.String(),
        "carrier_code": pl.String(),
        "mode": pl.String(),
        "voyage_number": pl.String(),
        "due_at": TIME,
        "manifest_by_due": pl.Boolean(),
    }
)
"""Voyage notices whose manifest was due in the period, and whether one came by then."""


def frame(rows: Sequence[Sequence[Any]], schema: pl.Schema) -> pl.DataFrame:
    """``rows`` (tuples in the schema's column order) as a frame of ``schema``."""
    raw = pl.DataFrame(
        [list(row) for row in rows] or None,
        schema=list(schema.names()),
        orient="row",
        infer_schema_length=None,
    )
    return raw.select(_column(raw, name, kind) for name, kind in schema.items())


def _column(raw: pl.DataFrame, name: str, kind: pl.DataType) -> pl.Expr:
    column = pl.col(name)
    found = raw.schema[name]
    if isinstance(kind, pl.Datetime) and isinstance(found, pl.Datetime):
        if found.time_zone is None:
            return column.dt.cast_time_unit("us").dt.replace_time_zone("UTC")
        return column.dt.cast_time_unit("us").dt.convert_time_zone("UTC")
    return column.cast(kind)


def relabelled(frame: pl.DataFrame, codes: dict[str, str]) -> pl.DataFrame:
    """``frame`` with each filer name in ``provider`` replaced by the code of the registered
    provider it stands for (``codes``), so that a provider's accounts count as one."""
    return frame.with_columns(pl.col("provider").replace(codes)) if codes else frame
