"""The raw archive: content addressing, duplicates, size limit, streaming of large inputs."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cargotarget.store.archive import Archive, MessageTooLarge


class _Endless(io.RawIOBase):
    """``total`` bytes of a repeating pattern, produced as they are read."""

    def __init__(self, total: int) -> None:
        self.left = total
        self.pattern = b"UNH+1+CUSCAR:D:95B:UN'" * 1000

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = min(len(buffer), self.left, len(self.pattern))
        buffer[:size] = self.pattern[:size]
        self.left -= size
        return size


def test_duplicates_are_recognised(engine: Engine, tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a", max_bytes=10_000)
    with engine.begin() as conn:
        first = archive.receive(conn, io.BytesIO(b"abc"), provider="P1", filename="x")
        second = archive.receive(conn, io.BytesIO(b"abc"), provider="P2", filename="y")
    assert not first.duplicate
    assert second.duplicate
    assert (second.id, second.provider, second.filename) == (first.id, "P1", "x")
    assert first.sha256 == hashlib.sha256(b"abc").hexdigest()
    assert archive.path_of(first.sha256).read_bytes() == b"abc"


def test_too_large_leaves_no_file(engine: Engine, tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a", max_bytes=100)
    with engine.begin() as conn, pytest.raises(MessageTooLarge):
        archive.receive(conn, io.BytesIO(b"x" * 101), provider="P", filename=None)
    assert [p for p in (tmp_path / "a").rglob("*") if p.is_file()] == []


@pytest.mark.slow
def test_several_hundred_megabytes_stream_through_in_bounded_memory(
    engine: Engine, tmp_path: Path
) -> None:
    total = 300 * 1024 * 1024
    archive = Archive(tmp_path / "a", max_bytes=2 * total)
    tracemalloc.start()
    with engine.begin() as conn:
        archived = archive.receive(
            conn, io.BufferedReader(_Endless(total)), provider="P", filename="big"
        )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert archived.size == total
    assert archive.path_of(archived.sha256).stat().st_size == total
    assert peak < 32 * 1024 * 1024
