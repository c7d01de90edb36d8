"""Tables of data providers and of the risk responses sent to filers (on the shared metadata).

``data_provider`` holds each registered filer under its code; ``provider_identifier`` the
values it is known by in messages (one value of a scheme names one provider only);
``provider_account`` the user accounts that file for it (an account files for one provider).
``filer_response`` keeps every response made by a decision; only ``fetched_at`` (the first
time the filer read it) is ever written after.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from cargotarget.store.tables import Id, Stamp, metadata

data_provider = Table(
    "data_provider",
    metadata,
    Column("id", Id, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("contact", Text),
    Column("active", Boolean, nullable=False),
    Column("created_at", Stamp, nullable=False),
    Column("created_by", String(128), nullable=False),
)

provider_identifier = Table(
    "provider_identifier",
    metadata,
    Column("id", Id, primary_key=True),
    Column("provider_id", ForeignKey("data_provider.id"), nullable=False),
    Column("scheme", String(16), nullable=False),
    Column("value", String(64), nullable=False),
    Column("added_at", Stamp, nullable=False),
    Column("added_by", String(128), nullable=False),
    UniqueConstraint("scheme", "value"),
    Index(None, "value"),
)

provider_account = Table(
    "provider_account",
    metadata,
    Column("user_id", ForeignKey("user_account.id"), primary_key=True),
    Column("provider_id", ForeignKey("data_provider.id"), nullable=False),
    Column("linked_at", Stamp, nullable=False),
    Column("linked_by", String(128), nullable=False),
    Index(None, "provider_id"),
)

filer_response = Table(
    "filer_response",
    metadata,
    Column("id", Id, primary_key=True),
    Column("provider_id", ForeignKey("data_provider.id")),
    # The filer as the consignment names it (an account, a provider code or a sender id).
    Column("filer", String(64), nullable=False),
    Column("consignment_id", ForeignKey("consignment.id"), nullable=False),
    Column("bill_number", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("reason_code", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("message_reference", String(128)),
    Column("filed_format", String(16)),
    Column("created_at", Stamp, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("fetched_at", Stamp),
    Index(None, "provider_id", "id"),
    Index(None, "filer", "id"),
    Index(None, "consignment_id"),
)
