"""audit trail, account passwords and API tokens

Revision ID: 0005
Revises: 0004

Triggers (as in 0002, reusing its PostgreSQL function ``cargotarget_refuse_change``) keep the
audit trail append-only and a token's secret, owner and scopes fixed once it is made.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_STAMP = sa.DateTime(timezone=True)
_GUARDS = (
    # trigger, table, the statement it refuses, and the message the refusal carries
    ("audit_event_no_update", "audit_event", "UPDATE", "the audit trail is append-only"),
    ("audit_event_no_delete", "audit_event", "DELETE", "the audit trail is append-only"),
    (
        "api_token_fixed",
        "api_token",
        "UPDATE OF id, prefix, secret_hash, owner_id, scopes, created_at, created_by",
        "a token never changes: revoke it and make a new one",
    ),
)
_REFUSE = "cargotarget_refuse_change"
_AUDIT_INDEXED = (("actor",), ("action",), ("subject_kind", "subject_id"), ("at",))


def _create_guards() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, table, events, message in _GUARDS:
        if postgres:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {events} ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION {_REFUSE}('{message}')"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {events} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )


def _drop_guards() -> None:
    for name, table, *_ in _GUARDS:
        on_table = f" ON {table}" if op.get_bind().dialect.name == "postgresql" else ""
        op.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", _ID, autoincrement=False, nullable=False),
        sa.Column("at", _STAMP, nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("subject_kind", sa.String(length=32), nullable=True),
        sa.Column("subject_id", sa.String(length=256), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_event_hash")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_event_prev_hash")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        for columns in _AUDIT_INDEXED:
            name = batch_op.f("ix_audit_event_" + "_".join(columns))
            batch_op.create_index(name, list(columns), unique=False)
    op.create_table(
        "user_credential",
        sa.Column("user_id", _ID, nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("password_set_at", _STAMP, nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", _STAMP, nullable=True),
        sa.Column("locked_until", _STAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_user_credential_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_credential")),
    )
    op.create_table(
        "api_token",
        sa.Column("id", _ID, nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("owner_id", _ID, nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("expires_at", _STAMP, nullable=True),
        sa.Column("revoked_at", _STAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user_account.id"], name=op.f("fk_api_token_owner_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_api_token_secret_hash")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_prefix"), ["prefix"], unique=False)
    _create_guards()


def downgrade() -> None:
    _drop_guards()
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_prefix"))
    op.drop_table("api_token")
    op.drop_table("user_credential")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        for columns in _AUDIT_INDEXED:
            batch_op.drop_index(batch_op.f("ix_audit_event_" + "_".join(columns)))
    op.drop_table("audit_event")
