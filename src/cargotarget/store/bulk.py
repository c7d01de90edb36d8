"""Fast bulk writes: id reservation and driver-level executemany.

Reserving ids lets a batch of consignments and their versions be written with plain
``executemany`` (no RETURNING round trips, no second pass to link heads and versions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select, text


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


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) with the driver's own executemany.

    Only the columns whose type needs converting for this database (e.g. datetimes on SQLite)
    go through SQLAlchemy's converter; the rest of its per-row work is skipped.
    """
    if not rows:
        return
    convert = [
        (i, processor)
        for i, name in enumerate(columns)
        if (processor := table.c[name].type.bind_processor(conn.dialect)) is not None
    ]
    if convert:
        rows = [_converted(row, convert) for row in rows]
    quote = conn.dialect.identifier_preparer.quote
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    conn.exec_driver_sql(sql, rows)


def _converted(row: tuple[Any, ...], convert: list[tuple[int, Any]]) -> tuple[Any, ...]:
    values = list(row)
    for i, processor in convert:
        values[i] = processor(values[i])
    return tuple(values)
