"""initial schema

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "raw_message",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_message")),
        sa.UniqueConstraint("sha256", name=op.f("uq_raw_message_sha256")),
    )
    op.create_table(
        "voyage",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("voyage_key", sa.String(length=160), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("carrier_code", sa.String(length=16), nullable=True),
        sa.Column("vessel_name", sa.Text(), nullable=True),
        sa.Column("imo_number", sa.String(length=7), nullable=True),
        sa.Column("voyage_number", sa.String(length=64), nullable=False),
        sa.Column("departure_port", sa.String(length=5), nullable=True),
        sa.Column("departure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("arrival_port", sa.String(length=5), nullable=True),
        sa.Column("arrival_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voyage")),
        sa.UniqueConstraint("voyage_key", name=op.f("uq_voyage_voyage_key")),
    )
    op.create_table(
        "consignment",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("bill_number", sa.String(length=64), nullable=False),
        sa.Column(
            "voyage_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "current_version_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("master_bill_number", sa.String(length=64), nullable=True),
        sa.Column("port_of_loading", sa.String(length=5), nullable=True),
        sa.Column("port_of_discharge", sa.String(length=5), nullable=True),
        sa.Column("origin_country", sa.String(length=2), nullable=True),
        sa.Column("arrival_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["voyage_id"], ["voyage.id"], name=op.f("fk_consignment_voyage_id_voyage")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consignment")),
        sa.UniqueConstraint(
            "provider", "bill_number", name=op.f("uq_consignment_provider_bill_number")
        ),
    )
    with op.batch_alter_table("consignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consignment_arrival_at"), ["arrival_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consignment_bill_number"), ["bill_number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_consignment_voyage_id"), ["voyage_id"], unique=False)

    op.create_table(
        "manifest",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "raw_message_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("message_index", sa.Integer(), nullable=False),
        sa.Column(
            "voyage_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("reference", sa.String(length=128), nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("flow", sa.String(length=16), nullable=False),
        sa.Column("function", sa.String(length=16), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["raw_message_id"],
            ["raw_message.id"],
            name=op.f("fk_manifest_raw_message_id_raw_message"),
        ),
        sa.ForeignKeyConstraint(
            ["voyage_id"], ["voyage.id"], name=op.f("fk_manifest_voyage_id_voyage")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manifest")),
    )
    op.create_table(
        "quarantine_item",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "raw_message_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("format", sa.String(length=16), nullable=True),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("bill_number", sa.String(length=64), nullable=True),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("fragment", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "resolved_by_raw_message_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["raw_message_id"],
            ["raw_message.id"],
            name=op.f("fk_quarantine_item_raw_message_id_raw_message"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_raw_message_id"],
            ["raw_message.id"],
            name=op.f("fk_quarantine_item_resolved_by_raw_message_id_raw_message"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine_item")),
    )
    with op.batch_alter_table("quarantine_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quarantine_item_status"), ["status"], unique=False)

    op.create_table(
        "consignment_version",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "consignment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "manifest_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("function", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignment.id"],
            name=op.f("fk_consignment_version_consignment_id_consignment"),
        ),
        sa.ForeignKeyConstraint(
            ["manifest_id"],
            ["manifest.id"],
            name=op.f("fk_consignment_version_manifest_id_manifest"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consignment_version")),
        sa.UniqueConstraint(
            "consignment_id", "version", name=op.f("uq_consignment_version_consignment_id_version")
        ),
    )
    op.create_table(
        "consignment_container",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "consignment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "version_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["consignment_version.id"],
            name=op.f("fk_consignment_container_version_id_consignment_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consignment_container")),
    )
    with op.batch_alter_table("consignment_container", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consignment_container_number"), ["number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consignment_container_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "consignment_goods",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "consignment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "version_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("hs_code", sa.String(length=10), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("gross_weight_kg", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["consignment_version.id"],
            name=op.f("fk_consignment_goods_version_id_consignment_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consignment_goods")),
    )
    with op.batch_alter_table("consignment_goods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consignment_goods_hs_code"), ["hs_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consignment_goods_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "consignment_party",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "consignment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "version_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["consignment_version.id"],
            name=op.f("fk_consignment_party_version_id_consignment_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consignment_party")),
    )
    with op.batch_alter_table("consignment_party", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consignment_party_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consignment_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consignment_party_version_id"))

    op.drop_table("consignment_party")
    with op.batch_alter_table("consignment_goods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consignment_goods_version_id"))
        batch_op.drop_index(batch_op.f("ix_consignment_goods_hs_code"))

    op.drop_table("consignment_goods")
    with op.batch_alter_table("consignment_container", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consignment_container_version_id"))
        batch_op.drop_index(batch_op.f("ix_consignment_container_number"))

    op.drop_table("consignment_container")
    op.drop_table("consignment_version")
    with op.batch_alter_table("quarantine_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quarantine_item_status"))

    op.drop_table("quarantine_item")
    op.drop_table("manifest")
    with op.batch_alter_table("consignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consignment_voyage_id"))
        batch_op.drop_index(batch_op.f("ix_consignment_bill_number"))
        batch_op.drop_index(batch_op.f("ix_consignment_arrival_at"))

    op.drop_table("consignment")
    op.drop_table("voyage")
    op.drop_table("raw_message")
