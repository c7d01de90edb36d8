"""A voyage as the workbench shows it: the conveyance, its route and arrival, its manifests,
and the consignments it carries with their parties, goods and current assessment.

Only consignments discharged at the reader's ports are listed (the voyage's manifests are
counted likewise); a reader who sees none of them does not see the voyage.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, and_, func, select
from sqlalchemy.orm import aliased

from cargotarget.model.manifest import DocumentKind, PartyRole, Voyage
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment
from cargotarget.store.port_scope import Ports, discharged_at
from cargotarget.store.queries import as_utc

_CHUNK = 500


class VoyageManifest(msgspec.Struct, frozen=True, kw_only=True):
    reference: str
    provider: str
    function: str
    filed_at: datetime | None
    received_at: datetime


class VoyageConsignment(msgspec.Struct, frozen=True, kw_only=True):
    consignment_id: int
    bill_number: str
    provider: str
    kind: str
    cancelled: bool
    port_of_loading: str | None
    port_of_discharge: str | None
    shipper: str | None
    consignee: str | None
    #: The first goods item's description, and how many items there are.
    goods: str
    goods_items: int
    hs_codes: list[str]
    score: float | None
    lane: str | None
    #: For a master bill: the house bills filed under it on the voyage (0: house data missing).
    houses: int | None = None


class VoyageView(msgspec.Struct, frozen=True, kw_only=True):
    """The voyage, its manifests, and its consignments highest score first (those not yet
    assessed last); ``shown`` of ``total`` consignments are listed."""

    voyage_id: int
    voyage: Voyage
    manifests: list[VoyageManifest]
    consignments: list[VoyageConsignment]
    total: int


def _manifests(conn: Connection, voyage_id: int, ports: Ports) -> list[VoyageManifest]:
    m, c, v = t.manifest.c, t.consignment.c, t.consignment_version.c
    query = select(m.reference, m.provider, m.function, m.filed_at, m.received_at).where(
        m.voyage_id == voyage_id
    )
    if ports is not None:  # the manifests that filed a version of a consignment in view
        seen = (
            select(v.id)
            .join(t.consignment, c.id == v.consignment_id)
            .where(v.manifest_id == m.id, discharged_at(ports))
        )
        query = query.where(seen.exists())
    return [
        VoyageManifest(
            reference=ref,
            provider=provider,
            function=function,
            filed_at=as_utc(filed),
            received_at=as_utc(received) or received,
        )
        for ref, provider, function, filed, received in conn.execute(query.order_by(m.id))
    ]


def _details(conn: Connection, version_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Shipper, consignee and goods of each version."""
    p, g = t.party.c, t.goods.c
    found: dict[int, dict[str, Any]] = {
        vid: {"shipper": None, "consignee": None, "goods": [], "hs_codes": []}
        for vid in version_ids
    }
    roles = (PartyRole.SHIPPER.value, PartyRole.CONSIGNEE.value)
    for start in range(0, len(version_ids), _CHUNK):
        chunk = list(version_ids[start : start + _CHUNK])
        parties = select(p.version_id, p.role, p.name).where(
            p.version_id.in_(chunk), p.role.in_(roles)
        )
        for vid, role, name in conn.execute(parties.order_by(p.id)):
            found[vid][role] = found[vid][role] or name
        goods = select(g.version_id, g.description, g.hs_code).where(g.version_id.in_(chunk))
        for vid, description, hs in conn.execute(goods.order_by(g.version_id, g.sequence)):
            found[vid]["goods"].append(description)
            if hs and hs not in found[vid]["hs_codes"]:
                found[vid]["hs_codes"].append(hs)
    return found


def _houses() -> Any:
    """The number of house bills (not cancelled) filed under each master on its voyage."""
    c, house = t.consignment.c, aliased(t.consignment)
    return (
        select(func.count())
        .where(house.c.voyage_id == c.voyage_id, house.c.kind == DocumentKind.HOUSE.value)
        .where(house.c.master_bill_number == c.bill_number, house.c.cancelled.is_(False))
        .scalar_subquery()
    )


def voyage_view(
    conn: Connection, voyage_id: int, ports: Ports = None, *, limit: int = 1000
) -> VoyageView | None:
    """Voyage ``voyage_id`` with its manifests and (at most ``limit``) consignments at
    ``ports``; None when there is no such voyage or none of its cargo is at ``ports``."""
    document = conn.execute(
        select(t.voyage.c.document).where(t.voyage.c.id == voyage_id)
    ).scalar_one_or_none()
    if document is None:
        return None
    c, a = t.consignment.c, assessment.c
    scope = and_(c.voyage_id == voyage_id, discharged_at(ports))
    total = int(conn.execute(select(func.count()).where(scope)).scalar_one())
    if total == 0 and ports is not None:
        return None
    current = and_(a.consignment_id == c.id, a.version_id == c.current_version_id)
    query = (
        select(c.id, c.current_version_id, c.bill_number, c.provider, c.kind, c.cancelled)
        .add_columns(c.port_of_loading, c.port_of_discharge, a.score, a.lane)
        .add_columns(_houses().label("houses"))
        .outerjoin(assessment, current)
        .where(scope)
        .order_by(a.score.is_(None), a.score.desc(), c.bill_number, c.id)
        .limit(limit)
    )
    rows = conn.execute(query).all()
    details = _details(conn, [row.current_version_id for row in rows])
    consignments = []
    for row in rows:
        found = details[row.current_version_id]
        consignments.append(
            VoyageConsignment(
                consignment_id=row.id,
                bill_number=row.bill_number,
                provider=row.provider,
                kind=row.kind,
                cancelled=row.cancelled,
                port_of_loading=row.port_of_loading,
                port_of_discharge=row.port_of_discharge,
                shipper=found["shipper"],
                consignee=found["consignee"],
                goods=found["goods"][0] if found["goods"] else "",
                goods_items=len(found["goods"]),
                hs_codes=found["hs_codes"],
                score=row.score,
                lane=row.lane,
                houses=row.houses if row.kind == DocumentKind.MASTER else None,
            )
        )
    return VoyageView(
        voyage_id=voyage_id,
        voyage=msgspec.json.decode(document, type=Voyage),
        manifests=_manifests(conn, voyage_id, ports),
        consignments=consignments,
        total=total,
    )
