"""Looking at the start of a stream without losing it.

Formats are recognised from their first bytes, and the reader chosen must still see those bytes.
Any binary stream is accepted (a file, a socket wrapper, a progress-counting reader), so the head
is read once and served again in front of the rest rather than relying on ``seek`` or ``peek``.
"""

from __future__ import annotations

import io
from typing import BinaryIO

BUFFER_SIZE = 1024 * 1024


class _Rewound(io.RawIOBase):
    """The bytes already read from a stream, followed by the stream's remaining bytes."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            # Once served, the head is let go, so that a large head is not held to the end.
            self._head = self._head[n:] if n < len(self._head) else memoryview(b"")
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def peek(stream: BinaryIO, size: int) -> tuple[bytes, BinaryIO]:
    """Return up to ``size`` bytes from the start of ``stream``, and a buffered stream that reads
    from the very beginning again (the head first, then the rest)."""
    head = b""
    while len(head) < size:
        chunk = stream.read(size - len(head))
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(_Rewound(head, stream), buffer_size=BUFFER_SIZE)
