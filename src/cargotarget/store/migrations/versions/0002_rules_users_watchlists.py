"""rules, rule versions and events, users, watch lists and their entries and events

Revision ID: 0002
Revises: 0001

Besides the tables, triggers keep the record honest on both databases: rule and watch-list
events are append-only, and a rule version's content (everything but its status) never changes
and the version is never deleted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_CONTENT = (
    "rule_id, version, name, condition, rationale, threat, weight, action, scope, valid_from, "
    "valid_to, owner, fingerprint, author_id, created_at"
)
_GUARDS = (
    # trigger, table, the statement it refuses, and the message the refusal carries
    ("rule_event_no_update", "rule_event", "UPDATE", "rule events are append-only"),
    ("rule_event_no_delete", "rule_event", "DELETE", "rule events are append-only"),
    ("watchlist_event_no_update", "watchlist_event", "UPDATE", "watch-list events are append-only"),
    ("watchlist_event_no_delete", "watchlist_event", "DELETE", "watch-list events are append-only"),
    (
        "rule_version_content_fixed",
        "rule_version",
        f"UPDATE OF {_CONTENT}",
        "a rule version never changes: save a new version",
    ),
    ("rule_version_no_delete", "rule_version", "DELETE", "a rule version is never deleted"),
)
_REFUSE = "cargotarget_refuse_change"


def _create_guards() -> None:
    """Triggers that refuse the changes listed in ``_GUARDS``, with a readable message."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {_REFUSE}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$"
        )
        for name, table, events, message in _GUARDS:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {events} ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION {_REFUSE}('{message}')"
            )
        return
    for name, table, events, message in _GUARDS:
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {events} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def _drop_guards() -> None:
    for name, table, *_ in _GUARDS:
        on_table = f" ON {table}" if op.get_bind().dialect.name == "postgresql" else ""
        op.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {_REFUSE}()")


def upgrade() -> None:
    op.create_table(
        "rule",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule")),
        sa.UniqueConstraint("code", name=op.f("uq_rule_code")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("username", name=op.f("uq_user_account_username")),
    )
    op.create_table(
        "rule_version",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("rule_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("condition", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("threat", sa.String(length=20), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column(
            "author_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_rule_version_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["rule.id"], name=op.f("fk_rule_version_rule_id_rule")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_version")),
        sa.UniqueConstraint("rule_id", "version", name=op.f("uq_rule_version_rule_id_version")),
    )
    with op.batch_alter_table("rule_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_version_status"), ["status"], unique=False)

    op.create_table(
        "watchlist",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user_account.id"], name=op.f("fk_watchlist_created_by_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist")),
        sa.UniqueConstraint("name", name=op.f("uq_watchlist_name")),
    )
    op.create_table(
        "rule_event",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("rule_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "version_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["rule_id"], ["rule.id"], name=op.f("fk_rule_event_rule_id_rule")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_rule_event_user_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["rule_version.id"], name=op.f("fk_rule_event_version_id_rule_version")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_event")),
    )
    with op.batch_alter_table("rule_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_event_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "watchlist_entry",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "watchlist_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("entry_key", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=16), nullable=True),
        sa.Column("identifiers", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("expires_at", sa.Date(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by"], ["user_account.id"], name=op.f("fk_watchlist_entry_added_by_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["watchlist_id"],
            ["watchlist.id"],
            name=op.f("fk_watchlist_entry_watchlist_id_watchlist"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_entry")),
    )
    with op.batch_alter_table("watchlist_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watchlist_entry_watchlist_id_entry_key"),
            ["watchlist_id", "entry_key"],
            unique=False,
        )

    op.create_table(
        "watchlist_event",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "watchlist_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("format", sa.String(length=16), nullable=True),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_watchlist_event_user_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["watchlist_id"],
            ["watchlist.id"],
            name=op.f("fk_watchlist_event_watchlist_id_watchlist"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_event")),
    )
    with op.batch_alter_table("watchlist_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watchlist_event_watchlist_id"), ["watchlist_id"], unique=False
        )
    _create_guards()


def downgrade() -> None:
    _drop_guards()
    with op.batch_alter_table("watchlist_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_event_watchlist_id"))

    op.drop_table("watchlist_event")
    with op.batch_alter_table("watchlist_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_entry_watchlist_id_entry_key"))

    op.drop_table("watchlist_entry")
    with op.batch_alter_table("rule_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_event_rule_id"))

    op.drop_table("rule_event")
    op.drop_table("watchlist")
    with op.batch_alter_table("rule_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_version_status"))

    op.drop_table("rule_version")
    op.drop_table("user_account")
    op.drop_table("rule")
