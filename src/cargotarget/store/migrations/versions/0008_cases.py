"""target-to-result cases: the append-only case events and the current state of each case

Revision ID: 0008
Revises: 0007

A trigger (as in 0005, reusing the PostgreSQL function ``cargotarget_refuse_change`` of 0002)
keeps the case events append-only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_STAMP = sa.DateTime(timezone=True)
_MESSAGE = "case events are append-only"
_GUARDS = (("case_event_no_update", "UPDATE"), ("case_event_no_delete", "DELETE"))


def upgrade() -> None:
    op.create_table(
        "case_event",
        sa.Column("id", _ID, nullable=False),
        sa.Column("consignment_id", _ID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", _STAMP, nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reason_code", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignment.id"],
            name=op.f("fk_case_event_consignment_id_consignment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
        sa.UniqueConstraint(
            "consignment_id", "version", name=op.f("uq_case_event_consignment_id_version")
        ),
    )
    op.create_table(
        "case_state",
        sa.Column("consignment_id", _ID, nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("assignee", sa.String(length=128), nullable=True),
        sa.Column("decision", sa.String(length=32), nullable=True),
        sa.Column("examination", sa.String(length=32), nullable=True),
        sa.Column("updated_at", _STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignment.id"],
            name=op.f("fk_case_state_consignment_id_consignment"),
        ),
        sa.PrimaryKeyConstraint("consignment_id", name=op.f("pk_case_state")),
    )
    with op.batch_alter_table("case_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_state_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_state_assignee"), ["assignee"], unique=False)
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, statement in _GUARDS:
        if postgres:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {statement} ON case_event FOR EACH ROW "
                f"EXECUTE FUNCTION cargotarget_refuse_change('{_MESSAGE}')"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {statement} ON case_event "
                f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )


def downgrade() -> None:
    on_table = " ON case_event" if op.get_bind().dialect.name == "postgresql" else ""
    for name, _ in _GUARDS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")
    with op.batch_alter_table("case_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_state_assignee"))
        batch_op.drop_index(batch_op.f("ix_case_state_status"))
    op.drop_table("case_state")
    op.drop_table("case_event")
