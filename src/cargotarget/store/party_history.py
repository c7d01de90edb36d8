"""A party's history as the consignment page shows it: the earlier shipments under the same
shipper or consignee, and what examinations of them found.

Parties are matched by the resolved key of the history rows (the key the party-history
indicators use: case, accents, punctuation and legal forms folded). "Earlier" means filed
before the current version of the consignment being looked at; a consignment counts once
however many versions name the party. Counts are over every port; the bills listed are only
those at the reader's ports.

The page is read on every view of a consignment, so the statements are built once, with
parameters: building SQLAlchemy statements costs more than running them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    and_,
    bindparam,
    distinct,
    func,
    literal_column,
    select,
    true,
    union_all,
)

from cargotarget.model.cases import ResultKind
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import examination_outcome, history_row
from cargotarget.store.port_scope import Ports
from cargotarget.store.queries import as_utc

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Filed before this: every filing (the bound when the consignment has no filing time).
_ALWAYS = 2**62
#: The party roles whose history is shown, with their key column in the history rows.
ROLES: dict[str, Column[Any]] = {
    "shipper": history_row.c.shipper_key,
    "consignee": history_row.c.consignee_key,
}
LAST = 5


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


def _earlier(role: str) -> ColumnElement[bool]:
    """History rows (any version) of other consignments under the role's party key (the
    parameter named after the role), filed before the consignment looked at."""
    h = history_row.c
    return and_(
        ROLES[role] == bindparam(role),
        h.consignment_id != bindparam("cid"),
        h.filed_at_us < bindparam("filed", type_=BigInteger),
    )


def _earlier_ids(role: str) -> Select[Any]:
    return select(history_row.c.consignment_id).where(_earlier(role))


def _at_ports(scoped: bool) -> ColumnElement[Any]:
    column = t.consignment.c.port_of_discharge
    return column.in_(bindparam("ports", expanding=True)) if scoped else true()


def _own() -> Select[Any]:
    h, c = history_row.c, t.consignment.c
    current = and_(c.id == h.consignment_id, c.current_version_id == h.version_id)
    return (
        select(h.filed_at_us, h.shipper_key, h.consignee_key)
        .join(t.consignment, current)
        .where(c.id == bindparam("cid"))
    )


def _totals() -> CompoundSelect[Any]:
    """Per role: how many earlier consignments, and the first filing time."""
    h = history_row.c
    count, first = func.count(distinct(h.consignment_id)), func.min(h.filed_at_us)
    return union_all(
        *(select(literal_column(f"'{role}'"), count, first).where(_earlier(role)) for role in ROLES)
    )


def _results() -> CompoundSelect[Any]:
    """Per role: the examinations of the earlier consignments, counted by result."""
    o = examination_outcome.c
    return union_all(
        *(
            select(literal_column(f"'{role}'"), o.result, func.count())
            .where(o.consignment_id.in_(_earlier_ids(role)))
            .group_by(o.result)
            for role in ROLES
        )
    )


def _last_bills(role: str, scoped: bool) -> Select[Any]:
    h, c = history_row.c, t.consignment.c
    current = and_(c.id == h.consignment_id, c.current_version_id == h.version_id)
    return (
        select(c.id, c.bill_number, c.port_of_discharge, h.filed_at_us)
        .join(t.consignment, current)
        .where(_earlier(role), _at_ports(scoped))
        .order_by(h.filed_at_us.desc(), c.id.desc())
        .limit(LAST)
    )


def _last_findings(role: str, scoped: bool) -> Select[Any]:
    c, o = t.consignment.c, examination_outcome.c
    return (
        select(c.id, c.bill_number, c.port_of_discharge, o.examined_at, o.result)
        .join(t.consignment, c.id == o.consignment_id)
        .where(
            o.consignment_id.in_(_earlier_ids(role)),
            o.result != ResultKind.NO_FINDING.value,
            _at_ports(scoped),
        )
        .order_by(o.examined_at.desc(), o.id.desc())
        .limit(LAST)
    )


_OWN, _TOTALS, _RESULTS = _own(), _totals(), _results()
_LAST_BILLS = {
    (role, scoped): _last_bills(role, scoped) for role in ROLES for scoped in (False, True)
}
_LAST_FINDINGS = {
    (role, scoped): _last_findings(role, scoped) for role in ROLES for scoped in (False, True)
}


def party_records(conn: Connection, consignment_id: int, ports: Ports = None) -> list[PartyRecord]:
    """The history of the shipper and the consignee of ``consignment_id``'s current version
    (none when that version has no history row yet, that is before its first assessment).
    Three queries, and the lists only for parties that have them."""
    own = conn.execute(_OWN, {"cid": consignment_id}).first()
    if own is None:
        return []
    keys = {"shipper": own.shipper_key, "consignee": own.consignee_key}
    filed = _ALWAYS if own.filed_at_us is None else own.filed_at_us
    params: dict[str, Any] = {"cid": consignment_id, "filed": filed, **keys}
    totals = {role: (int(n), first) for role, n, first in conn.execute(_TOTALS, params)}
    results: dict[str, dict[str, int]] = {role: {} for role in ROLES}
    for role, result, n in conn.execute(_RESULTS, params):
        results[role][str(result)] = int(n)
    scoped = ports is not None
    listing = {**params, "ports": sorted(ports)} if ports is not None else params
    records = []
    for role, key in keys.items():
        if not key:
            continue
        shipments, first = totals[role]
        findings = {r: n for r, n in sorted(results[role].items()) if r != ResultKind.NO_FINDING}
        bills: Iterable[Any] = conn.execute(_LAST_BILLS[role, scoped], listing) if shipments else []
        found: Iterable[Any] = (
            conn.execute(_LAST_FINDINGS[role, scoped], listing) if findings else []
        )
        records.append(
            PartyRecord(
                role=role,
                key=key,
                shipments=shipments,
                first_seen=_time(first),
                last_bills=[_bill(row) for row in bills],
                examined=sum(results[role].values()),
                findings=findings,
                last_findings=[_bill(row) for row in found],
            )
        )
    return records
