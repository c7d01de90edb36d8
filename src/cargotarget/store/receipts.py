"""What became of one received input: its archive record, the consignment versions it filed
and the parts of it held in quarantine. A filer's receipt is built from these."""

from __future__ import annotations

from datetime import datetime

import msgspec
from sqlalchemy import Connection, select

from cargotarget.model.problems import Problem
from cargotarget.store import tables as t
from cargotarget.store.queries import as_utc

_problems = msgspec.json.Decoder(tuple[Problem, ...])


class Received(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    sha256: str
    provider: str
    filename: str | None
    size: int
    received_at: datetime
    format: str | None
    status: str


class FiledVersion(msgspec.Struct, frozen=True, kw_only=True):
    consignment_id: int
    bill_number: str
    version: int
    function: str
    warnings: tuple[Problem, ...]


class HeldPart(msgspec.Struct, frozen=True, kw_only=True):
    quarantine_id: int
    scope: str
    bill_number: str | None
    problems: tuple[Problem, ...]


def received(conn: Connection, raw_message_id: int) -> Received | None:
    r = t.raw_message.c
    row = conn.execute(
        select(
            r.id, r.sha256, r.provider, r.filename, r.size, r.received_at, r.format, r.status
        ).where(r.id == raw_message_id)
    ).first()
    if row is None:
        return None
    values = dict(row._mapping)
    values["received_at"] = as_utc(values["received_at"]) or values["received_at"]
    return Received(**values)


def filed_versions(conn: Connection, raw_message_id: int) -> list[FiledVersion]:
    """The consignment versions stored from the input, in filing order."""
    m, v, c = t.manifest.c, t.consignment_version.c, t.consignment.c
    query = (
        select(c.id, c.bill_number, v.version, v.function, v.warnings)
        .join(t.consignment_version, v.manifest_id == m.id)
        .join(t.consignment, c.id == v.consignment_id)
        .where(m.raw_message_id == raw_message_id)
        .order_by(v.id)
    )
    return [
        FiledVersion(
            consignment_id=cid,
            bill_number=bill,
            version=version,
            function=function,
            warnings=_problems.decode(warnings or "[]"),
        )
        for cid, bill, version, function, warnings in conn.execute(query)
    ]


def held_parts(conn: Connection, raw_message_id: int) -> list[HeldPart]:
    """The messages and consignments of the input held in quarantine."""
    q = t.quarantine_item.c
    query = (
        select(q.id, q.scope, q.bill_number, q.problems)
        .where(q.raw_message_id == raw_message_id)
        .order_by(q.id)
    )
    return [
        HeldPart(quarantine_id=qid, scope=scope, bill_number=bill, problems=_problems.decode(p))
        for qid, scope, bill, p in conn.execute(query)
    ]
