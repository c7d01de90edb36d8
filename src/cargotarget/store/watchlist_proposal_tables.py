"""The table of watch-list proposals (on the shared metadata).

A change to a watch list (a new list, a new edition of its file, retiring it) is first a
proposal: the uploaded file is kept as it came (with its SHA-256) until a second person
approves it, which applies it, or rejects it with a reason. Only the decision columns of a
proposal are ever written after it is made.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, LargeBinary, String, Table, Text

from cargotarget.store.tables import Id, Stamp, metadata

watchlist_proposal = Table(
    "watchlist_proposal",
    metadata,
    Column("id", Id, primary_key=True),
    Column("list_name", String(128), nullable=False),
    Column("action", String(16), nullable=False),  # create | import | retire
    Column("status", String(16), nullable=False),  # pending | approved | rejected | withdrawn
    Column("settings", Text, nullable=False),  # JSON: kind, threshold, source, description
    Column("format", String(16)),
    Column("file_name", Text),
    Column("content", LargeBinary),
    Column("sha256", String(64)),
    Column("entries", Integer, nullable=False),
    Column("skip_bad", Boolean, nullable=False),
    Column("retire_missing", Boolean, nullable=False),
    Column("note", Text),
    Column("proposed_by", ForeignKey("user_account.id"), nullable=False),
    Column("proposed_at", Stamp, nullable=False),
    Column("decided_by", ForeignKey("user_account.id")),
    Column("decided_at", Stamp),
    Column("decision_note", Text),
    Column("outcome", Text),  # JSON: what applying it changed
    Index(None, "status"),
    Index(None, "list_name"),
)
