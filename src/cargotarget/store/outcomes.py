"""Examination outcomes: recording them once, and reading them back with their bills.

An outcome is only ever added. Its natural key is the consignment, the time of the examination
and the result: recording an outcome with the same key again changes nothing, so that a file of
results can be imported twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, select

from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import examination_outcome
from cargotarget.store.bulk import insert_rows
from cargotarget.store.queries import as_utc

CHUNK = 500


class NewOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """One examination result to record. ``examined_at`` is timezone-aware."""

    consignment_id: int
    examined_at: datetime
    selection: str
    result: str
    detail: dict[str, Any] = {}

    def key(self) -> tuple[int, datetime, str]:
        """The natural key: consignment, examination time (UTC) and result."""
        return (self.consignment_id, self.examined_at.astimezone(UTC), self.result)


class StoredOutcome(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    consignment_id: int
    bill_number: str
    provider: str
    examined_at: datetime
    recorded_at: datetime
    selection: str
    result: str
    detail: dict[str, Any]


def _existing_keys(conn: Connection, ids: list[int]) -> set[tuple[int, datetime, str]]:
    o = examination_outcome.c
    keys = set()
    for start in range(0, len(ids), CHUNK):
        query = select(o.consignment_id, o.examined_at, o.result).where(
            o.consignment_id.in_(ids[start : start + CHUNK])
        )
        for cid, at, result in conn.execute(query):
            keys.add((int(cid), (as_utc(at) or at).astimezone(UTC), result))
    return keys


def record_outcomes(
    conn: Connection, outcomes: Sequence[NewOutcome], *, at: datetime
) -> tuple[int, int]:
    """Record the outcomes not recorded yet (by their natural key, see the module docstring)
    at ``at``; returns how many were recorded and how many were already there."""
    known = _existing_keys(conn, sorted({o.consignment_id for o in outcomes}))
    new: list[NewOutcome] = []
    for outcome in outcomes:
        if outcome.key() not in known:
            known.add(outcome.key())
            new.append(outcome)
    columns = ("consignment_id", "examined_at", "recorded_at", "selection", "result", "detail")
    encode = msgspec.json.encode
    insert_rows(
        conn,
        examination_outcome,
        columns,
        [
            (o.consignment_id, o.examined_at, at, o.selection, o.result, encode(o.detail).decode())
            for o in new
        ],
    )
    return len(new), len(outcomes) - len(new)


def stored_outcomes(
    conn: Connection, bill_number: str | None = None, *, limit: int = 1000
) -> list[StoredOutcome]:
    """Recorded outcomes, newest examination first; with ``bill_number``, only that bill's."""
    o, c = examination_outcome.c, t.consignment.c
    query = select(examination_outcome, c.bill_number, c.provider).join(
        t.consignment, c.id == o.consignment_id
    )
    if bill_number is not None:
        bill = bill_number.strip()
        query = query.where(c.bill_number.in_(sorted({bill, bill.upper()})))
    query = query.order_by(o.examined_at.desc(), o.id.desc()).limit(limit)
    return [
        StoredOutcome(
            id=row.id,
            consignment_id=row.consignment_id,
            bill_number=row.bill_number,
            provider=row.provider,
            examined_at=as_utc(row.examined_at) or row.examined_at,
            recorded_at=as_utc(row.recorded_at) or row.recorded_at,
            selection=row.selection,
            result=row.result,
            detail=msgspec.json.decode(row.detail),
        )
        for row in conn.execute(query)
    ]
