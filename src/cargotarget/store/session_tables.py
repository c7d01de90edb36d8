"""The table of browser sessions of the workbench (on the shared metadata).

A session is known to the browser by a random id in a cookie; the database keeps only the
SHA-256 of that id, so a copy of the table cannot be used to take over a session. A session
ends at logout (``ended_at``), after its absolute lifetime (``expires_at``) or when it was idle
for too long (``last_seen_at``); an ended session is never revived.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, String, Table

from cargotarget.store.tables import Stamp, metadata

web_session = Table(
    "web_session",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", ForeignKey("user_account.id"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", Stamp, nullable=False),
    Column("last_seen_at", Stamp, nullable=False),
    Column("expires_at", Stamp, nullable=False),
    Column("ended_at", Stamp),
    Column("ended_why", String(16)),
    Index(None, "user_id"),
)
