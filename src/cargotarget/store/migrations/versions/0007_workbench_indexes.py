"""indexes the workbench reads by: assessments by score, consignments by master bill

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_assessment_score", "assessment", ["score"])
    op.create_index("ix_consignment_master_bill_number", "consignment", ["master_bill_number"])


def downgrade() -> None:
    op.drop_index("ix_consignment_master_bill_number", table_name="consignment")
    op.drop_index("ix_assessment_score", table_name="assessment")
