"""The rule and watch-list pages: list, edit with live checking, backtest, four-eyes approval and
per-rule performance."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
