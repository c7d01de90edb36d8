"""The relational schema (SQLAlchemy Core). Alembic migrations in ``migrations/`` create it.

Distribution keys: ``voyage_id`` and ``consignment_id`` are carried by every consignment-level
table so that a scale-out PostgreSQL (Citus) can shard on them. Versions are append-only: an
amendment adds a ``consignment_version`` and moves ``consignment.current_version_id``; the search
tables (parties, containers, goods) hang off the version, so history stays searchable.

Rule versions keep their content for ever (only ``status`` changes) and event tables are
append-only (migration 0002 adds triggers that enforce both); lists in one column are JSON text.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Id = BigInteger().with_variant(Integer(), "sqlite")
Stamp = DateTime(timezone=True)

raw_message = Table(
    "raw_message",
    metadata,
    Column("id", Id, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("provider", String(64), nullable=False),
    Column("filename", Text),
    Column("size", BigInteger, nullable=False),
    Column("received_at", Stamp, nullable=False),
    Column("format", String(16)),
    Column("status", String(16), nullable=False),  # received | processed
)

voyage = Table(
    "voyage",
    metadata,
    Column("id", Id, primary_key=True),
    Column("voyage_key", String(160), nullable=False, unique=True),
    Column("mode", String(8), nullable=False),
    Column("carrier_code", String(16)),
    Column("vessel_name", Text),
    Column("imo_number", String(7)),
    Column("voyage_number", String(64), nullable=False),
    Column("departure_port", String(5)),
    Column("departure_at", Stamp),
    Column("arrival_port", String(5)),
    Column("arrival_at", Stamp),
    Column("document", Text, nullable=False),
)

manifest = Table(
    "manifest",
    metadata,
    Column("id", Id, primary_key=True),
    Column("raw_message_id", ForeignKey("raw_message.id"), nullable=False),
    Column("message_index", Integer, nullable=False),
    Column("voyage_id", ForeignKey("voyage.id"), nullable=False),
    Column("reference", String(128), nullable=False),
    Column("provider", String(64), nullable=False),
    Column("flow", String(16), nullable=False),
    Column("function", String(16), nullable=False),
    Column("format", String(16), nullable=False),
    Column("filed_at", Stamp),
    Column("received_at", Stamp, nullable=False),
)

consignment = Table(
    "consignment",
    metadata,
    Column("id", Id, primary_key=True),
    Column("provider", String(64), nullable=False),
    Column("bill_number", String(64), nullable=False),
    Column("voyage_id", ForeignKey("voyage.id"), nullable=False),
    Column("current_version_id", Id),
    Column("version", Integer, nullable=False),
    Column("cancelled", Boolean, nullable=False, default=False),
    Column("kind", String(8), nullable=False),
    Column("master_bill_number", String(64)),
    Column("port_of_loading", String(5)),
    Column("port_of_discharge", String(5)),
    Column("origin_country", String(2)),
    Column("arrival_at", Stamp),
    Column("first_seen_at", Stamp, nullable=False),
    Column("updated_at", Stamp, nullable=False),
    UniqueConstraint("provider", "bill_number"),
    Index(None, "bill_number"),
    Index(None, "voyage_id"),
    Index(None, "arrival_at"),
)

consignment_version = Table(
    "consignment_version",
    metadata,
    Column("id", Id, primary_key=True),
    Column("consignment_id", ForeignKey("consignment.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("manifest_id", ForeignKey("manifest.id"), nullable=False),
    Column("function", String(16), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("document", Text, nullable=False),
    Column("warnings", Text, nullable=False),
    Column("filed_at", Stamp),
    Column("received_at", Stamp, nullable=False),
    UniqueConstraint("consignment_id", "version"),
)

party = Table(
    "consignment_party",
    metadata,
    Column("id", Id, primary_key=True),
    Column("consignment_id", Id, nullable=False),
    Column("version_id", ForeignKey("consignment_version.id"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("country", String(2)),
    Index(None, "version_id"),
)

container = Table(
    "consignment_container",
    metadata,
    Column("id", Id, primary_key=True),
    Column("consignment_id", Id, nullable=False),
    Column("version_id", ForeignKey("consignment_version.id"), nullable=False),
    Column("number", String(16), nullable=False),
    Column("full", Boolean, nullable=False),
    Index(None, "number"),
    Index(None, "version_id"),
)

goods = Table(
    "consignment_goods",
    metadata,
    Column("id", Id, primary_key=True),
    Column("consignment_id", Id, nullable=False),
    Column("version_id", ForeignKey("consignment_version.id"), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("hs_code", String(10)),
    Column("description", Text, nullable=False),
    Column("gross_weight_kg", Float),
    Index(None, "hs_code"),
    Index(None, "version_id"),
)

quarantine_item = Table(
    "quarantine_item",
    metadata,
    Column("id", Id, primary_key=True),
    Column("raw_message_id", ForeignKey("raw_message.id"), nullable=False),
    Column("format", String(16)),
    Column("scope", String(16), nullable=False),  # message | consignment
    Column("bill_number", String(64)),
    Column("problems", Text, nullable=False),
    Column("fragment", LargeBinary, nullable=False),
    Column("status", String(16), nullable=False),  # open | resolved
    Column("created_at", Stamp, nullable=False),
    Column("resolved_at", Stamp),
    Column("resolved_by_raw_message_id", ForeignKey("raw_message.id")),
    Index(None, "status"),
)

user_account = Table(
    "user_account",
    metadata,
    Column("id", Id, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("roles", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", Stamp, nullable=False),
    Column("ports", Text),  # JSON list of UN/LOCODEs; NULL: every port
)

rule = Table(
    "rule",
    metadata,
    Column("id", Id, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
)

rule_version = Table(
    "rule_version",
    metadata,
    Column("id", Id, primary_key=True),
    Column("rule_id", ForeignKey("rule.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("condition", Text, nullable=False),
    Column("rationale", Text, nullable=False),
    Column("threat", String(20), nullable=False),
    Column("weight", Float, nullable=False),
    Column("action", String(24), nullable=False),
    Column("scope", Text, nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("owner", Text),
    Column("fingerprint", String(64), nullable=False),
    Column("author_id", ForeignKey("user_account.id"), nullable=False),
    Column("created_at", Stamp, nullable=False),
    UniqueConstraint("rule_id", "version"),
    Index(None, "status"),
)

rule_event = Table(
    "rule_event",
    metadata,
    Column("id", Id, primary_key=True),
    Column("rule_id", ForeignKey("rule.id"), nullable=False),
    Column("version_id", ForeignKey("rule_version.id"), nullable=False),
    Column("action", String(16), nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    Column("user_id", ForeignKey("user_account.id"), nullable=False),
    Column("at", Stamp, nullable=False),
    Column("note", Text),
    Index(None, "rule_id"),
)

watchlist = Table(
    "watchlist",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("threshold", Integer, nullable=False),
    Column("source", Text),
    Column("description", Text),
    Column("created_at", Stamp, nullable=False),
    Column("created_by", ForeignKey("user_account.id"), nullable=False),
)

watchlist_entry = Table(
    "watchlist_entry",
    metadata,
    Column("id", Id, primary_key=True),
    Column("watchlist_id", ForeignKey("watchlist.id"), nullable=False),
    Column("entry_key", String(128), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("value", Text, nullable=False),
    Column("name", Text),
    Column("aliases", Text, nullable=False),
    Column("address", Text),
    Column("country", String(16)),
    Column("identifiers", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("source", Text, nullable=False),
    Column("valid_from", Date),
    Column("expires_at", Date),
    Column("fingerprint", String(64), nullable=False),
    Column("added_at", Stamp, nullable=False),
    Column("added_by", ForeignKey("user_account.id"), nullable=False),
    Column("retired", Boolean, nullable=False),
    Column("retired_at", Stamp),
    Index(None, "watchlist_id", "entry_key"),
)

watchlist_event = Table(
    "watchlist_event",
    metadata,
    Column("id", Id, primary_key=True),
    Column("watchlist_id", ForeignKey("watchlist.id"), nullable=False),
    Column("action", String(16), nullable=False),
    Column("user_id", ForeignKey("user_account.id"), nullable=False),
    Column("at", Stamp, nullable=False),
    Column("source", Text),
    Column("sha256", String(64)),
    Column("format", String(16)),
    Column("added", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("retired", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("note", Text),
    Index(None, "watchlist_id"),
)
