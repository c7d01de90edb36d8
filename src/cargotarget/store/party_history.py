"""A party's history as the consignment page shows it: the earlier shipments under the same
shipper or consignee, and what examinations of them found.

Parties are matched by the resolved key of the history rows (the key the party-history
indicators use: case, accents, punctuation and legal forms folded), on each consignment's
current version, so that every consignment counts once. "Earlier" means filed before the
current version of the consignment being looked at. Counts are over every port; the bills
listed are only those at the reader's ports.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    and_,
    distinct,
    func,
    literal,
    select,
    union_all,
)

from cargotarget.model.cases import ResultKind
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import examination_outcome, history_row
from cargotarget.store.port_scope import Ports, discharged_at
from cargotarget.store.queries import as_utc

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: The party roles whose history is shown, with their key column in the history rows.
ROLES: dict[str, Column[Any]] = {
    "shipper": history_row.c.shipper_key,
    "consignee": history_row.c.consignee_key,
}


class EarlierBill(msgspec.Struct, frozen=True, kw_only=True):
    consignment_id: int
    bill_number: str
    port_of_discharge: str | None
    #: When the shipment was filed (or, for a finding, examined).
    at: datetime | None
    #: The result of an examination (for a finding), or None (for a shipment).
    result: str | None = None


class PartyRecord(msgspec.Struct, frozen=True, kw_only=True):
    """Earlier shipments under one party key and what their examinations found."""

    role: str
    key: str
    shipments: int
    first_seen: datetime | None
    last_bills: list[EarlierBill]
    examined: int
    #: Examinations with a finding, by result (discrepancy, seizure).
    findings: dict[str, int]
    last_findings: list[EarlierBill]


def _time(micros: int | None) -> datetime | None:
    return None if micros is None else _EPOCH + timedelta(microseconds=int(micros))


def _bill(row: Any) -> EarlierBill:
    at = row[3]
    return EarlierBill(
        consignment_id=int(row[0]),
        bill_number=str(row[1]),
        port_of_discharge=row[2],
        at=_time(at) if isinstance(at, int) else as_utc(at),
        result=row[4] if len(row) > 4 else None,
    )


def _earlier(key: Column[Any], value: str, own: Any) -> ColumnElement[bool]:
    """History rows (any version) of other consignments under the party key, filed before
    the consignment being looked at."""
    h = history_row.c
    condition = and_(key == value, h.consignment_id != own.consignment_id)
    if own.filed_at_us is not None:
        condition = and_(condition, h.filed_at_us < own.filed_at_us)
    return condition


def _totals(conn: Connection, keys: dict[str, str], own: Any) -> dict[str, tuple[int, Any]]:
    """Per role: how many earlier consignments, and the first filing time (one query)."""
    h = history_row.c
    parts = [
        select(
            literal(role), func.count(distinct(h.consignment_id)), func.min(h.filed_at_us)
        ).where(_earlier(ROLES[role], value, own))
        for role, value in keys.items()
    ]
    return {role: (int(n), first) for role, n, first in conn.execute(union_all(*parts))}


def _results(conn: Connection, keys: dict[str, str], own: Any) -> dict[str, dict[str, int]]:
    """Per role: the examinations of the earlier consignments, counted by result."""
    o = examination_outcome.c
    parts = [
        select(literal(role), o.result, func.count())
        .where(
            o.consignment_id.in_(
                select(history_row.c.consignment_id).where(_earlier(ROLES[role], value, own))
            )
        )
        .group_by(o.result)
        for role, value in keys.items()
    ]
    found: dict[str, dict[str, int]] = {role: {} for role in keys}
    for role, result, n in conn.execute(union_all(*parts)):
        found[role][str(result)] = int(n)
    return found


def _last_bills(
    conn: Connection, role: str, value: str, own: Any, ports: Ports, last: int
) -> list[EarlierBill]:
    h, c = history_row.c, t.consignment.c
    current = and_(c.id == h.consignment_id, c.current_version_id == h.version_id)
    query = (
        select(c.id, c.bill_number, c.port_of_discharge, h.filed_at_us)
        .join(t.consignment, current)
        .where(_earlier(ROLES[role], value, own), discharged_at(ports))
        .order_by(h.filed_at_us.desc(), c.id.desc())
        .limit(last)
    )
    return [_bill(row) for row in conn.execute(query)]


def _last_findings(
    conn: Connection, role: str, value: str, own: Any, ports: Ports, last: int
) -> list[EarlierBill]:
    c, o = t.consignment.c, examination_outcome.c
    earlier = select(history_row.c.consignment_id).where(_earlier(ROLES[role], value, own))
    query = (
        select(c.id, c.bill_number, c.port_of_discharge, o.examined_at, o.result)
        .join(t.consignment, c.id == o.consignment_id)
        .where(
            o.consignment_id.in_(earlier),
            o.result != ResultKind.NO_FINDING.value,
            discharged_at(ports),
        )
        .order_by(o.examined_at.desc(), o.id.desc())
        .limit(last)
    )
    return [_bill(row) for row in conn.execute(query)]


def party_records(
    conn: Connection, consignment_id: int, ports: Ports = None, *, last: int = 5
) -> list[PartyRecord]:
    """The history of the shipper and the consignee of ``consignment_id``'s current version
    (none when that version has no history row yet, that is before its first assessment).
    A few queries whatever the parties: the lists are read only for parties that have them."""
    h, c = history_row.c, t.consignment.c
    own = conn.execute(
        select(h.consignment_id, h.filed_at_us, h.shipper_key, h.consignee_key)
        .join(t.consignment, and_(c.id == h.consignment_id, c.current_version_id == h.version_id))
        .where(c.id == consignment_id)
    ).first()
    if own is None:
        return []
    keys = {
        role: value
        for role, value in (("shipper", own.shipper_key), ("consignee", own.consignee_key))
        if value
    }
    if not keys:
        return []
    totals, results = _totals(conn, keys, own), _results(conn, keys, own)
    records = []
    for role, value in keys.items():
        shipments, first = totals[role]
        findings = {r: n for r, n in sorted(results[role].items()) if r != ResultKind.NO_FINDING}
        records.append(
            PartyRecord(
                role=role,
                key=value,
                shipments=shipments,
                first_seen=_time(first),
                last_bills=_last_bills(conn, role, value, own, ports, last) if shipments else [],
                examined=sum(results[role].values()),
                findings=findings,
                last_findings=(
                    _last_findings(conn, role, value, own, ports, last) if findings else []
                ),
            )
        )
    return records
