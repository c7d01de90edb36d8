"""History rows: written once per consignment version, read whole or for a few bills.

A re-assessment reads only the rows that can matter to the bills it assesses (see
:class:`HistoryScope`), so its cost grows with the history of those bills' parties, containers,
HS headings and origins, not with everything ever stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CompoundSelect, Connection, Select, func, select, union

from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import history_row
from cargotarget.store.bulk import insert_rows

HISTORY_COLUMNS = tuple(c.name for c in history_row.columns)
"""The columns of a history row, in the order :func:`save_history_rows` takes them."""
NARROW_COLUMNS = ("version_id", "consignment_id", "bill_number", "filed_at_us")
ORIGIN_COLUMNS = ("origin_country", "hs_chapter")
SEPARATOR = "\x1f"
"""Joins the container and seal numbers of a row."""


@dataclass(frozen=True)
class HistoryScope:
    """What the bills being assessed share with earlier ones. Rows of bills that share a bill
    number, shipper or consignee key, HS heading or container are read whole (every version);
    rows of bills that share only an origin country are read narrow: their bill number, time,
    origin and HS chapter, all an origin's trade pattern is learned from."""

    bills: frozenset[str] = frozenset()
    shipper_keys: frozenset[str] = frozenset()
    consignee_keys: frozenset[str] = frozenset()
    headings: frozenset[str] = frozenset()
    containers: frozenset[str] = frozenset()
    origins: frozenset[str] = frozenset()


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
    """Store history rows, each a tuple in the order of :data:`HISTORY_COLUMNS`."""
    insert_rows(conn, history_row, HISTORY_COLUMNS, rows)


def history_rows(conn: Connection, scope: HistoryScope | None = None) -> HistoryRows:
    """Every dated history row, or the whole rows of the bills ``scope`` reaches."""
    if scope is None:
        return _read(conn, select(history_row), HISTORY_COLUMNS)
    bills = _matching_bills(scope)
    if bills is None:
        return HistoryRows(HISTORY_COLUMNS, [])
    return _read(
        conn, select(history_row).where(history_row.c.bill_number.in_(bills)), HISTORY_COLUMNS
    )


def origin_rows(conn: Connection, origins: Sequence[str]) -> HistoryRows:
    """The narrow rows (:data:`NARROW_COLUMNS` and :data:`ORIGIN_COLUMNS`) of every version
    of the bills that came from ``origins`` in any version."""
    h = history_row.c
    columns = NARROW_COLUMNS + ORIGIN_COLUMNS
    if not origins:
        return HistoryRows(columns, [])
    bills = select(h.bill_number).where(h.origin_country.in_(sorted(origins)))
    query = select(*(h[c] for c in columns)).where(h.bill_number.in_(bills))
    return _read(conn, query, columns)


def _matching_bills(scope: HistoryScope) -> Select[Any] | CompoundSelect[Any] | None:
    h = history_row.c
    parts: list[Select[Any]] = [
        select(h.bill_number).where(column.in_(sorted(values)))
        for column, values in (
            (h.bill_number, scope.bills),
            (h.shipper_key, scope.shipper_keys),
            (h.consignee_key, scope.consignee_keys),
            (h.hs_heading, scope.headings),
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


def _read(conn: Connection, query: Select[Any], columns: tuple[str, ...]) -> HistoryRows:
    h = history_row.c
    ordered = query.where(h.filed_at_us.is_not(None)).order_by(h.filed_at_us, h.version_id)
    return HistoryRows(columns, [tuple(row) for row in conn.execute(ordered)])
