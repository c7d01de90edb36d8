"""Turns for the short writes of page views (audit events) on an SQLite database.

SQLite lets one writer at a time, and a writer that finds the lock taken sleeps in growing
steps (1, 2, 5, 10 ... 100 ms) before it tries again, however soon the lock is free: with
twenty clients, the unlucky view waited tens of milliseconds for a write of under one. Writers
that take turns here instead wake as soon as the one before them is done: the threads of a
process on a lock, the server processes on an advisory lock of a file beside the database
(``flock``, where the system has it). PostgreSQL needs none of this: its advisory lock queues
the audit trail's writers without sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import Engine

try:
    import fcntl
except ImportError:  # pragma: no cover - a system without flock: threads take turns only
    fcntl = None  # type: ignore[assignment]


class WriteTurns:
    """Turns for writes to ``engine``'s database (none needed but for SQLite files)."""

    def __init__(self, engine: Engine) -> None:
        self._threads = threading.Lock()
        self.needed = engine.dialect.name == "sqlite"
        database = engine.url.database if self.needed else None
        self._path = None
        if database and database != ":memory:" and fcntl is not None:
            self._path = Path(database).with_name(Path(database).name + ".write-turn")
        self._file: IO[bytes] | None = None

    def _lock_file(self) -> IO[bytes] | None:
        if self._file is None and self._path is not None:
            try:
                self._file = self._path.open("ab")
            except OSError:  # a folder we may not write to: threads take turns only
                self._path = None
        return self._file

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the turn (a no-op unless the database is SQLite)."""
        if not self.needed:
            yield
            return
        with self._threads:
            held = self._lock_file()
            if held is None:
                yield
                return
            fcntl.flock(held, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(held, fcntl.LOCK_UN)
