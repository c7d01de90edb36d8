"""What the indicators learn from: the stored filings and examination outcomes as a
:class:`History`, and the indicator frame of the consignments being assessed.

Every stored version gets a compact history row once (:func:`record_history`); an assessment
of a few bills then reads only the rows their parties and containers reach and the first filings
of their HS headings, and has the store count what their origins traded before
(:func:`history_for`), which gives the indicators exactly what the whole history would.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from sqlalchemy import Connection

from cargotarget.risk.fields import Catalogue
from cargotarget.risk.frame import Filing, conform
from cargotarget.risk.indicators.config import IndicatorConfig
from cargotarget.risk.indicators.history import (
    HISTORY_SCHEMA,
    ORIGIN_COUNTS_SCHEMA,
    History,
    Outcome,
    normalise,
    records_of,
)
from cargotarget.risk.indicators.inputs import TIME, indicator_frame
from cargotarget.risk.indicators.registry import compute_indicators
from cargotarget.store.assessments import Examined, StoredFiling, examinations, stored_filings
from cargotarget.store.history import (
    HISTORY_COLUMNS,
    SEPARATOR,
    HistoryRows,
    HistoryScope,
    heading_rows,
    history_rows,
    origin_counts,
    save_history_rows,
    unrecorded_count,
    versions_without_history,
)

SCOPED_LIMIT = 500
"""Batches of at most this many bills read only the history rows they can reach; larger
batches read them all."""


def as_filing(stored: StoredFiling) -> Filing:
    return Filing(
        consignment=stored.consignment,
        voyage=stored.voyage,
        flow=stored.flow,
        filed_at=stored.filed_at,
        amendment_count=stored.version - 1,
    )


def load_history(conn: Connection) -> tuple[list[StoredFiling], History]:
    """Every stored version (oldest first) and the history the indicators learn from."""
    everything = stored_filings(conn)
    return everything, history_of(everything, examinations(conn))


def history_of(everything: Sequence[StoredFiling], exams: Sequence[Examined]) -> History:
    """Every stored version, with the examination outcome of its consignment where known."""
    outcomes = _outcomes(exams)
    return History.from_filings(
        [as_filing(s) for s in everything], [outcomes.get(s.consignment_id) for s in everything]
    )


def filing_frame(target: Sequence[StoredFiling], catalogue: Catalogue) -> pl.DataFrame:
    """The indicator frame of ``target``: its rule fields and the indicators' inputs."""
    return indicator_frame([as_filing(s) for s in target], catalogue)


