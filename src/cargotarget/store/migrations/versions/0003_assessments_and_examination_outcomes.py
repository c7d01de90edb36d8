"""assessments and examination outcomes

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "examination_outcome",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "consignment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("examined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("selection", sa.String(length=16), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignment.id"],
            name=op.f("fk_examination_outcome_consignment_id_consignment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_examination_outcome")),
    )
    with op.batch_alter_table("examination_outcome", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_examination_outcome_consignment_id"), ["consignment_id"], unique=False
        )

    op.create_table(
        "assessment",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "consignment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "version_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ruleset", sa.Text(), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("lane", sa.String(length=8), nullable=False),
        sa.Column("random_selected", sa.Boolean(), nullable=False),
        sa.Column("capacity_dropped", sa.Boolean(), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignment.id"],
            name=op.f("fk_assessment_consignment_id_consignment"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["consignment_version.id"],
            name=op.f("fk_assessment_version_id_consignment_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_consignment_id"), ["consignment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_assessment_lane"), ["lane"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_version_id"), ["version_id"], unique=False)

    op.create_table(
        "assessment_hit",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "assessment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "consignment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column(
            "rule_version_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("watchlist_entry", sa.String(length=128), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_assessment_hit_assessment_id_assessment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_hit")),
    )
    with op.batch_alter_table("assessment_hit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_hit_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_hit_rule_version_id"), ["rule_version_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment_hit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_hit_rule_version_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_hit_assessment_id"))

    op.drop_table("assessment_hit")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_version_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_lane"))
        batch_op.drop_index(batch_op.f("ix_assessment_consignment_id"))

    op.drop_table("assessment")
    with op.batch_alter_table("examination_outcome", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_examination_outcome_consignment_id"))

    op.drop_table("examination_outcome")
