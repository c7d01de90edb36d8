"""The case pages: deciding from the queue, examination orders, the examiner's list and result
capture."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
