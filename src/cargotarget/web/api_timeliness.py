"""Coverage and timeliness figures over the API."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
