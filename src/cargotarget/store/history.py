"""History rows: written once per consignment version, read whole or for a few bills.

A re-assessment reads only the rows that can matter to the bills it assesses (see
:class:`HistoryScope`), the first filings of their HS headings and counts of what their origins
shipped before (from ``bill_first``), so its cost grows with the history of those bills, not
with everything ever stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Select,
    bindparam,
    func,
    select,
    union,
    update,
)

from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import bill_first, history_row
from cargotarget.store.bulk import insert_rows

HISTORY_COLUMNS = tuple(c.name for c in history_row.columns)
"""The columns of a history row, in the order :func:`save_history_rows` takes them."""
_FIRST = (
    "bill_number", "version_id", "filed_at_us", "origin_country", "hs_chapter", "hs_heading",
    "gross_weight_kg", "package_count", "container_count", "dangerous_goods",
)  # fmt: skip
HEADING_COLUMNS = (
    "version_id", "bill_number", "filed_at_us", "hs_heading", "gross_weight_kg",
    "package_count", "container_count", "dangerous_goods",
)  # fmt: skip
"""The columns of :func:`heading_rows`."""
SEPARATOR = "\x1f"
"""Joins the container and seal numbers of a row."""


@dataclass(frozen=True)
class HistoryScope:
    """What the bills being assessed share with earlier ones: the rows (every version) of the
    bills that share a bill number, shipper or consignee key or container are read. The first
    filings of an HS heading are read from ``bill_first`` (:func:`heading_rows`), and what an
    origin traded before is counted there (:func:`origin_counts`)."""

    bills: frozenset[str] = frozenset()
    shipper_keys: frozenset[str] = frozenset()
    consignee_keys: frozenset[str] = frozenset()
    containers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HistoryRows:
    """Rows as column tuples in the order of their column names, ordered by filing time and
    version."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def versions_without_history(
    conn: Connection, consignments: Sequence[int] | None = None
) -> list[int]:
    """Stored consignment versions (of ``consignments``, or all) that have no history row."""
    v, h = t.consignment_version.c, history_row.c
    query = (
        select(v.id)
        .outerjoin(history_row, h.version_id == v.id)
        .where(h.version_id.is_(None))
        .order_by(v.id)
    )
    if consignments is not None:
        query = query.where(v.consignment_id.in_(sorted(set(consignments))))
    return [int(i) for i in conn.execute(query).scalars()]


def unrecorded_count(conn: Connection) -> int:
    """How many stored versions have no history row (from two counts, without a join)."""
    versions = conn.execute(select(func.count()).select_from(t.consignment_version)).scalar_one()
    rows = conn.execute(select(func.count()).select_from(history_row)).scalar_one()
    return int(versions) - int(rows)


def save_history_rows(conn: Connection, rows: list[tuple[Any, ...]]) -> None:
    """Store history rows, each a tuple in the order of :data:`HISTORY_COLUMNS`, and keep the
    first filing of each bill (the earliest in time, then in version) up to date."""
    insert_rows(conn, history_row, HISTORY_COLUMNS, rows)
    at = {name: HISTORY_COLUMNS.index(name) for name in _FIRST}
    earliest: dict[str, tuple[Any, ...]] = {}
    for row in rows:
        if row[at["filed_at_us"]] is None:
            continue
        first = tuple(row[at[name]] for name in _FIRST)
        known = earliest.get(first[0])
        if known is None or _order(first) < _order(known):
            earliest[first[0]] = first
    stored = _stored_firsts(conn, sorted(earliest))
    new = [row for bill, row in earliest.items() if bill not in stored]
    earlier = [
        row for bill, row in earliest.items() if bill in stored and _order(row) < stored[bill]
    ]
    insert_rows(conn, bill_first, _FIRST, new)
    if earlier:
        f = bill_first.c
        conn.execute(
            update(bill_first)
            .where(f.bill_number == bindparam("bill"))
            .values({name: bindparam(f"new_{name}") for name in _FIRST[1:]}),
            [
                {
                    "bill": row[0],
                    **{f"new_{n}": v for n, v in zip(_FIRST[1:], row[1:], strict=True)},
                }
                for row in earlier
            ],
        )