def record_history(
    conn: Connection, target: Sequence[StoredFiling], frame: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Write the history rows of ``target`` (whose :func:`filing_frame` is ``frame``, when
    built already) and of every other stored version without one; returns the rows of
    ``target``.

    Versions without a row are, as a rule, the target and earlier versions of its
    consignments that were replaced before they were assessed; when two counts show others
    (a store that predates history rows), every stored version is looked at."""
    missing = set(versions_without_history(conn, [s.consignment_id for s in target]))
    if unrecorded_count(conn) != len(missing):
        missing = set(versions_without_history(conn))
    given = {s.version_id for s in target}
    others = stored_filings(conn, sorted(missing - given))
    rows = _history_rows(target, frame)
    if others:
        rows = pl.concat([rows, _history_rows(others)])
    save_history_rows(conn, rows.filter(pl.col("version_id").is_in(missing)).rows())
    return rows.head(len(target))


def history_for(conn: Connection, target: pl.DataFrame) -> History:
    """The stored history (rows recorded by :func:`record_history`) with examination
    outcomes: all of it, or for a small batch (``target``: its history rows, as
    :func:`record_history` returns them) the rows its bills can reach, with what their origins
    traded before counted by the store."""
    counts = None
    if target.height > SCOPED_LIMIT:
        rows = _frame(history_rows(conn))
    else:
        whole = _frame(history_rows(conn, _scope(target)))
        headings = [h for h in target["hs_heading"].unique().to_list() if h]
        first = _frame(heading_rows(conn, headings)).join(whole, on="bill_number", how="anti")
        rows = pl.concat([whole, first], how="diagonal_relaxed").sort(
            "filed_at", "version_id", maintain_order=True
        )
        counts = _origin_counts(conn, target)
    return _history(conn, rows, counts)


def stored_history(conn: Connection) -> History:
    """The whole history without writing anything (for read-only work such as back-tests):
    the stored rows, and rows made on the spot for versions that have none yet."""
    rows = _frame(history_rows(conn))
    if unrecorded_count(conn):
        made = _history_rows(stored_filings(conn, versions_without_history(conn)))
        dated = _unpacked(made).filter(pl.col("filed_at").is_not_null())
        rows = pl.concat([rows, dated]).sort("filed_at", "version_id", maintain_order=True)
    return _history(conn, rows, None)


def _history(conn: Connection, rows: pl.DataFrame, counts: pl.DataFrame | None) -> History:
    """``rows`` (from :func:`_frame`) with the examination outcome of each consignment."""
    found = _outcome_frame(_outcomes(examinations(conn)))
    joined = rows.join(found, on="consignment_id", how="left", maintain_order="left")
    typed = joined.select(
        (pl.col(n) if n in joined.columns else pl.lit(None)).cast(t).alias(n)
        for n, t in HISTORY_SCHEMA.items()
    )
    return History(
        typed.with_columns(pl.col(n).fill_null([]) for n in ("container_numbers", "seals")),
        origin_counts=counts,
    )


def _origin_counts(conn: Connection, target: pl.DataFrame) -> pl.DataFrame:
    asked = target.select("bill_number", "filed_at_us", "origin_country", "hs_chapter")
    asked = asked.drop_nulls(["filed_at_us", "origin_country"])
    counted = origin_counts(conn, asked.rows())
    return pl.DataFrame(
        {
            "bill_number": asked["bill_number"],
            "filed_at": pl.from_epoch(asked["filed_at_us"], time_unit="us").dt.replace_time_zone(
                "UTC"
            ),
            "origin_count": [float(total) for total, _ in counted],
            "chapter_count": [None if same is None else float(same) for _, same in counted],
        },
        schema=ORIGIN_COUNTS_SCHEMA,
    )


def indicator_values(
    frame: pl.DataFrame, history: History, catalogue: Catalogue, config: IndicatorConfig
) -> pl.DataFrame:
    """The rule frame of the consignments of ``frame`` (their :func:`filing_frame`): their
    fields and every indicator, learned from ``history``."""
    return conform(compute_indicators(frame, history, config), catalogue)


def _outcomes(exams: Sequence[Examined]) -> dict[int, Outcome]:
    """The outcome per consignment: a finding outweighs examinations that found nothing."""
    outcomes: dict[int, Outcome] = {}
    for exam in exams:
        known = outcomes.get(exam.consignment_id)
        if known is None or not known.finding:
            outcomes[exam.consignment_id] = Outcome(
                finding=exam.finding, finding_at=exam.examined_at
            )
    return outcomes


def _outcome_frame(outcomes: dict[int, Outcome]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "consignment_id": list(outcomes),
            "examined": [o.examined for o in outcomes.values()],
            "finding": [o.finding for o in outcomes.values()],
            "finding_at": [o.finding_at for o in outcomes.values()],
        },
        schema={
            "consignment_id": pl.Int64,
            "examined": pl.Boolean,
            "finding": pl.Boolean,
            "finding_at": TIME,
        },
    )


def _history_rows(
    filings: Sequence[StoredFiling], frame: pl.DataFrame | None = None
) -> pl.DataFrame:
    """History rows of ``filings`` with the columns of the stored table, in their order."""
    rows = normalise(records_of([as_filing(s) for s in filings], frame=frame))
    return rows.with_columns(
        pl.Series("version_id", [s.version_id for s in filings], dtype=pl.Int64),
        pl.Series("consignment_id", [s.consignment_id for s in filings], dtype=pl.Int64),
        pl.col("filed_at").dt.epoch("us").alias("filed_at_us"),
        pl.col("container_numbers").list.join(SEPARATOR).alias("containers"),
        pl.col("seals").list.join(SEPARATOR),
    ).select(HISTORY_COLUMNS)


def _scope(rows: pl.DataFrame) -> HistoryScope:
    def values(column: str) -> frozenset[str]:
        return frozenset(v for v in rows[column].to_list() if v)

    return HistoryScope(
        bills=values("bill_number"),
        shipper_keys=values("shipper_key"),
        consignee_keys=values("consignee_key"),
        containers=frozenset(
            n for v in rows["containers"].to_list() for n in v.split(SEPARATOR) if n
        ),
    )


_STORED = {
    **dict.fromkeys(HISTORY_COLUMNS, pl.String()),
    **dict.fromkeys(("version_id", "consignment_id", "filed_at_us"), pl.Int64()),
    **dict.fromkeys(("gross_weight_kg", "package_count", "container_count"), pl.Float64()),
    "dangerous_goods": pl.Boolean(),
}


def _frame(found: HistoryRows) -> pl.DataFrame:
    """Stored history rows as a frame of :data:`HISTORY_SCHEMA` columns (plus the ids)."""
    schema = {name: _STORED[name] for name in found.columns}
    return _unpacked(pl.DataFrame(found.rows, schema=schema, orient="row"))


def _unpacked(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns in their stored form (time in microseconds, numbers joined) in the form of
    :data:`HISTORY_SCHEMA`."""
    schema = frame.schema
    filed = pl.from_epoch("filed_at_us", time_unit="us").dt.replace_time_zone("UTC")
    lists = [
        _numbers(stored).alias(name)
        for stored, name in (("containers", "container_numbers"), ("seals", "seals"))
        if stored in schema
    ]
    dropped = [name for name in ("filed_at_us", "containers") if name in schema]
    return frame.with_columns(filed.alias("filed_at"), *lists).drop(dropped)


def _numbers(joined: str) -> pl.Expr:
    column = pl.col(joined)
    return (
        pl.when(column == "")
        .then(pl.lit([], pl.List(pl.String)))
        .otherwise(column.str.split(SEPARATOR))
    )
