"""The audit trail: who did what to which record, and when, in an append-only hash chain.

Every event carries the hash of the event before it and its own hash, the SHA-256 of the
canonical serialisation of all its fields (the predecessor's hash included). Changing, removing
or reordering any stored event therefore breaks the chain from that event on, and
:func:`check_chain` says where. Events are numbered 1, 2, 3, ... without gaps, so a removed
event shows as a gap even where the hashes around it were forged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import msgspec

#: The "hash before" the first event.
GENESIS = "0" * 64


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    VIEW_CONSIGNMENT = "view_consignment"
    SEARCH = "search"
    DECISION = "decision"
    RESULT = "result"
    RULE_CHANGE = "rule_change"
    WATCHLIST_CHANGE = "watchlist_change"
    USER_CHANGE = "user_change"
    TOKEN_CHANGE = "token_change"
    MODEL_CHANGE = "model_change"
    PROVIDER_CHANGE = "provider_change"
    FILER_RESPONSE = "filer_response"


class AuditEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One recorded act. ``actor`` is a user name, ``system`` or ``token:<id>``; ``detail`` is
    canonical JSON text (sorted keys), kept as written so that its hash can be checked."""

    id: int
    at: datetime
    actor: str
    action: str
    subject_kind: str | None
    subject_id: str | None
    detail: str
    prev_hash: str
    hash: str

    def details(self) -> dict[str, Any]:
        decoded: dict[str, Any] = msgspec.json.decode(self.detail)
        return decoded

    def computed_hash(self) -> str:
        """The hash this event's stored fields call for."""
        return event_hash(
            self.id,
            self.at,
            self.actor,
            self.action,
            self.subject_kind,
            self.subject_id,
            self.detail,
            self.prev_hash,
        )


def canonical_detail(detail: Mapping[str, Any] | None) -> str:
    """``detail`` as compact JSON with sorted keys: one text for one content."""
    return msgspec.json.encode(dict(detail or {}), order="sorted").decode()


def stamp(at: datetime) -> str:
    """``at`` in UTC to the microsecond, the form the hash covers (both databases keep it)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    event_id: int,
    at: datetime,
    actor: str,
    action: str,
    subject_kind: str | None,
    subject_id: str | None,
    detail: str,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of the canonical serialisation of every field of an event."""
    fields = {
        "id": event_id,
        "at": stamp(at),
        "actor": actor,
        "action": action,
        "subject_kind": subject_kind,
        "subject_id": subject_id,
        "detail": detail,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(msgspec.json.encode(fields, order="sorted")).hexdigest()


class ChainReport(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of walking the chain: how many events were intact before the first broken
    one (``broken_id``), the newest intact event's hash, and ``reason`` when it is not intact."""

    checked: int
    head_hash: str
    broken_id: int | None = None
    reason: str | None = None

    @property
    def intact(self) -> bool:
        return self.reason is None


def _fault(event: AuditEvent, expected_id: int, prev_hash: str) -> str | None:
    """Why ``event`` cannot follow the intact chain up to ``expected_id - 1``, or None."""
    if event.id != expected_id:
        missing = (
            f"event {expected_id}"
            if event.id == expected_id + 1
            else f"events {expected_id} to {event.id - 1}"
        )
        return f"{missing} missing: the chain jumps to event {event.id} (rows were deleted)"
    if event.computed_hash() != event.hash:
        return f"event {event.id} was changed after it was written: it no longer matches its hash"
    if event.prev_hash != prev_hash:
        before = "the start of the chain" if expected_id == 1 else f"event {expected_id - 1}"
        return (
            f"event {event.id} does not link to {before}: the chain was reordered, "
            "or rows were replaced with forged hashes"
        )
    return None


def check_chain(events: Iterable[AuditEvent], anchor: str | None = None) -> ChainReport:
    """Walk ``events`` in id order and report the first one that breaks the chain.

    The chain alone cannot show that its newest events were cut off, nor that all of it was
    rewritten; an ``anchor``, the hash of an event noted earlier (outside the database), can:
    the chain is intact only if an intact event still has that hash."""
    head, count, anchored = GENESIS, 0, anchor is None
    for event in events:
        reason = _fault(event, count + 1, head)
        if reason is not None:
            return ChainReport(checked=count, head_hash=head, broken_id=event.id, reason=reason)
        head, count = event.hash, count + 1
        anchored = anchored or event.hash == anchor
    if not anchored:
        reason = (
            f"no intact event has the hash {anchor}: the events up to it were cut off "
            "or the chain was rewritten"
        )
        return ChainReport(checked=count, head_hash=head, reason=reason)
    return ChainReport(checked=count, head_hash=head)
