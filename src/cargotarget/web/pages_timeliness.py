"""Coverage and timeliness of the data per provider and port, with charts."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
