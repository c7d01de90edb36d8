"""Shared helpers of the benchmarks: figures printed for people and as JSON lines."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def metric(bench: str, name: str, value: float, unit: str) -> None:
    """Print one headline figure as a JSON line, the form CI and notes collect."""
    print(json.dumps({"bench": bench, "metric": name, "value": round(value, 4), "unit": unit}))


def timed(function: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start
