"""The examination orders awaiting a result: the examiner's list.

A case waiting for a result is ``examination_ordered``; its newest event is the order, which
names who ordered it and when. The containers come from the consignment's current version.
"""

from __future__ import annotations

from datetime import datetime

import msgspec
from sqlalchemy import Connection, and_, select

from cargotarget.model.cases import CaseStatus
from cargotarget.store import tables as t
from cargotarget.store.case_tables import case_event, case_state
from cargotarget.store.queries import as_utc


class ExaminationOrder(msgspec.Struct, frozen=True, kw_only=True):
    """An examination ordered and not yet answered by a result."""

    consignment_id: int
    bill_number: str
    provider: str
    port_of_discharge: str | None
    arrival_at: datetime | None
    containers: list[str]
    examination: str
    ordered_by: str
    ordered_at: datetime
    note: str | None


class _Number(msgspec.Struct):
    number: str


class _Equipment(msgspec.Struct):
    """The one part of a stored consignment document the list needs."""

    equipment: list[_Number] = []


_equipment = msgspec.json.Decoder(_Equipment)
_detail = msgspec.json.Decoder(dict[str, object])


def examination_orders(
    conn: Connection,
    ports: frozenset[str] | None,
    examination: str | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
) -> list[ExaminationOrder]:
    """Orders awaiting a result at ``ports`` (None: every port), of one ``examination`` type
    when given, the longest waiting first."""
    s, c, e, v = case_state.c, t.consignment.c, case_event.c, t.consignment_version.c
    query = (
        select(
            c.id,
            c.bill_number,
            c.provider,
            c.port_of_discharge,
            c.arrival_at,
            s.examination,
            e.actor,
            e.at,
            e.detail,
            v.document,
        )
        .select_from(case_state)
        .join(t.consignment, c.id == s.consignment_id)
        .join(case_event, and_(e.consignment_id == s.consignment_id, e.version == s.version))
        .outerjoin(t.consignment_version, v.id == c.current_version_id)
        .where(s.status == CaseStatus.EXAMINATION_ORDERED.value)
    )
    if ports is not None:
        query = query.where(c.port_of_discharge.in_(sorted(ports)))
    if examination:
        query = query.where(s.examination == examination)
    query = query.order_by(e.at, c.id).limit(limit).offset(offset)
    orders = []
    for row in conn.execute(query):
        equipment = _equipment.decode(row.document).equipment if row.document else []
        note = _detail.decode(row.detail).get("note")
        orders.append(
            ExaminationOrder(
                consignment_id=row.id,
                bill_number=row.bill_number,
                provider=row.provider,
                port_of_discharge=row.port_of_discharge,
                arrival_at=as_utc(row.arrival_at),
                containers=[item.number for item in equipment],
                examination=row.examination or "",
                ordered_by=row.actor,
                ordered_at=as_utc(row.at) or row.at,
                note=note if isinstance(note, str) and note else None,
            )
        )
    return orders
