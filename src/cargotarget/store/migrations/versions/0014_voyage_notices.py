"""Voyage notices: voyages announced before their manifests

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "voyage_notice",
        sa.Column("id", _ID, nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("carrier_code", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("voyage_number", sa.String(length=64), nullable=False),
        sa.Column("port", sa.String(length=5), nullable=False),
        sa.Column("departure_at", _STAMP, nullable=True),
        sa.Column("arrival_at", _STAMP, nullable=True),
        sa.Column("due_at", _STAMP, nullable=True),
        sa.Column("received_at", _STAMP, nullable=False),
        sa.Column("announced_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voyage_notice")),
    )
    with op.batch_alter_table("voyage_notice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_voyage_notice_carrier_code_voyage_number_port"),
            ["carrier_code", "voyage_number", "port"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_voyage_notice_due_at"), ["due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("voyage_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voyage_notice_due_at"))
        batch_op.drop_index(batch_op.f("ix_voyage_notice_carrier_code_voyage_number_port"))
    op.drop_table("voyage_notice")
