"""Receipts for filers: what became of each consignment of a submitted message.

A receipt says, per consignment, whether it was accepted (as a new bill, an amendment or a
cancellation) or held back, and why; it says nothing about risk (a filer is never told that a
consignment was selected). It is built from what was stored, so a filer can read it again
later; only the count of consignments filed again unchanged comes from the ingest itself.
"""

from __future__ import annotations

from datetime import datetime

import msgspec
from sqlalchemy import Connection

from cargotarget.store.receipts import FiledVersion, filed_versions, held_parts, received
from cargotarget.workflow.report import IngestReport


class ConsignmentReceipt(msgspec.Struct, frozen=True, kw_only=True):
    bill_number: str | None
    accepted: bool
    outcome: str
    version: int | None = None
    reasons: list[str] = msgspec.field(default_factory=list)


class Receipt(msgspec.Struct, frozen=True, kw_only=True):
    receipt_id: int
    sha256: str
    provider: str
    filename: str | None
    size: int
    received_at: datetime
    format: str | None
    duplicate: bool
    accepted: int
    rejected: int
    unchanged: int | None
    consignments: list[ConsignmentReceipt]
    rejected_messages: list[list[str]]
    #: The registered data provider the input was filed for, when there is one.
    provider_code: str | None = None
    #: What the filer should know besides the consignments (a sender that is not theirs).
    warnings: list[str] = msgspec.field(default_factory=list)


def _outcome(filed: FiledVersion) -> str:
    if filed.function == "cancel":
        return "cancelled"
    return "new" if filed.version == 1 else "amended"


def receipt(
    conn: Connection, raw_message_id: int, report: IngestReport | None = None
) -> Receipt | None:
    """The receipt of input ``raw_message_id``; ``report`` (from the ingest just run) adds
    whether it was a duplicate and how many consignments were filed again unchanged."""
    raw = received(conn, raw_message_id)
    if raw is None:
        return None
    rows = [
        ConsignmentReceipt(
            bill_number=f.bill_number,
            accepted=True,
            outcome=_outcome(f),
            version=f.version,
            reasons=[str(p) for p in f.warnings],
        )
        for f in filed_versions(conn, raw_message_id)
    ]
    messages: list[list[str]] = []
    for part in held_parts(conn, raw_message_id):
        reasons = [str(p) for p in part.problems]
        if part.scope == "message":
            messages.append(reasons)
            continue
        rows.append(
            ConsignmentReceipt(
                bill_number=part.bill_number, accepted=False, outcome="quarantined", reasons=reasons
            )
        )
    return Receipt(
        receipt_id=raw.id,
        sha256=raw.sha256,
        provider=raw.provider,
        filename=raw.filename,
        size=raw.size,
        received_at=raw.received_at,
        format=raw.format,
        duplicate=bool(report and report.duplicate),
        accepted=sum(r.accepted for r in rows),
        rejected=sum(not r.accepted for r in rows),
        unchanged=None if report is None else report.unchanged,
        consignments=rows,
        rejected_messages=messages,
    )
