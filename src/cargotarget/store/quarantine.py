"""Quarantine: messages and consignments held back, each with its reasons and its raw bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, Row, insert, select, update

from cargotarget.model.problems import Problem
from cargotarget.store import tables as t
from cargotarget.store.queries import as_utc


class QuarantineItem(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    raw_message_id: int
    format: str | None
    scope: str
    bill_number: str | None
    problems: tuple[Problem, ...]
    fragment: bytes
    status: str
    created_at: datetime
    resolved_at: datetime | None
    resolved_by_raw_message_id: int | None


_problems = msgspec.json.Decoder(tuple[Problem, ...])


def hold(
    conn: Connection,
    *,
    raw_message_id: int,
    fmt: str | None,
    scope: str,
    bill_number: str | None,
    problems: tuple[Problem, ...] | list[Problem],
    fragment: bytes,
) -> int:
    """Put an item in quarantine and return its id."""
    new = conn.execute(
        insert(t.quarantine_item).values(
            raw_message_id=raw_message_id,
            format=fmt,
            scope=scope,
            bill_number=bill_number,
            problems=msgspec.json.encode(list(problems)).decode(),
            fragment=fragment,
            status="open",
            created_at=datetime.now(UTC),
        )
    ).inserted_primary_key
    assert new is not None
    return int(new[0])


def _item(row: Row[Any]) -> QuarantineItem:
    values = dict(row._mapping)
    values["problems"] = _problems.decode(values["problems"])
    values["created_at"] = as_utc(values["created_at"])
    values["resolved_at"] = as_utc(values["resolved_at"])
    return QuarantineItem(**values)


def items(conn: Connection, status: str | None = "open", limit: int = 1000) -> list[QuarantineItem]:
    q = t.quarantine_item
    query = select(q).order_by(q.c.id).limit(limit)
    if status is not None:
        query = query.where(q.c.status == status)
    return [_item(row) for row in conn.execute(query)]


def item(conn: Connection, item_id: int) -> QuarantineItem | None:
    q = t.quarantine_item
    row = conn.execute(select(q).where(q.c.id == item_id)).first()
    return None if row is None else _item(row)


def resolve(conn: Connection, item_id: int, raw_message_id: int) -> None:
    """Mark an item resolved by the (corrected) message that was accepted in its place."""
    q = t.quarantine_item
    conn.execute(
        update(q)
        .where(q.c.id == item_id)
        .values(
            status="resolved",
            resolved_at=datetime.now(UTC),
            resolved_by_raw_message_id=raw_message_id,
        )
    )
