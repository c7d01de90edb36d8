"""The audit trail viewer and the administration of users, their ports and API tokens."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
