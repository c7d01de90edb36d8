"""Intake: archive, parse, validate, store and quarantine incoming messages.

The raw bytes are archived (and committed) before anything is parsed, so nothing is ever lost.
Messages are stored in batches; each batch is one transaction. A message whose header fails is
quarantined whole; a bad consignment is quarantined alone while its good neighbours go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Connection, Engine

from cargotarget.ingest.registry import read_messages
from cargotarget.model.problems import ParsedMessage
from cargotarget.store.archive import Archive, ArchivedMessage
from cargotarget.workflow.parallel import decode_messages, ordered_map, parse_file
from cargotarget.workflow.progress import counting
from cargotarget.workflow.report import IngestReport
from cargotarget.workflow.storing import Batches, store_file

Progress = Callable[[int], None]
LARGE_FILE = 64 * 1024 * 1024


class Intake:
    """The one way messages enter the store, whatever channel they arrive by."""

    def __init__(self, engine: Engine, archive: Archive) -> None:
        self.engine = engine
        self.archive = archive

    def ingest_path(
        self,
        path: Path,
        *,
        provider: str | None = None,
        fmt: str | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        with path.open("rb") as handle:
            return self.ingest(
                handle, provider=provider, filename=path.name, fmt=fmt, progress=progress
            )

    def ingest(
        self,
        source: BinaryIO,
        *,
        provider: str | None = None,
        filename: str | None = None,
        fmt: str | None = None,
        progress: Progress | None = None,
        reprocess: bool = False,
    ) -> IngestReport:
        """Archive ``source``, then parse and store it. The same bytes twice change nothing;
        ``reprocess`` parses already processed bytes again (storing is idempotent)."""
        with self.engine.begin() as conn:
            raw, report = self._receive(conn, source, provider, filename)
        if report.duplicate and not reprocess:
            return report
        report.duplicate = False
        with self.archive.open(raw.sha256) as handle, Batches(self.engine) as batches:
            messages = read_messages(counting(handle, progress), format=fmt, filename=filename)
            store_file(batches, messages, raw, provider, report)
        return report

    def ingest_paths(
        self,
        paths: Sequence[Path],
        *,
        provider: str | None = None,
        fmt: str | None = None,
        workers: int = 2,
        progress: Progress | None = None,
    ) -> list[IngestReport]:
        """Archive every file, then parse them in ``workers`` processes while this one stores
        them, in the given order. ``progress`` receives the bytes handled so far."""
        with self.engine.begin() as conn:
            received = [self._receive_path(conn, path, provider) for path in paths]
            self.archive.sync()
        todo = [(raw, report) for raw, report in received if not report.duplicate]
        jobs = [(str(self.archive.path_of(raw.sha256)), fmt, report.source) for raw, report in todo]
        # Parsed files travel whole between processes: large ones are streamed here instead.
        parallel = workers > 1 and len(todo) > 1 and all(r.size <= LARGE_FILE for r, _ in todo)
        parsed: Iterable[Iterable[ParsedMessage]]
        if parallel:
            parsed = map(decode_messages, ordered_map(parse_file, jobs, workers, 4 * workers))
        else:
            parsed = (read_messages_from(*job) for job in jobs)
        done = sum(raw.size for raw, report in received if report.duplicate)
        with Batches(self.engine) as batches:
            for (raw, report), messages in zip(todo, parsed, strict=True):
                store_file(batches, messages, raw, provider, report)
                done += raw.size
                if progress is not None:
                    progress(done)
        return [report for _, report in received]

    def _receive_path(
        self, conn: Connection, path: Path, provider: str | None
    ) -> tuple[ArchivedMessage, IngestReport]:
        with path.open("rb") as handle:
            return self._receive(conn, handle, provider, path.name, durable=False)

    def _receive(
        self,
        conn: Connection,
        source: BinaryIO,
        provider: str | None,
        filename: str | None,
        durable: bool = True,
    ) -> tuple[ArchivedMessage, IngestReport]:
        raw = self.archive.receive(
            conn, source, provider=provider or "unspecified", filename=filename, durable=durable
        )
        report = IngestReport(
            source=filename or raw.sha256[:12],
            raw_message_id=raw.id,
            sha256=raw.sha256,
            duplicate=raw.duplicate and raw.status == "processed",
        )
        return raw, report


def read_messages_from(path: str, fmt: str | None, filename: str | None) -> Iterator[ParsedMessage]:
    """The messages of an archived file, read as a stream in this process."""
    with open(path, "rb") as handle:
        yield from read_messages(handle, format=fmt, filename=filename)
