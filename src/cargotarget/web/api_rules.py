"""The rule and watch-list API: read, write, backtest, submit, approve, reject, retire."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["rules"])
