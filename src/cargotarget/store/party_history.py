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
from sqlalchemy import Column, Connection, Select, and_, func, select

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


def _earlier(query: Select[Any], key: Column[Any], value: str, own: Any) -> Select[Any]:
    h, c = history_row.c, t.consignment.c
    # Joined by the consignment's key (the planner then walks the party key's index), kept to
    # each consignment's current version.
    on_current = and_(c.id == h.consignment_id, c.current_version_id == h.version_id)
    query = query.join(t.consignment, on_current).where(key == value, c.id != own.consignment_id)
    if own.filed_at_us is not None:
        query = query.where(h.filed_at_us < own.filed_at_us)
    return query


def _record(conn: Connection, role: str, value: str, own: Any, ports: Ports, last: int) -> Any:
    h, c, o = history_row.c, t.consignment.c, examination_outcome.c
    key = ROLES[role]
    totals: Any = select(func.count(), func.min(h.filed_at_us))
    counted = _earlier(totals, key, value, own)
    shipments, first = conn.execute(counted).one()
    bills: Select[Any] = select(c.id, c.bill_number, c.port_of_discharge, h.filed_at_us)
    bills = _earlier(bills, key, value, own).where(discharged_at(ports))
    bills = bills.order_by(h.filed_at_us.desc(), c.id.desc()).limit(last)
    by_result: Any = select(o.result, func.count())
    outcomes = _earlier(by_result, key, value, own).join(
        examination_outcome, o.consignment_id == c.id
    )
    results = {str(r): int(n) for r, n in conn.execute(outcomes.group_by(o.result))}
    found: Select[Any] = select(c.id, c.bill_number, c.port_of_discharge, o.examined_at, o.result)
    found = _earlier(found, key, value, own).join(
        examination_outcome,
        and_(o.consignment_id == c.id, o.result != ResultKind.NO_FINDING.value),
    )
    found = found.where(discharged_at(ports)).order_by(o.examined_at.desc(), o.id.desc())
    return PartyRecord(
        role=role,
        key=value,
        shipments=int(shipments),
        first_seen=_time(first),
        last_bills=[_bill(row) for row in conn.execute(bills)],
        examined=sum(results.values()),
        findings={r: n for r, n in sorted(results.items()) if r != ResultKind.NO_FINDING},
        last_findings=[_bill(row) for row in conn.execute(found.limit(last))],
    )


def party_records(
    conn: Connection, consignment_id: int, ports: Ports = None, *, last: int = 5
) -> list[PartyRecord]:
    """The history of the shipper and the consignee of ``consignment_id``'s current version
    (none when that version has no history row yet, that is before its first assessment)."""
    h, c = history_row.c, t.consignment.c
    own = conn.execute(
        select(h.consignment_id, h.filed_at_us, h.shipper_key, h.consignee_key)
        .join(t.consignment, c.current_version_id == h.version_id)
        .where(c.id == consignment_id)
    ).first()
    if own is None:
        return []
    keys = {"shipper": own.shipper_key, "consignee": own.consignee_key}
    return [_record(conn, role, value, own, ports, last) for role, value in keys.items() if value]
