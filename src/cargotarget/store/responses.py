"""Risk responses to filers: storing one, finding a filer's, noting when it was first read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, Connection, insert, or_, select, update

from cargotarget.model.responses import FilerResponse, ResponseKind
from cargotarget.store import tables as t
from cargotarget.store.provider_tables import data_provider, filer_response
from cargotarget.store.queries import as_utc

_r = filer_response.c


class FiledConsignment(msgspec.Struct, frozen=True, kw_only=True):
    """The version of a consignment a response is about, and the message that filed it."""

    consignment_id: int
    filer: str
    bill_number: str
    version: int
    message_reference: str | None
    filed_format: str | None


def filed_consignment(conn: Connection, consignment_id: int) -> FiledConsignment | None:
    """The current version of consignment ``consignment_id`` with its filer and message."""
    c, v, m = t.consignment.c, t.consignment_version.c, t.manifest.c
    query = (
        select(c.id, c.provider, c.bill_number, c.version, m.reference, m.format)
        .join(t.consignment_version, v.id == c.current_version_id)
        .join(t.manifest, m.id == v.manifest_id)
        .where(c.id == consignment_id)
    )
    row = conn.execute(query).first()
    if row is None:
        return None
    cid, filer, bill, version, reference, fmt = row
    return FiledConsignment(
        consignment_id=cid,
        filer=filer,
        bill_number=bill,
        version=version,
        message_reference=reference,
        filed_format=fmt,
    )


def add_response(conn: Connection, values: dict[str, Any]) -> int:
    added = conn.execute(insert(filer_response).values(values)).inserted_primary_key
    assert added is not None
    return int(added[0])


def _query() -> Any:
    return select(filer_response, data_provider.c.code.label("provider_code")).outerjoin(
        data_provider, data_provider.c.id == _r.provider_id
    )


def _response(row: Any) -> FilerResponse:
    return FilerResponse(
        response_id=row.id,
        provider=row.provider_code,
        consignment_id=row.consignment_id,
        bill_number=row.bill_number,
        version=row.version,
        kind=ResponseKind(row.kind),
        reason_code=row.reason_code,
        message=row.message,
        message_reference=row.message_reference,
        filed_format=row.filed_format,
        created_at=as_utc(row.created_at) or row.created_at,
        fetched_at=as_utc(row.fetched_at),
    )


def owned_by(provider_id: int | None, filers: Sequence[str]) -> ColumnElement[bool]:
    """Responses of provider ``provider_id`` or filed under one of ``filers``."""
    mine = _r.filer.in_(list(filers))
    return mine if provider_id is None else or_(_r.provider_id == provider_id, mine)


def responses(
    conn: Connection,
    where: ColumnElement[bool] | None,
    *,
    since: datetime | None = None,
    unfetched: bool = False,
    before: int | None = None,
    limit: int = 50,
) -> list[FilerResponse]:
    """Responses, newest first: those ``where`` selects (all when None), made at or after
    ``since``, not read yet when ``unfetched``, with ids below ``before``."""
    query = _query().order_by(_r.id.desc()).limit(limit)
    if where is not None:
        query = query.where(where)
    if since is not None:
        query = query.where(_r.created_at >= since)
    if unfetched:
        query = query.where(_r.fetched_at.is_(None))
    if before is not None:
        query = query.where(_r.id < before)
    return [_response(row) for row in conn.execute(query)]


def mark_fetched(conn: Connection, ids: Sequence[int], at: datetime) -> list[int]:
    """Note ``at`` as the first read of those of ``ids`` not read before; returns them."""
    if not ids:
        return []
    fresh = [
        int(i)
        for i in conn.scalars(select(_r.id).where(_r.id.in_(list(ids)), _r.fetched_at.is_(None)))
    ]
    if fresh:
        conn.execute(update(filer_response).where(_r.id.in_(fresh)).values(fetched_at=at))
    return fresh
