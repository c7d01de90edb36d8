"""Replaying quarantined items after correction.

The corrected bytes (or, unchanged, the item's own bytes, e.g. after reference data was updated)
are first parsed without storing anything. Only when they parse without errors are they archived
and ingested like any other message, and the item is marked resolved by that message.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from cargotarget.ingest.registry import read_messages
from cargotarget.model.problems import Problem, Severity
from cargotarget.store import quarantine
from cargotarget.store.tables import raw_message
from cargotarget.workflow.intake import Intake
from cargotarget.workflow.report import IngestReport


class ReplayError(Exception):
    """The item cannot be replayed (unknown, or already resolved)."""


@dataclass
class ReplayResult:
    item_id: int
    resolved: bool
    problems: list[Problem] = field(default_factory=list)
    report: IngestReport | None = None


def replay(intake: Intake, item_id: int, corrected: bytes | None = None) -> ReplayResult:
    """Try quarantine item ``item_id`` again, with ``corrected`` bytes if given."""
    with intake.engine.connect() as conn:
        item = quarantine.item(conn, item_id)
        if item is None:
            raise ReplayError(f"no quarantine item {item_id}")
        if item.status != "open":
            raise ReplayError(f"quarantine item {item_id} is already {item.status}")
        sha, provider = conn.execute(
            raw_message.select()
            .with_only_columns(raw_message.c.sha256, raw_message.c.provider)
            .where(raw_message.c.id == item.raw_message_id)
        ).one()
    data = corrected if corrected is not None else item.fragment
    if not data:
        with intake.archive.open(sha) as handle:
            data = handle.read()
    problems = _dry_run(data, item.format if corrected is None else None)
    if any(p.severity is Severity.ERROR for p in problems):
        return ReplayResult(item_id=item_id, resolved=False, problems=problems)
    report = intake.ingest(
        io.BytesIO(data),
        provider=provider,
        filename=f"replay-{item_id}",
        fmt=item.format if corrected is None else None,
        reprocess=True,
    )
    with intake.engine.begin() as conn:
        quarantine.resolve(conn, item_id, report.raw_message_id)
    return ReplayResult(item_id=item_id, resolved=True, problems=problems, report=report)


def _dry_run(data: bytes, fmt: str | None) -> list[Problem]:
    problems: list[Problem] = []
    for message in read_messages(io.BytesIO(data), format=fmt):
        problems.extend(message.problems)
        for rejected in message.rejected:
            problems.extend(rejected.problems)
        if message.manifest is None and not message.problems:
            problems.append(
                Problem(code="replay.empty", message="nothing could be read", position="message")
            )
    return problems
