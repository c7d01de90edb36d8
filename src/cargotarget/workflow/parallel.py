"""Parsing archived files in worker processes while the main process stores.

Parsing is CPU-bound pure Python; storing waits on the database. With a pool of parsers the two
overlap and both cores work. Results come back in submission order (amendments must be stored
after the filings they amend), through a bounded window so memory stays flat.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

import msgspec

from cargotarget.ingest.registry import read_messages
from cargotarget.model.problems import ParsedMessage

T = TypeVar("T")
R = TypeVar("R")

_decoder = msgspec.msgpack.Decoder(list[ParsedMessage])


def parse_file(path: str, fmt: str | None, filename: str | None) -> bytes:
    """Parse one file (in a worker); the messages come back msgpack-encoded, which is much
    cheaper to move between processes than pickled objects."""
    with open(path, "rb") as handle:
        return msgspec.msgpack.encode(list(read_messages(handle, format=fmt, filename=filename)))


def decode_messages(payload: bytes) -> list[ParsedMessage]:
    return _decoder.decode(payload)


def ordered_map(
    function: Callable[..., R], jobs: Iterable[tuple[object, ...]], workers: int, window: int
) -> Iterator[R]:
    """``function(*job)`` for every job in worker processes, yielded in the jobs' order with at
    most ``window`` jobs in flight."""
    pending: deque[Future[R]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for job in jobs:
            pending.append(pool.submit(function, *job))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
