"""Running one step over chunks of work on every core, by forking the current process.

The large read-only structures (the index, the names) are inherited by the forked workers
instead of being copied through pipes; only chunk bounds go out and compact results (numpy
arrays, lists of strings) come back. Where fork is unavailable the chunks run in turn.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
C = TypeVar("C")
R = TypeVar("R")

_inherited: tuple[Callable[[Any, Any], Any], Any] | None = None


def spans(total: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous (start, stop) ranges covering ``range(total)`` evenly."""
    parts = max(1, min(parts, total))
    bounds = [total * k // parts for k in range(parts + 1)]
    return [(bounds[k], bounds[k + 1]) for k in range(parts) if bounds[k] < bounds[k + 1]]


def run_forked(task: Callable[[S, C], R], shared: S, chunks: Sequence[C], workers: int) -> list[R]:
    """``[task(shared, chunk) for chunk in chunks]``, spread over ``workers`` forked processes.

    ``shared`` reaches the workers by inheritance, so it may be large and need not pickle.
    """
    if workers <= 1 or len(chunks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [task(shared, chunk) for chunk in chunks]
    global _inherited
    _inherited = (task, shared)
    # Frozen objects are skipped by the collector, so the workers do not write to (and so
    # copy) every page of the inherited heap when they collect garbage.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(chunks))) as pool:
            return pool.map(_run_inherited, chunks, chunksize=1)
    finally:
        _inherited = None
        gc.unfreeze()


def _run_inherited(chunk: Any) -> Any:
    """Worker side of :func:`run_forked`: apply the inherited task to one chunk."""
    assert _inherited is not None
    task, shared = _inherited
    return task(shared, chunk)
