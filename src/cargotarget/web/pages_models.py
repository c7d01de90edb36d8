"""The model registry pages: versions, metrics, training, promotion with four eyes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
