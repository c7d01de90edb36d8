"""What the workbench reads, with the audit records that reading leaves: a consignment's full
record with its latest assessment explained, searches, the dashboard and the work queue.

Viewing a consignment and searching are audited (who looked at what is itself a record a
customs administration must keep); the dashboard and queue figures are not.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.manifest import Consignment
from cargotarget.store.assessments import StoredAssessment, latest_assessment
from cargotarget.store.audit import append_event
from cargotarget.store.queries import (
    ConsignmentRecord,
    ConsignmentSummary,
    SearchCriteria,
    consignment_record,
    find_ids,
    search,
)
from cargotarget.store.workbench import (
    ArrivalCount,
    QueueItem,
    RuleName,
    arrivals,
    highest_scores,
    lane_counts,
    rule_names,
)

#: How far ahead the dashboard counts arrivals.
ARRIVAL_WINDOW = timedelta(hours=72)


class ExplainedHit(msgspec.Struct, frozen=True, kw_only=True):
    """One reason for a score: a rule (with the values it read) or a watch-list match."""

    kind: str
    weight: float
    title: str
    rule: RuleName | None
    watchlist_entry: str | None
    evidence: dict[str, Any]


class ConsignmentDetail(msgspec.Struct, frozen=True, kw_only=True):
    """A consignment's record, what each version changed (by field), and its latest
    assessment with every hit explained."""

    record: ConsignmentRecord
    changes: list[list[str]]
    assessment: StoredAssessment | None
    hits: list[ExplainedHit]


def changed_fields(before: Consignment | None, after: Consignment) -> list[str]:
    """The fields of ``after`` that differ from ``before`` (all of them for a first filing)."""
    fresh = msgspec.structs.asdict(after)
    if before is None:
        return ["first filing"]
    old = msgspec.structs.asdict(before)
    return [name.replace("_", " ") for name, value in fresh.items() if old.get(name) != value]


class Dashboard(msgspec.Struct, frozen=True, kw_only=True):
    at: datetime
    lanes: dict[str, int]
    highest: list[QueueItem]
    arriving: ArrivalCount


def _explained(conn: Connection, found: StoredAssessment | None) -> list[ExplainedHit]:
    if found is None:
        return []
    names = rule_names(conn, [h.rule_version_id for h in found.hits if h.rule_version_id])
    hits = []
    for hit in found.hits:
        rule = names.get(hit.rule_version_id) if hit.rule_version_id else None
        evidence = dict(hit.evidence)
        if hit.kind == "watchlist":
            title = f"watch list {hit.watchlist_entry or ''}".strip()
        else:
            code = rule.code if rule else str(evidence.get("rule", "rule"))
            title = f"{code}: {rule.name if rule else evidence.get('name', '')}"
        hits.append(
            ExplainedHit(
                kind=hit.kind,
                weight=hit.weight,
                title=title,
                rule=rule,
                watchlist_entry=hit.watchlist_entry,
                evidence=evidence,
            )
        )
    return hits


def consignment_detail(
    conn: Connection, consignment_id: int, actor: str
) -> ConsignmentDetail | None:
    """Consignment ``consignment_id`` with every version and its latest assessment explained;
    the view is recorded in the audit trail."""
    record = consignment_record(conn, consignment_id)
    if record is None:
        return None
    found = latest_assessment(conn, consignment_id)
    detail = {"bill_number": record.summary.bill_number, "provider": record.summary.provider}
    append_event(
        conn, actor, AuditAction.VIEW_CONSIGNMENT, ("consignment", str(consignment_id)), detail
    )
    documents = [v.consignment for v in record.versions]
    changes = [
        changed_fields(documents[i - 1] if i else None, doc) for i, doc in enumerate(documents)
    ]
    return ConsignmentDetail(
        record=record, changes=changes, assessment=found, hits=_explained(conn, found)
    )


def consignments_by_bill(conn: Connection, bill: str, provider: str | None = None) -> list[int]:
    """Ids of the consignments filed under ``bill`` (as typed, or in capitals)."""
    return find_ids(conn, bill.strip().upper(), provider) or find_ids(conn, bill.strip(), provider)


def audited_search(
    conn: Connection, criteria: SearchCriteria, actor: str
) -> list[ConsignmentSummary]:
    """Search, and record who searched for what and how many consignments it found."""
    found = search(conn, criteria)
    asked = {k: v for k, v in msgspec.structs.asdict(criteria).items() if v not in (None, "")}
    detail = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asked.items()}
    detail["found"] = len(found)
    append_event(conn, actor, AuditAction.SEARCH, None, detail)
    return found


def dashboard(
    conn: Connection, at: datetime, port: str | None = None, lanes: dict[str, int] | None = None
) -> Dashboard:
    """Queue sizes by lane (``lanes`` when already counted), the highest scores, and the
    arrivals of the next 72 hours with how many of them were already assessed."""
    return Dashboard(
        at=at,
        lanes=lane_counts(conn, port) if lanes is None else lanes,
        highest=highest_scores(conn, 10, port),
        arriving=arrivals(conn, at, at + ARRIVAL_WINDOW, port),
    )
