"""The case API: claim, assign, decide, order examinations, record results, read decisions."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["cases"])
