"""The table of voyage notices (on the shared metadata): a voyage or flight announced by a
carrier before its manifest is filed, so that a manifest that never comes is noticed.

A notice is matched to manifests by carrier, voyage (or flight) number and port; it is kept as
announced (a later notice of the same voyage is a new row, the latest one counting).
"""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table

from cargotarget.store.tables import Id, Stamp, metadata

voyage_notice = Table(
    "voyage_notice",
    metadata,
    Column("id", Id, primary_key=True),
    Column("provider", String(64), nullable=False),
    Column("carrier_code", String(16), nullable=False),
    Column("mode", String(8), nullable=False),
    Column("voyage_number", String(64), nullable=False),
    #: The port the notice announces the voyage at (UN/LOCODE): arrival for imports.
    Column("port", String(5), nullable=False),
    Column("departure_at", Stamp),
    Column("arrival_at", Stamp),
    #: When the manifest is due (by the filing rule in force when the notice was received).
    Column("due_at", Stamp),
    Column("received_at", Stamp, nullable=False),
    Column("announced_by", String(128), nullable=False),
    Index(None, "carrier_code", "voyage_number", "port"),
    Index(None, "due_at"),
)
