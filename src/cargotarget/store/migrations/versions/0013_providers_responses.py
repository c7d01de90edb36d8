"""Data providers with identifiers; risk responses to filers

Revision ID: 0013
Revises: 0012

Registered filers (``data_provider``) with the identifiers they are known by in messages and
the user accounts that file for them; ``filer_response``, the responses decisions send to
filers (request information, do not load, assessment complete).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_STAMP = sa.DateTime(timezone=True)


def _providers() -> None:
    op.create_table(
        "data_provider",
        sa.Column("id", _ID, nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_provider")),
        sa.UniqueConstraint("code", name=op.f("uq_data_provider_code")),
    )
    op.create_table(
        "provider_identifier",
        sa.Column("id", _ID, nullable=False),
        sa.Column("provider_id", _ID, nullable=False),
        sa.Column("scheme", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("added_at", _STAMP, nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["data_provider.id"],
            name=op.f("fk_provider_identifier_provider_id_data_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_identifier")),
        sa.UniqueConstraint("scheme", "value", name=op.f("uq_provider_identifier_scheme_value")),
    )
    op.create_index(op.f("ix_provider_identifier_value"), "provider_identifier", ["value"])
    op.create_table(
        "provider_account",
        sa.Column("user_id", _ID, nullable=False),
        sa.Column("provider_id", _ID, nullable=False),
        sa.Column("linked_at", _STAMP, nullable=False),
        sa.Column("linked_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["data_provider.id"],
            name=op.f("fk_provider_account_provider_id_data_provider"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_provider_account_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_provider_account")),
    )
    op.create_index(op.f("ix_provider_account_provider_id"), "provider_account", ["provider_id"])


def _responses() -> None:
    op.create_table(
        "filer_response",
        sa.Column("id", _ID, nullable=False),
        sa.Column("provider_id", _ID, nullable=True),
        sa.Column("filer", sa.String(length=64), nullable=False),
        sa.Column("consignment_id", _ID, nullable=False),
        sa.Column("bill_number", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reason_code", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("message_reference", sa.String(length=128), nullable=True),
        sa.Column("filed_format", sa.String(length=16), nullable=True),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("fetched_at", _STAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignment.id"],
            name=op.f("fk_filer_response_consignment_id_consignment"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["data_provider.id"],
            name=op.f("fk_filer_response_provider_id_data_provider"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filer_response")),
    )
    op.create_index(
        op.f("ix_filer_response_provider_id_id"), "filer_response", ["provider_id", "id"]
    )
    op.create_index(op.f("ix_filer_response_filer_id"), "filer_response", ["filer", "id"])
    op.create_index(op.f("ix_filer_response_consignment_id"), "filer_response", ["consignment_id"])


def upgrade() -> None:
    _providers()
    _responses()


def downgrade() -> None:
    op.drop_table("filer_response")
    op.drop_table("provider_account")
    op.drop_table("provider_identifier")
    op.drop_table("data_provider")
