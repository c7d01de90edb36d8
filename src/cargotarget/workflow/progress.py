"""A stream that reports how many bytes have been consumed, for progress bars."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO


class _CountingRaw(io.RawIOBase):
    def __init__(self, inner: BinaryIO, progress: Callable[[int], None]) -> None:
        self.inner = inner
        self.progress = progress
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.done += len(data)
        self.progress(self.done)
        return len(data)


def counting(inner: BinaryIO, progress: Callable[[int], None] | None) -> BinaryIO:
    """``inner`` as a buffered stream that calls ``progress(bytes_read)`` as it is consumed."""
    if progress is None:
        return inner
    return io.BufferedReader(_CountingRaw(inner, progress), buffer_size=1024 * 1024)
