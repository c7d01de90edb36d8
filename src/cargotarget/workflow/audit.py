"""The audit trail as the rest of the workflow uses it: checking the chain, reading a page of
events, and the records that rule and watch-list changes leave in it.

Each record is written in the caller's transaction, so a change and its record are kept (or
rolled back) together.
"""

from __future__ import annotations

import msgspec
from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction, AuditEvent, ChainReport, check_chain
from cargotarget.model.rules import RuleVersion
from cargotarget.model.users import User
from cargotarget.store.audit import AuditFilter, append_event, audit_events, chain

__all__ = [
    "AuditAction",
    "AuditEvent",
    "AuditFilter",
    "AuditPage",
    "ChainReport",
    "append_event",
    "audit_events",
    "audit_page",
    "rule_changed",
    "verify_chain",
    "watchlist_changed",
]


class AuditPage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of events, newest first; ``older`` is the ``before`` of the next page (the
    oldest id shown), or None when no older event matches."""

    events: list[AuditEvent]
    older: int | None


def audit_page(conn: Connection, wanted: AuditFilter) -> AuditPage:
    """The page of events ``wanted`` selects. Pages are cut by id (keyset), never by an
    offset: a page costs the same deep in a long trail, and events written meanwhile neither
    shift nor repeat what the next page shows."""
    found = audit_events(conn, msgspec.structs.replace(wanted, limit=wanted.limit + 1))
    events = found[: wanted.limit]
    older = events[-1].id if len(found) > wanted.limit else None
    return AuditPage(events=events, older=older)


def verify_chain(conn: Connection, anchor: str | None = None) -> ChainReport:
    """Walk the whole trail, oldest first, and report the first event that breaks the chain
    (an edited, deleted or reordered row), or that the ``anchor`` hash is no longer in it."""
    return check_chain(chain(conn), anchor)


def rule_changed(
    conn: Connection, user: User, version: RuleVersion, step: str, note: str | None
) -> AuditEvent:
    """Record a step in the life of a rule version (created, submitted, approved, ...)."""
    detail = {"step": step, "version": version.version, "status": version.status.value}
    if note:
        detail["note"] = note
    return append_event(
        conn, user.username, AuditAction.RULE_CHANGE, ("rule", version.code), detail
    )


def watchlist_changed(
    conn: Connection, user: User, name: str, step: str, **detail: object
) -> AuditEvent:
    """Record the creation of a watch list or an import into it, with its figures."""
    about = {"step": step, **{k: v for k, v in detail.items() if v is not None}}
    return append_event(
        conn, user.username, AuditAction.WATCHLIST_CHANGE, ("watchlist", name), about
    )
