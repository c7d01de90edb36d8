"""watch-list proposals: a change to a watch list waits for a second person's approval

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "watchlist_proposal",
        sa.Column("id", _ID, nullable=False),
        sa.Column("list_name", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("skip_bad", sa.Boolean(), nullable=False),
        sa.Column("retire_missing", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("proposed_by", _ID, nullable=False),
        sa.Column("proposed_at", _STAMP, nullable=False),
        sa.Column("decided_by", _ID, nullable=True),
        sa.Column("decided_at", _STAMP, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["proposed_by"],
            ["user_account.id"],
            name=op.f("fk_watchlist_proposal_proposed_by_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["user_account.id"],
            name=op.f("fk_watchlist_proposal_decided_by_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_proposal")),
    )
    with op.batch_alter_table("watchlist_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watchlist_proposal_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_watchlist_proposal_list_name"), ["list_name"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("watchlist_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_proposal_list_name"))
        batch_op.drop_index(batch_op.f("ix_watchlist_proposal_status"))
    op.drop_table("watchlist_proposal")
