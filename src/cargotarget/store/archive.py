"""The raw-message archive: every input is kept byte for byte before it is parsed.

Files are stored content-addressed (``<dir>/ab/abcdef...``) by their SHA-256, streamed in chunks
so that inputs of any size are archived without being held in memory. A row in ``raw_message``
records provider, file name, size and received time. The same bytes twice are one archive entry.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import msgspec
from sqlalchemy import Connection, insert, select, update

from cargotarget.store.tables import raw_message

CHUNK = 1024 * 1024


class MessageTooLarge(ValueError):
    """An input larger than the configured limit; nothing of it is kept."""


class ArchivedMessage(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    sha256: str
    provider: str
    filename: str | None
    size: int
    received_at: datetime
    status: str
    duplicate: bool


class Archive:
    """Content-addressed storage of raw inputs under ``root``."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    @contextmanager
    def open(self, sha256: str) -> Iterator[BinaryIO]:
        with self.path_of(sha256).open("rb") as handle:
            yield handle

    def _store_file(self, source: BinaryIO, durable: bool) -> tuple[str, int]:
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with tempfile.NamedTemporaryFile(dir=self.root, delete=False, prefix=".incoming-") as tmp:
            try:
                while chunk := source.read(CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise MessageTooLarge(
                            f"input exceeds the limit of {self.max_bytes:,} bytes"
                        )
                    digest.update(chunk)
                    tmp.write(chunk)
                tmp.flush()
                if durable:
                    os.fsync(tmp.fileno())
            except BaseException:
                tmp.close()
                os.unlink(tmp.name)
                raise
        sha = digest.hexdigest()
        target = self.path_of(sha)
        target.parent.mkdir(exist_ok=True)
        os.replace(tmp.name, target)
        return sha, size

    def receive(
        self,
        conn: Connection,
        source: BinaryIO,
        *,
        provider: str,
        filename: str | None,
        durable: bool = True,
    ) -> ArchivedMessage:
        """Archive ``source`` and record it; an already archived input is returned as a
        duplicate with its first row (provider and received time of the first arrival).

        The file is on disk before the row is committed. ``durable=False`` leaves the flush to
        the caller, which receives many files and calls :meth:`sync` once before committing.
        """
        sha, size = self._store_file(source, durable)
        row = conn.execute(select(raw_message).where(raw_message.c.sha256 == sha)).first()
        if row is not None:
            return _archived(row._mapping, duplicate=True)
        values = {
            "sha256": sha,
            "provider": provider,
            "filename": filename,
            "size": size,
            "received_at": datetime.now(UTC),
            "status": "received",
        }
        new_id = conn.execute(insert(raw_message).values(values)).inserted_primary_key
        assert new_id is not None
        return _archived({**values, "id": new_id[0]}, duplicate=False)

    @staticmethod
    def sync() -> None:
        """Flush every file written with ``durable=False`` to disk."""
        os.sync()

    @staticmethod
    def mark(conn: Connection, message_id: int, *, status: str, fmt: str | None) -> None:
        conn.execute(
            update(raw_message)
            .where(raw_message.c.id == message_id)
            .values(status=status, format=fmt)
        )


def _archived(row: Mapping[Any, Any], *, duplicate: bool) -> ArchivedMessage:
    values = {key: value for key, value in row.items() if key != "format"}
    return ArchivedMessage(**values, duplicate=duplicate)
