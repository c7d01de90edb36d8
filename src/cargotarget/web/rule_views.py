"""What the rule pages and the rule API show: each rule with its performance, and one rule's
versions, history and the steps the viewer may take (or why not)."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from sqlalchemy import Connection

from cargotarget.model.access import Permission
from cargotarget.model.rules import OPEN_STATUSES, RuleEvent, RuleStatus, RuleVersion
from cargotarget.model.users import Role
from cargotarget.store.rules import latest_versions, versions_with_status
from cargotarget.web.access import Principal
from cargotarget.workflow.rule_performance import (
    NO_HITS,
    Performance,
    rule_performance,
    rules_performance,
)
from cargotarget.workflow.rules import rule_history


class RuleRow(msgspec.Struct, frozen=True, kw_only=True):
    """A rule as listed: its latest version, the version in force (if any) and how the rule
    has done over all its versions."""

    code: str
    latest: RuleVersion
    active_version: int | None
    performance: Performance


class Step(msgspec.Struct, frozen=True, kw_only=True):
    """A step on a rule: whether the viewer may take it now, and if not, why."""

    name: str
    allowed: bool
    why: str = ""


class RuleDetail(msgspec.Struct, frozen=True, kw_only=True):
    """One rule: every version (oldest first), every recorded step, the performance over all
    versions and per version number, and the steps the viewer may take."""

    code: str
    versions: tuple[RuleVersion, ...]
    events: tuple[RuleEvent, ...]
    performance: Performance
    by_version: dict[int, Performance]
    steps: tuple[Step, ...] = ()


def rule_rows(
    conn: Connection, *, status: RuleStatus | None = None, threat: str | None = None
) -> list[RuleRow]:
    """Every rule by code, filtered by the status of its latest version and its threat."""
    active = {v.code: v.version for v in versions_with_status(conn, [RuleStatus.ACTIVE])}
    figures = rules_performance(conn)
    rows = [
        RuleRow(
            code=v.code,
            latest=v,
            active_version=active.get(v.code),
            performance=figures.get(v.code, NO_HITS),
        )
        for v in latest_versions(conn)
    ]
    if status is not None:
        rows = [r for r in rows if r.latest.status is status]
    if threat is not None:
        rows = [r for r in rows if r.latest.content.threat.value == threat]
    return rows


def _steps(versions: tuple[RuleVersion, ...], principal: Principal | None) -> tuple[Step, ...]:
    if principal is None:
        return ()
    user, held = principal.user, principal.permissions
    latest = versions[-1]
    pending = next((v for v in versions if v.status is RuleStatus.PENDING_APPROVAL), None)
    active = next((v for v in versions if v.status is RuleStatus.ACTIVE), None)
    steps = []
    if Permission.EDIT_RULES in held:
        steps += [Step(name="edit", allowed=True), Step(name="backtest", allowed=True)]
        draft = latest.status is RuleStatus.DRAFT
        why = "" if draft else f"version {latest.version} is not a draft"
        steps.append(Step(name="submit", allowed=draft, why=why))
    if Permission.APPROVE_RULES in held and pending is not None:
        own = pending.author == user.username
        why = (
            f"four eyes: you wrote version {pending.version}; another supervisor must approve it"
            if own
            else ""
        )
        steps += [Step(name="approve", allowed=not own, why=why), Step(name="reject", allowed=True)]
    target = active or (latest if latest.status in OPEN_STATUSES else None)
    if Permission.EDIT_RULES in held and target is not None:
        supervisor = Role.SUPERVISOR in user.roles
        if target.status is RuleStatus.ACTIVE:
            why = "" if supervisor else "retiring an active rule needs a supervisor"
        else:
            mine = supervisor or target.author == user.username
            why = "" if mine else f"only {target.author} (the author) or a supervisor may"
        steps.append(Step(name="retire", allowed=not why, why=why))
    return tuple(steps)


def rule_detail(conn: Connection, code: str, principal: Principal | None) -> RuleDetail:
    """Rule ``code`` in full; raises ``UnknownRule`` for an unknown code."""
    history = rule_history(conn, code)
    whole, by_version = rule_performance(conn, code, now=datetime.now(UTC))
    return RuleDetail(
        code=history.versions[-1].code,
        versions=history.versions,
        events=history.events,
        performance=whole,
        by_version=by_version,
        steps=_steps(history.versions, principal),
    )
