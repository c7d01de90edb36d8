"""Fast bulk writes: id reservation and driver-level executemany.

Reserving ids lets a batch of consignments and their versions be written with plain
``executemany`` (no RETURNING round trips, no second pass to link heads and versions).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select, text


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` new primary keys for ``table``.

    PostgreSQL takes them from the table's sequence. SQLite continues after the largest id; this
    is safe because the caller has already written in this transaction, so it holds SQLite's
    single write lock until it commits.
    """
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return [int(i) for i in conn.execute(query, {"table": table.name, "n": count}).scalars()]
    last = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(int(last) + 1, int(last) + 1 + count))


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, plain values: no datetimes) with the driver's
    own executemany, skipping SQLAlchemy's per-row processing."""
    if not rows:
        return
    columns = list(rows[0])
    compiled = (
        insert(table)
        .values({name: bindparam(name) for name in columns})
        .compile(dialect=conn.dialect)
    )
    order = compiled.positiontup
    params: list[Any] = (
        [tuple(row[name] for name in order) for row in rows] if order is not None else rows
    )
    conn.exec_driver_sql(str(compiled), params)
