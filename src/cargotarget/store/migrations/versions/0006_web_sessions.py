"""browser sessions of the workbench

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "web_session",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", _ID, nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.Column("last_seen_at", _STAMP, nullable=False),
        sa.Column("expires_at", _STAMP, nullable=False),
        sa.Column("ended_at", _STAMP, nullable=True),
        sa.Column("ended_why", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_web_session_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_session")),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_session_user_id"))
    op.drop_table("web_session")
