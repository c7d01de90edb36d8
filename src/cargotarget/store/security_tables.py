"""Tables of the audit trail, account passwords and API tokens (on the shared metadata).

``audit_event`` is append-only (migration 0005 adds triggers that refuse UPDATE and DELETE on
both databases). Its ids are given by the writer, one more than the last, never by a sequence:
the id is part of the hashed content, and ``prev_hash`` is unique so that two writers can never
both extend the same event. ``api_token`` keeps only a hash of each secret; once made, a token's
secret, owner and scopes never change (a trigger refuses it): only its revocation is written.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from cargotarget.store.tables import Id, Stamp, metadata

audit_event = Table(
    "audit_event",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=False),
    Column("at", Stamp, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(32), nullable=False),
    Column("subject_kind", String(32)),
    Column("subject_id", String(256)),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False, unique=True),
    Column("hash", String(64), nullable=False, unique=True),
    Index(None, "actor"),
    Index(None, "action"),
    Index(None, "subject_kind", "subject_id"),
    Index(None, "at"),
)

user_credential = Table(
    "user_credential",
    metadata,
    Column("user_id", ForeignKey("user_account.id"), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("password_set_at", Stamp, nullable=False),
    Column("failures", Integer, nullable=False),
    Column("first_failure_at", Stamp),
    Column("locked_until", Stamp),
)

api_token = Table(
    "api_token",
    metadata,
    Column("id", Id, primary_key=True),
    Column("prefix", String(16), nullable=False),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("owner_id", ForeignKey("user_account.id"), nullable=False),
    Column("scopes", Text, nullable=False),
    Column("label", Text),
    Column("created_at", Stamp, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("expires_at", Stamp),
    Column("revoked_at", Stamp),
    Column("last_used_at", Stamp),  # at most once a minute, so a busy client costs few writes
    Index(None, "prefix"),
)
