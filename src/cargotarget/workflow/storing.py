"""Storing parsed messages: good consignments to the store, bad parts to quarantine, in batches.

A :class:`Batches` holds one transaction open across messages (and files) until enough
consignments are written, so that commits stay few on large runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType

from sqlalchemy import Connection, Engine

from cargotarget.model.problems import ParsedMessage, Problem, Severity
from cargotarget.store import quarantine
from cargotarget.store.archive import Archive, ArchivedMessage
from cargotarget.store.consignments import Filing, Outcome, save_manifest
from cargotarget.workflow.report import IngestReport

BATCH_CONSIGNMENTS = 5000


class Batches:
    """A transaction that is committed every ``size`` consignments, and at the end."""

    def __init__(self, engine: Engine, size: int = BATCH_CONSIGNMENTS) -> None:
        self.engine = engine
        self.size = size
        self.pending = 0
        self._conn: Connection | None = None

    def connection(self) -> Connection:
        if self._conn is None:
            self._conn = self.engine.connect()
            self._conn.begin()
        return self._conn

    def wrote(self, consignments: int) -> None:
        self.pending += consignments
        if self.pending >= self.size:
            self.commit()

    def commit(self) -> None:
        if self._conn is not None:
            self._conn.commit()
            self._conn.close()
        self._conn, self.pending = None, 0

    def __enter__(self) -> Batches:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        elif self._conn is not None:
            self._conn.rollback()
            self._conn.close()
            self._conn = None


def store_file(
    batches: Batches,
    messages: Iterable[ParsedMessage],
    raw: ArchivedMessage,
    provider: str | None,
    report: IngestReport,
) -> None:
    """Store every message of one input, then mark the input processed."""
    for index, message in enumerate(messages, start=1):
        store_message(batches.connection(), message, index, raw, provider, report)
        batches.wrote(len(message.manifest.consignments) if message.manifest else 1)
    Archive.mark(batches.connection(), raw.id, status="processed", fmt=report.format)


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
    if manifest.provider:
        report.senders.add(manifest.provider)
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
