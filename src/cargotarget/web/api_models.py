"""The model registry over the API: versions, training, promotion."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
