"""Risk responses to filers: fetched by the provider they are for."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
