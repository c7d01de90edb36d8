"""Data provider administration: registration, identifiers, tokens."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
