"""Data providers over the API, and acknowledgements for filers."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
