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
from cargotarget.store.overdue import Overdue, overdue
from cargotarget.store.port_scope import Ports, sees
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
    AtPorts,
    QueueItem,
    RuleName,
    arrivals,
    highest_scores,
    lane_counts,
    rule_names,
)

#: How far ahead the dashboard counts arrivals.
ARRIVAL_WINDOW = timedelta(hours=72)
#: Red-lane cargo arriving this soon (or already arrived) without a decision is overdue.
OVERDUE_WINDOW = timedelta(hours=24)


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
    overdue: Overdue


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
        elif hit.kind == "model":
            chance = float(evidence.get("probability", 0.0))
            title = f"learned score {evidence.get('model', '')}: chance of a finding {chance:.0%}"
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


def read_consignment(
    conn: Connection, consignment_id: int, ports: Ports = None
) -> ConsignmentDetail | None:
    """Consignment ``consignment_id`` with every version and its latest assessment explained,
    or None when there is none discharged at ``ports`` (None: any port). Not audited: see
    :func:`record_view`."""
    record = consignment_record(conn, consignment_id)
    if record is None or not sees(ports, record.summary.port_of_discharge):
        return None
    found = latest_assessment(conn, consignment_id)
    documents = [v.consignment for v in record.versions]
    changes = [
        changed_fields(documents[i - 1] if i else None, doc) for i, doc in enumerate(documents)
    ]
    return ConsignmentDetail(
        record=record, changes=changes, assessment=found, hits=_explained(conn, found)
    )


def record_view(conn: Connection, actor: str, detail: ConsignmentDetail) -> None:
    """Record in the audit trail that ``actor`` was shown ``detail``."""
    summary = detail.record.summary
    append_event(
        conn,
        actor,
        AuditAction.VIEW_CONSIGNMENT,
        ("consignment", str(summary.id)),
        {"bill_number": summary.bill_number, "provider": summary.provider},
    )


def consignment_detail(
    conn: Connection, consignment_id: int, actor: str, ports: Ports = None
) -> ConsignmentDetail | None:
    """:func:`read_consignment`, and the view recorded in the audit trail (a consignment
    outside ``ports`` is not shown, so not recorded). The event is written last, so that the
    audit trail's write turn is held only for the write."""
    detail = read_consignment(conn, consignment_id, ports)
    if detail is not None:
        record_view(conn, actor, detail)
    return detail


def consignments_by_bill(
    conn: Connection, bill: str, provider: str | None = None, ports: Ports = None
) -> list[int]:
    """Ids of the consignments filed under ``bill`` (as typed, or in capitals) discharged at
    ``ports`` (None: any port)."""
    typed = bill.strip()
    return find_ids(conn, typed.upper(), provider, ports) or find_ids(conn, typed, provider, ports)


def audited_search(
    conn: Connection, criteria: SearchCriteria, actor: str
) -> list[ConsignmentSummary]:
    """Search, and record who searched for what and how many consignments it found."""
    found = search(conn, criteria)
    record_search(conn, criteria, actor, len(found))
    return found


def record_search(conn: Connection, criteria: SearchCriteria, actor: str, found: int) -> None:
    """Record who searched for what (within which ports) and how many consignments it found."""
    asked = {k: v for k, v in msgspec.structs.asdict(criteria).items() if v not in (None, "")}
    detail: dict[str, Any] = {
        k: v.isoformat() if isinstance(v, datetime) else v for k, v in asked.items()
    }
    if criteria.ports is not None:
        detail["ports"] = sorted(criteria.ports)
    detail["found"] = found
    append_event(conn, actor, AuditAction.SEARCH, None, detail)


def dashboard(
    conn: Connection, at: datetime, port: AtPorts = None, lanes: dict[str, int] | None = None
) -> Dashboard:
    """Queue sizes by lane (``lanes`` when already counted), the highest scores, the arrivals
    of the next 72 hours with how many of them were already assessed, and the red-lane cargo
    arriving within :data:`OVERDUE_WINDOW` (or arrived) without a decision; at ``port`` (one
    port, the ports a user is scoped to, or None: every port)."""
    return Dashboard(
        at=at,
        lanes=lane_counts(conn, port) if lanes is None else lanes,
        highest=highest_scores(conn, 10, port),
        arriving=arrivals(conn, at, at + ARRIVAL_WINDOW, port),
        overdue=overdue(conn, at + OVERDUE_WINDOW, port),
    )
