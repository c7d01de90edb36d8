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


def cpu_timed(function: Callable[[], T]) -> tuple[T, float]:
    """The result of ``function`` and the CPU seconds this process spent on it: ratios between
    two parsers then hold on a machine that is busy with other work."""
    start = time.process_time()
    result = function()
    return result, time.process_time() - start
