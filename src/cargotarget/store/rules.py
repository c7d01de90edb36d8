"""Rules, their versions and the record of every change of status.

Nothing here decides whether a change is allowed: that is the lifecycle in
:mod:`cargotarget.workflow.rules`. This module writes and reads rows. A version's content is
written once; only its status is ever updated, and each update goes with a ``rule_event`` row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, Select, func, insert, or_, select, update

from cargotarget.model.rules import (
    RuleAction,
    RuleContent,
    RuleEvent,
    RuleStatus,
    RuleVersion,
    Scope,
    ThreatCategory,
    utc_day,
)
from cargotarget.store import tables as t
from cargotarget.store.queries import as_utc

_scope = msgspec.json.Decoder(Scope)


def _version_query() -> Select[Any]:
    v = t.rule_version.c
    return (
        select(t.rule_version, t.rule.c.code, t.user_account.c.username.label("author"))
        .join(t.rule, t.rule.c.id == v.rule_id)
        .join(t.user_account, t.user_account.c.id == v.author_id)
    )


def _version(row: Any) -> RuleVersion:
    content = RuleContent(
        code=row.code,
        name=row.name,
        condition=row.condition,
        rationale=row.rationale,
        threat=ThreatCategory(row.threat),
        weight=row.weight,
        action=RuleAction(row.action),
        scope=_scope.decode(row.scope),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        owner=row.owner,
    )
    return RuleVersion(
        id=row.id,
        rule_id=row.rule_id,
        version=row.version,
        status=RuleStatus(row.status),
        content=content,
        author=row.author,
        created_at=as_utc(row.created_at) or row.created_at,
    )


def lock_rule(conn: Connection, code: str) -> int | None:
    """The id of rule ``code``, locked until the transaction ends (on PostgreSQL; SQLite
    holds one writer at a time anyway), so that two changes to one rule cannot interleave."""
    query = select(t.rule.c.id).where(t.rule.c.code == code).with_for_update()
    found = conn.execute(query).scalar()
    return None if found is None else int(found)


def create_rule(conn: Connection, code: str) -> int:
    new = conn.execute(insert(t.rule).values(code=code)).inserted_primary_key
    assert new is not None
    return int(new[0])


def add_version(
    conn: Connection, rule_id: int, content: RuleContent, author_id: int, at: datetime
) -> RuleVersion:
    """Save ``content`` as the rule's next version, a draft."""
    v = t.rule_version.c
    last = conn.execute(select(func.max(v.version)).where(v.rule_id == rule_id)).scalar()
    values = {
        "rule_id": rule_id,
        "version": int(last or 0) + 1,
        "status": RuleStatus.DRAFT.value,
        "name": content.name,
        "condition": content.condition,
        "rationale": content.rationale,
        "threat": content.threat.value,
        "weight": content.weight,
        "action": content.action.value,
        "scope": msgspec.json.encode(content.scope).decode(),
        "valid_from": content.valid_from,
        "valid_to": content.valid_to,
        "owner": content.owner,
        "fingerprint": content.fingerprint(),
        "author_id": author_id,
        "created_at": at,
    }
    new = conn.execute(insert(t.rule_version).values(values)).inserted_primary_key
    assert new is not None
    found = version_by_id(conn, int(new[0]))
    assert found is not None
    return found


def version_by_id(conn: Connection, version_id: int) -> RuleVersion | None:
    row = conn.execute(_version_query().where(t.rule_version.c.id == version_id)).first()
    return None if row is None else _version(row)


def versions(conn: Connection, code: str) -> list[RuleVersion]:
    """Every version of rule ``code``, oldest first (empty for an unknown code)."""
    v = t.rule_version.c
    query = _version_query().where(t.rule.c.code == code).order_by(v.version)
    return [_version(row) for row in conn.execute(query)]


def set_status(conn: Connection, version: RuleVersion, status: RuleStatus) -> RuleVersion:
    """Move ``version`` to ``status`` (the only column of a version that ever changes)."""
    v = t.rule_version.c
    conn.execute(update(t.rule_version).where(v.id == version.id).values(status=status.value))
    return msgspec.structs.replace(version, status=status)


def add_event(
    conn: Connection,
    version: RuleVersion,
    *,
    action: str,
    from_status: RuleStatus | None,
    user_id: int,
    note: str | None = None,
    at: datetime | None = None,
) -> None:
    """Record a step in the life of ``version``, which now has the status it moved to."""
    conn.execute(
        insert(t.rule_event).values(
            rule_id=version.rule_id,
            version_id=version.id,
            action=action,
            from_status=None if from_status is None else from_status.value,
            to_status=version.status.value,
            user_id=user_id,
            at=at or datetime.now(UTC),
            note=note,
        )
    )


def events(conn: Connection, code: str) -> list[RuleEvent]:
    """The recorded history of rule ``code``, in order."""
    e, v = t.rule_event.c, t.rule_version.c
    query = (
        select(
            e.action, e.from_status, e.to_status, e.at, e.note, v.version, t.user_account.c.username
        )
        .join(t.rule_version, v.id == e.version_id)
        .join(t.rule, t.rule.c.id == e.rule_id)
        .join(t.user_account, t.user_account.c.id == e.user_id)
        .where(t.rule.c.code == code)
        .order_by(e.id)
    )
    return [
        RuleEvent(
            version=row.version,
            action=row.action,
            from_status=None if row.from_status is None else RuleStatus(row.from_status),
            to_status=RuleStatus(row.to_status),
            username=row.username,
            at=as_utc(row.at) or row.at,
            note=row.note,
        )
        for row in conn.execute(query)
    ]


def versions_with_status(conn: Connection, statuses: Iterable[RuleStatus]) -> list[RuleVersion]:
    """Every version in one of ``statuses``, by rule code then version."""
    v = t.rule_version.c
    wanted = [s.value for s in statuses]
    query = _version_query().where(v.status.in_(wanted)).order_by(t.rule.c.code, v.version)
    return [_version(row) for row in conn.execute(query)]


def latest_versions(conn: Connection) -> list[RuleVersion]:
    """The newest version of every rule, by rule code."""
    v = t.rule_version.c
    newest = select(v.rule_id, func.max(v.version).label("version")).group_by(v.rule_id).subquery()
    query = (
        _version_query()
        .join(newest, (newest.c.rule_id == v.rule_id) & (newest.c.version == v.version))
        .order_by(t.rule.c.code)
    )
    return [_version(row) for row in conn.execute(query)]


def active_rules(
    conn: Connection, at: datetime, *, flow: str | None = None, mode: str | None = None
) -> list[RuleVersion]:
    """The rule versions that fire at ``at``: active, and ``at`` falls on a UTC day within
    their validity period; with ``flow`` or ``mode``, only those whose scope covers it.
    Ordered by rule code."""
    v = t.rule_version.c
    day = utc_day(at)
    query = (
        _version_query()
        .where(v.status == RuleStatus.ACTIVE.value)
        .where(or_(v.valid_from.is_(None), v.valid_from <= day))
        .where(or_(v.valid_to.is_(None), v.valid_to >= day))
        .order_by(t.rule.c.code)
    )
    found = [_version(row) for row in conn.execute(query)]
    return [r for r in found if r.content.scope.covers(flow=flow, mode=mode)]
