"""Tables of the target-to-result cases (on the shared metadata).

``case_event`` is the append-only record of every step of a case, numbered per consignment
(``version``); a trigger refuses updates and deletes. ``case_state`` is the case as it stands
now, rewritten with each step.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from cargotarget.store.tables import Id, Stamp, metadata

case_event = Table(
    "case_event",
    metadata,
    Column("id", Id, primary_key=True),
    Column("consignment_id", ForeignKey("consignment.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", Stamp, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("reason_code", String(64)),
    Column("detail", Text, nullable=False),
    UniqueConstraint("consignment_id", "version"),
)

case_state = Table(
    "case_state",
    metadata,
    Column("consignment_id", ForeignKey("consignment.id"), primary_key=True),
    Column("status", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("assignee", String(128)),
    Column("decision", String(32)),
    Column("examination", String(32)),
    Column("updated_at", Stamp, nullable=False),
    Index(None, "status"),
    Index(None, "assignee"),
)
