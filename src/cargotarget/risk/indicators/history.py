"""History: the earlier consignment versions, with what was found when they were examined.

The store produces plain records (:class:`HistoryRecord`), or a frame of the same columns, one
per stored version of a consignment; :class:`History` folds names into party keys, cuts HS codes
to headings and chapters, and keeps the rows in filing order. Indicators that learn from history
only ever read rows filed strictly before the consignment they assess, so a history that also
holds later filings (as in a backtest) changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TypeVar, cast

import msgspec
import polars as pl

from cargotarget.risk.frame import Filing
from cargotarget.risk.indicators.inputs import TIME, indicator_frame
from cargotarget.risk.indicators.names import party_key, per_distinct


class HistoryRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One stored version of a consignment and the outcome of its examination, if any.

    Names are as filed; the HS code is the principal goods item's; ``description`` joins the
    descriptions of all goods items with "; "; ``container_count`` defaults to the number of
    container numbers. ``examined`` and ``finding`` are NULL when nothing was recorded,
    ``finding_at`` is when a finding was recorded (a finding without it is never used, as it
    cannot be placed in time). ``examined`` is kept for the record: no indicator reads it, as
    nothing says when the examination took place.
    """

    bill_number: str
    filed_at: datetime
    shipper_name: str | None = None
    consignee_name: str | None = None
    notify_name: str | None = None
    container_numbers: tuple[str, ...] = ()
    seals: tuple[str, ...] = ()
    description: str | None = None
    hs_code: str | None = None
    origin_country: str | None = None
    gross_weight_kg: float | None = None
    package_count: float | None = None
    container_count: float | None = None
    dangerous_goods: bool | None = None
    examined: bool | None = None
    finding: bool | None = None
    finding_at: datetime | None = None


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """What an examination of a consignment found, and when the finding was recorded."""

    examined: bool = True
    finding: bool = False
    finding_at: datetime | None = None


RECORD_SCHEMA = pl.Schema(
    {
        "bill_number": pl.String(),
        "filed_at": TIME,
        "shipper_name": pl.String(),
        "consignee_name": pl.String(),
        "notify_name": pl.String(),
        "container_numbers": pl.List(pl.String()),
        "seals": pl.List(pl.String()),
        "description": pl.String(),
        "hs_code": pl.String(),
        "origin_country": pl.String(),
        "gross_weight_kg": pl.Float64(),
        "package_count": pl.Float64(),
        "container_count": pl.Float64(),
        "dangerous_goods": pl.Boolean(),
        "examined": pl.Boolean(),
        "finding": pl.Boolean(),
        "finding_at": TIME,
    }
)
"""The columns of :class:`HistoryRecord`, for a store that hands over a frame directly."""

HISTORY_SCHEMA = pl.Schema(
    {
        "bill_number": pl.String(),
        "filed_at": TIME,
        "shipper_key": pl.String(),
        "consignee_key": pl.String(),
        "notify_key": pl.String(),
        "container_numbers": pl.List(pl.String()),
        "seals": pl.List(pl.String()),
        "description": pl.String(),
        "hs_heading": pl.String(),
        "hs_chapter": pl.String(),
        "origin_country": pl.String(),
        "gross_weight_kg": pl.Float64(),
        "package_count": pl.Float64(),
        "container_count": pl.Float64(),
        "dangerous_goods": pl.Boolean(),
        "examined": pl.Boolean(),
        "finding": pl.Boolean(),
        "finding_at": TIME,
    }
)
"""The rows of a :class:`History`, one per earlier consignment version, in filing order:
``bill_number`` (shared by the versions of a bill), ``filed_at`` (UTC), party keys of shipper,
consignee and notify party (see :func:`.names.party_key`), container numbers and seal
numbers, the description as filed, HS heading (4 digits) and chapter (2 digits) of the
principal goods item, origin country, gross weight (kg), package count, container count,
whether any goods item declared dangerous goods, and the examination outcome: ``examined``,
``finding`` and ``finding_at`` (NULL when nothing was recorded)."""

ORIGIN_COUNTS_SCHEMA = pl.Schema(
    {
        "bill_number": pl.String(),
        "filed_at": TIME,
        "origin_count": pl.Float64(),
        "chapter_count": pl.Float64(),
    }
)
"""What a store counted for bills being assessed (bill number and filing time): the other
bills first filed before from the same origin (``origin_count``), and of those the ones with
the same HS chapter (``chapter_count``). A history that holds only the rows a few bills can
reach carries these, since it leaves out most of an origin's trade; without them the counts
come from the rows."""

Derived = TypeVar("Derived")

FOUND = pl.col("finding").fill_null(False) & pl.col("finding_at").is_not_null()
"""History rows with a finding that can be placed in time."""
FINDING_AT = pl.max_horizontal("filed_at", "finding_at")
"""When a finding on a history row became known: never before its bill was filed."""


