"""history rows (the compact form of each consignment version that indicators learn from),
the first filing of each bill, and the assessment queue

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_INDEXED = ("bill_number", "shipper_key", "consignee_key", "hs_heading", "origin_country")


def upgrade() -> None:
    op.create_table(
        "history_row",
        sa.Column("version_id", _ID, nullable=False),
        sa.Column("consignment_id", _ID, nullable=False),
        sa.Column("bill_number", sa.String(length=64), nullable=False),
        sa.Column("filed_at_us", sa.BigInteger(), nullable=True),
        sa.Column("shipper_key", sa.Text(), nullable=True),
        sa.Column("consignee_key", sa.Text(), nullable=True),
        sa.Column("notify_key", sa.Text(), nullable=True),
        sa.Column("containers", sa.Text(), nullable=False),
        sa.Column("seals", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("hs_heading", sa.String(length=4), nullable=True),
        sa.Column("hs_chapter", sa.String(length=2), nullable=True),
        sa.Column("origin_country", sa.String(length=2), nullable=True),
        sa.Column("gross_weight_kg", sa.Float(), nullable=True),
        sa.Column("package_count", sa.Float(), nullable=True),
        sa.Column("container_count", sa.Float(), nullable=True),
        sa.Column("dangerous_goods", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["consignment_version.id"],
            name=op.f("fk_history_row_version_id_consignment_version"),
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_history_row")),
    )
    with op.batch_alter_table("history_row", schema=None) as batch_op:
        for column in _INDEXED:
            batch_op.create_index(batch_op.f(f"ix_history_row_{column}"), [column], unique=False)

    op.create_table(
        "assessment_queue",
        sa.Column("version_id", _ID, nullable=False),
        sa.Column("consignment_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["consignment_version.id"],
            name=op.f("fk_assessment_queue_version_id_consignment_version"),
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_assessment_queue")),
    )
    with op.batch_alter_table("assessment_queue", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_queue_consignment_id"), ["consignment_id"], unique=False
        )
    op.create_table(
        "bill_first",
        sa.Column("bill_number", sa.String(length=64), nullable=False),
        sa.Column("version_id", _ID, nullable=False),
        sa.Column("filed_at_us", sa.BigInteger(), nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=True),
        sa.Column("hs_chapter", sa.String(length=2), nullable=True),
        sa.Column("hs_heading", sa.String(length=4), nullable=True),
        sa.Column("gross_weight_kg", sa.Float(), nullable=True),
        sa.Column("package_count", sa.Float(), nullable=True),
        sa.Column("container_count", sa.Float(), nullable=True),
        sa.Column("dangerous_goods", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("bill_number", name=op.f("pk_bill_first")),
    )
    with op.batch_alter_table("bill_first", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bill_first_origin_country_filed_at_us"),
            ["origin_country", "filed_at_us"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_bill_first_origin_country_hs_chapter_filed_at_us"),
            ["origin_country", "hs_chapter", "filed_at_us"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_bill_first_hs_heading_filed_at_us"),
            ["hs_heading", "filed_at_us"],
            unique=False,
        )
    op.execute(
        "INSERT INTO assessment_queue (version_id, consignment_id) "
        "SELECT c.current_version_id, c.id FROM consignment c "
        "WHERE c.current_version_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM assessment a WHERE a.version_id = c.current_version_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("bill_first", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bill_first_hs_heading_filed_at_us"))
        batch_op.drop_index(batch_op.f("ix_bill_first_origin_country_hs_chapter_filed_at_us"))
        batch_op.drop_index(batch_op.f("ix_bill_first_origin_country_filed_at_us"))
    op.drop_table("bill_first")
    with op.batch_alter_table("assessment_queue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_queue_consignment_id"))
    op.drop_table("assessment_queue")
    with op.batch_alter_table("history_row", schema=None) as batch_op:
        for column in _INDEXED:
            batch_op.drop_index(batch_op.f(f"ix_history_row_{column}"))
    op.drop_table("history_row")
