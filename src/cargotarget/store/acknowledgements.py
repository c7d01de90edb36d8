"""A filer's acknowledgements: the inputs it sent, newest first, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, select

from cargotarget.store import tables as t
from cargotarget.store.queries import as_utc
from cargotarget.store.receipts import Received


def received_page(
    conn: Connection,
    filers: Sequence[str] | None,
    *,
    since: datetime | None = None,
    before: int | None = None,
    limit: int = 50,
) -> list[Received]:
    """The inputs filed under one of ``filers`` (all when None), newest first: received at
    or after ``since``, with ids below ``before``."""
    r = t.raw_message.c
    query = (
        select(r.id, r.sha256, r.provider, r.filename, r.size, r.received_at, r.format, r.status)
        .order_by(r.id.desc())
        .limit(limit)
    )
    if filers is not None:
        query = query.where(r.provider.in_(list(filers)))
    if since is not None:
        query = query.where(r.received_at >= since)
    if before is not None:
        query = query.where(r.id < before)
    found = []
    for row in conn.execute(query):
        values = dict(row._mapping)
        values["received_at"] = as_utc(values["received_at"]) or values["received_at"]
        found.append(Received(**values))
    return found