class History:
    """Earlier consignment versions in the form of :data:`HISTORY_SCHEMA`, and optionally
    :data:`ORIGIN_COUNTS_SCHEMA` counts. Immutable; tables derived from it (first filings per
    party, findings per container) are built once, on first use, and kept with it."""

    __slots__ = ("_derived", "origin_counts", "rows")

    def __init__(self, rows: pl.DataFrame, origin_counts: pl.DataFrame | None = None) -> None:
        if rows.schema != HISTORY_SCHEMA:
            raise ValueError(f"history rows must have the schema {dict(HISTORY_SCHEMA)}")
        if origin_counts is not None and origin_counts.schema != ORIGIN_COUNTS_SCHEMA:
            raise ValueError(f"origin counts must have the schema {dict(ORIGIN_COUNTS_SCHEMA)}")
        self.rows = rows
        self.origin_counts = origin_counts
        self._derived: dict[Callable[[History], object], object] = {}

    @classmethod
    def empty(cls) -> History:
        return cls(HISTORY_SCHEMA.to_frame())

    @classmethod
    def from_frame(cls, records: pl.DataFrame) -> History:
        """History from a frame with the columns of :data:`RECORD_SCHEMA`. Rows without a
        filing time are left out: they cannot be placed before anything."""
        missing = [name for name in RECORD_SCHEMA if name not in records.columns]
        if missing:
            raise ValueError(f"history records lack the columns {missing}")
        typed = records.select(pl.col(n).cast(t) for n, t in RECORD_SCHEMA.items())
        dated = typed.filter(pl.col("filed_at").is_not_null())
        return cls(normalise(dated.sort("filed_at", maintain_order=True)))

    @classmethod
    def from_records(cls, records: Iterable[HistoryRecord]) -> History:
        rows = [msgspec.structs.asdict(record) for record in records]
        return cls.from_frame(pl.DataFrame(rows, schema=RECORD_SCHEMA))

    @classmethod
    def from_filings(
        cls, items: Sequence[Filing], outcomes: Sequence[Outcome | None] | None = None
    ) -> History:
        """History of filed consignments, with the outcome of each (or none), in order."""
        return cls.from_frame(records_of(items, outcomes))

    def derived(self, build: Callable[[History], Derived]) -> Derived:
        """What ``build`` makes of this history (a table, events), built on first use and
        kept."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return cast(Derived, self._derived[build])

    def __len__(self) -> int:
        return self.rows.height


def first_versions(history: History) -> pl.DataFrame:
    """Each bill of ``history`` once, as first filed: what party histories, trade patterns
    and norms learn from, so that an amended bill does not count twice."""
    return history.rows.unique("bill_number", keep="first", maintain_order=True)


def _prefix(code: pl.Expr, digits: int) -> pl.Expr:
    return pl.when(code.str.len_chars() >= digits).then(code.str.head(digits))


def records_of(
    items: Sequence[Filing],
    outcomes: Sequence[Outcome | None] | None = None,
    frame: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Filed consignments, with the outcome of each (or none), as rows of
    :data:`RECORD_SCHEMA` in the order given; ``frame`` is their indicator frame when it has
    been built already."""
    found = list(outcomes) if outcomes is not None else [None] * len(items)
    if len(found) != len(items):
        raise ValueError("one outcome (or None) is needed per filing")
    frame = indicator_frame(items) if frame is None else frame
    containers = pl.col("containers")
    return frame.select(
        "bill_number",
        "filed_at",
        "shipper_name",
        "consignee_name",
        "notify_name",
        containers.list.eval(pl.element().struct.field("number")).alias("container_numbers"),
        containers.list.eval(pl.element().struct.field("seals").explode()).alias("seals"),
        "description",
        *(pl.col(n).cast(pl.String) for n in ("hs_code", "origin_country")),
        "gross_weight_kg",
        "package_count",
        "container_count",
        "dangerous_goods",
        examined=pl.Series([o.examined if o else None for o in found], dtype=pl.Boolean),
        finding=pl.Series([o.finding if o else None for o in found], dtype=pl.Boolean),
        finding_at=pl.Series([o.finding_at if o else None for o in found], dtype=TIME),
    ).select(pl.col(n).cast(t) for n, t in RECORD_SCHEMA.items())


def normalise(records: pl.DataFrame) -> pl.DataFrame:
    """Rows of :data:`RECORD_SCHEMA` as rows of :data:`HISTORY_SCHEMA`, in the same order:
    names folded into party keys, HS codes cut to headings and chapters."""
    rows = records
    keys = [
        per_distinct(rows, f"{role}_name", party_key).alias(f"{role}_key")
        for role in ("shipper", "consignee", "notify")
    ]
    hs = per_distinct(rows, "hs_code", lambda code: code.str.replace_all(r"[^0-9]", ""))
    count = pl.col("container_count").fill_null(pl.col("container_numbers").list.len())
    return rows.with_columns(*keys, hs.alias("hs_code")).select(
        "bill_number",
        "filed_at",
        *(key.name for key in keys),
        pl.col("container_numbers").fill_null([]),
        pl.col("seals").fill_null([]),
        "description",
        pl.when(pl.col("hs_code").str.len_chars() >= 4)
        .then(pl.col("hs_code").str.head(4))
        .alias("hs_heading"),
        pl.when(pl.col("hs_code").str.len_chars() >= 2)
        .then(pl.col("hs_code").str.head(2))
        .alias("hs_chapter"),
        "origin_country",
        "gross_weight_kg",
        "package_count",
        count.cast(pl.Float64).alias("container_count"),
        "dangerous_goods",
        "examined",
        "finding",
        "finding_at",
    )
