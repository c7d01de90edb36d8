"""The relational schema (SQLAlchemy Core). Alembic migrations in ``migrations/`` create it.

Distribution keys: ``voyage_id`` and ``consignment_id`` are carried by every consignment-level
table so that a scale-out PostgreSQL (Citus) can shard on them. Versions are append-only: an
amendment adds a ``consignment_version`` and moves ``consignment.current_version_id``; the search
tables (parties, containers, goods) hang off the version, so history stays searchable.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
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
