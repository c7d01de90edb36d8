"""API tokens: when each was last used (written at most once a minute per token)

Revision ID: 0011
Revises: 0010

A plain ADD COLUMN on both databases (no table copy on SQLite, so the triggers of 0005 that
keep a token's secret, owner and scopes fixed stay in place; they do not cover this column).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("api_token", sa.Column("last_used_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("last_used_at")
