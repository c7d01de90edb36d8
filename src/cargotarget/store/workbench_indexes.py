"""Indexes the workbench reads by (migration 0007): the queue walks assessments by score, and a
search by bill number looks at master bills too."""

from __future__ import annotations

from sqlalchemy import Index

from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment

assessment_score = Index("ix_assessment_score", assessment.c.score)
consignment_master_bill = Index(
    "ix_consignment_master_bill_number", t.consignment.c.master_bill_number
)