def _order(first: tuple[Any, ...]) -> tuple[int, int]:
    """(filing time, version) of a ``bill_first`` row (in the order of ``_FIRST``): the
    earliest is the bill's first filing."""
    return first[2], first[1]


def heading_rows(conn: Connection, headings: Sequence[str]) -> HistoryRows:
    """The first filing of every bill of ``headings`` (:data:`HEADING_COLUMNS`), in time."""
    f = bill_first.c
    if not headings:
        return HistoryRows(HEADING_COLUMNS, [])
    query = (
        select(*(f[name] for name in HEADING_COLUMNS))
        .where(f.hs_heading.in_(sorted(headings)))
        .order_by(f.filed_at_us, f.version_id)
    )
    return HistoryRows(HEADING_COLUMNS, [tuple(row) for row in conn.execute(query)])


def origin_counts(
    conn: Connection, asked: Sequence[tuple[str, int, str, str | None]]
) -> list[tuple[int, int | None]]:
    """For each (bill number, filing time in microseconds, origin country, HS chapter): how
    many other bills from that origin were first filed before that time, and how many of them
    with that HS chapter (None without a chapter)."""
    f = bill_first.c
    overall = select(func.count()).where(
        f.origin_country == bindparam("origin"),
        f.filed_at_us < bindparam("before"),
        f.bill_number != bindparam("bill"),
    )
    of_chapter = overall.where(f.hs_chapter == bindparam("chapter"))
    counted: list[tuple[int, int | None]] = []
    for bill, before, origin, chapter in asked:
        given = {"origin": origin, "before": before, "bill": bill}
        total = conn.execute(overall, given).scalar_one()
        same = None
        if chapter is not None:
            same = conn.execute(of_chapter, {**given, "chapter": chapter}).scalar_one()
        counted.append((int(total), None if same is None else int(same)))
    return counted


def _stored_firsts(conn: Connection, bills: Sequence[str]) -> dict[str, tuple[int, int]]:
    """The (filing time, version) of the stored first filing of each of ``bills`` known."""
    f = bill_first.c
    found: dict[str, tuple[int, int]] = {}
    for start in range(0, len(bills), 500):
        query = select(f.bill_number, f.filed_at_us, f.version_id).where(
            f.bill_number.in_(bills[start : start + 500])
        )
        found.update({bill: (at, vid) for bill, at, vid in conn.execute(query)})
    return found


def history_rows(conn: Connection, scope: HistoryScope | None = None) -> HistoryRows:
    """Every dated history row, or the whole rows of the bills ``scope`` reaches."""
    if scope is None:
        return _read(conn, select(history_row))
    bills = _matching_bills(scope)
    if bills is None:
        return HistoryRows(HISTORY_COLUMNS, [])
    return _read(conn, select(history_row).where(history_row.c.bill_number.in_(bills)))


def _matching_bills(scope: HistoryScope) -> Select[Any] | CompoundSelect[Any] | None:
    h = history_row.c
    parts: list[Select[Any]] = [
        select(h.bill_number).where(column.in_(sorted(values)))
        for column, values in (
            (h.bill_number, scope.bills),
            (h.shipper_key, scope.shipper_keys),
            (h.consignee_key, scope.consignee_keys),
        )
        if values
    ]
    if scope.containers:
        c = t.container.c
        parts.append(
            select(h.bill_number)
            .join(t.container, c.version_id == h.version_id)
            .where(c.number.in_(sorted(scope.containers)))
        )
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else union(*parts)


def _read(conn: Connection, query: Select[Any]) -> HistoryRows:
    """The dated rows ``query`` selects from ``history_row``, in time."""
    h = history_row.c
    ordered = query.where(h.filed_at_us.is_not(None)).order_by(h.filed_at_us, h.version_id)
    return HistoryRows(HISTORY_COLUMNS, [tuple(row) for row in conn.execute(ordered)])
