"""Intake: archive, parse, validate, store and quarantine incoming messages.

The raw bytes are archived (and committed) before anything is parsed, so nothing is ever lost.
Messages are stored in batches; each batch is one transaction. A message whose header fails is
quarantined whole; a bad consignment is quarantined alone while its good neighbours go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Connection, Engine

from cargotarget.ingest.registry import read_messages
from cargotarget.model.problems import ParsedMessage, Problem, Severity
from cargotarget.store import quarantine
from cargotarget.store.archive import Archive, ArchivedMessage
from cargotarget.store.consignments import Filing, Outcome, save_manifest
from cargotarget.workflow.progress import counting
from cargotarget.workflow.report import IngestReport

Progress = Callable[[int], None]
BATCH_CONSIGNMENTS = 5000


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
            raw = self.archive.receive(
                conn, source, provider=provider or "unspecified", filename=filename
            )
        report = IngestReport(
            source=filename or raw.sha256[:12], raw_message_id=raw.id, sha256=raw.sha256
        )
        if raw.duplicate and raw.status == "processed" and not reprocess:
            report.duplicate = True
            return report
        with self.archive.open(raw.sha256) as handle:
            messages = read_messages(counting(handle, progress), format=fmt, filename=filename)
            self._store_all(messages, raw, provider, report)
        with self.engine.begin() as conn:
            Archive.mark(conn, raw.id, status="processed", fmt=report.format)
        return report

    def _store_all(
        self,
        messages: Iterable[ParsedMessage],
        raw: ArchivedMessage,
        provider: str | None,
        report: IngestReport,
    ) -> None:
        batch: list[tuple[int, ParsedMessage]] = []
        size = 0
        for index, message in enumerate(messages, start=1):
            batch.append((index, message))
            size += len(message.manifest.consignments) if message.manifest else 1
            if size >= BATCH_CONSIGNMENTS:
                self._store_batch(batch, raw, provider, report)
                batch, size = [], 0
        if batch:
            self._store_batch(batch, raw, provider, report)

    def _store_batch(
        self,
        batch: list[tuple[int, ParsedMessage]],
        raw: ArchivedMessage,
        provider: str | None,
        report: IngestReport,
    ) -> None:
        with self.engine.begin() as conn:
            for index, message in batch:
                store_message(conn, message, index, raw, provider, report)


def store_message(
    conn: Connection,
    message: ParsedMessage,
    index: int,
    raw: ArchivedMessage,
    provider: str | None,
    report: IngestReport,
) -> None:
    """Store one parsed message: its good consignments, and its bad parts in quarantine."""
    report.messages += 1
    report.format = report.format or message.format
    report.problems.extend(message.problems)
    for rejected in message.rejected:
        report.problems.extend(rejected.problems)
        report.quarantine_ids.append(
            quarantine.hold(
                conn,
                raw_message_id=raw.id,
                fmt=message.format,
                scope="consignment",
                bill_number=rejected.bill_number,
                problems=rejected.problems,
                fragment=rejected.fragment,
            )
        )
    manifest = message.manifest
    if manifest is None:
        report.quarantine_ids.append(
            quarantine.hold(
                conn,
                raw_message_id=raw.id,
                fmt=message.format,
                scope="message",
                bill_number=None,
                problems=message.problems,
                fragment=message.fragment,
            )
        )
        return
    warnings: dict[str, list[Problem]] = {}
    for problem in message.problems:
        if problem.bill_number and problem.severity is Severity.WARNING:
            warnings.setdefault(problem.bill_number, []).append(problem)
    filing = Filing(
        raw_message_id=raw.id,
        message_index=index,
        format=message.format,
        provider=provider or manifest.provider or raw.provider,
        received_at=raw.received_at,
    )
    outcomes = save_manifest(conn, manifest, filing, warnings)
    for bill, outcome in outcomes.items():
        report.count(outcome)
        if outcome is Outcome.UNKNOWN_CANCEL:
            report.problems.append(
                Problem(
                    code="unknown.cancelled_bill",
                    severity=Severity.WARNING,
                    bill_number=bill,
                    position=f"message {index}",
                    message="cancel for a bill that was never filed; nothing to cancel",
                )
            )
