"""Reading a voyage for the workbench: its manifests and the consignments it carries. Listing
a voyage's consignments is a search by voyage, and is audited as one."""

from __future__ import annotations

from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.store.audit import append_event
from cargotarget.store.port_scope import Ports
from cargotarget.store.voyages import VoyageView, voyage_view


def read_voyage(conn: Connection, voyage_id: int, ports: Ports = None) -> VoyageView | None:
    """Voyage ``voyage_id`` with the consignments discharged at ``ports``; None when there is
    no such voyage or none of its cargo is at ``ports``. Not audited: see
    :func:`record_voyage_view`."""
    return voyage_view(conn, voyage_id, ports)


def record_voyage_view(conn: Connection, actor: str, view: VoyageView, ports: Ports) -> None:
    """Record that ``actor`` listed the consignments of the voyage (as a search by voyage)."""
    detail: dict[str, object] = {"voyage_id": view.voyage_id, "found": view.total}
    if ports is not None:
        detail["ports"] = sorted(ports)
    append_event(conn, actor, AuditAction.SEARCH, ("voyage", str(view.voyage_id)), detail)
