"""Risk responses to filers: made when a case is decided, read by the filer they are for.

A decision of request information, do not load or assessment complete makes one response for
the filer of the consignment's current version, in the decision's transaction, and records it
in the audit trail. The filer is found from the name the consignment was filed under: the
account that submitted it, the provider code of the drop folder, or an identifier of a
registered provider; a filer that is no registered provider still gets its response, readable
by the account of that name.

A filer reads only its own responses (another's are "not found", so that their existence is
not given away); an auditor reads all. The first time a filer reads a response is noted on it
and in the audit trail, so customs can tell a do-not-load that was never collected.
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from sqlalchemy import ColumnElement, Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.cases import DecisionKind
from cargotarget.model.responses import FilerResponse, filer_text, response_kind
from cargotarget.model.users import Role, User
from cargotarget.store import responses as store
from cargotarget.store.audit import append_event
from cargotarget.store.providers import provider_naming
from cargotarget.workflow.providers import filer_scope

#: The most responses one page holds.
MAX_PAGE = 500


class UnknownResponse(LookupError):
    """No response with that id for this reader."""


def respond_to_decision(
    conn: Connection,
    consignment_id: int,
    decision: DecisionKind,
    reason_code: str,
    *,
    actor: str,
    at: datetime | None = None,
) -> int | None:
    """Make the filer's response to a decision; returns its id, or None for a decision the
    filer is not told of (a target, a dismissal, a waiver)."""
    kind = response_kind(decision)
    filed = store.filed_consignment(conn, consignment_id)
    if kind is None or filed is None:
        return None
    code, text = filer_text(kind, reason_code)
    provider_id = provider_naming(conn, filed.filer)
    when = at or datetime.now(UTC)
    values = {
        **msgspec.structs.asdict(filed),
        "provider_id": provider_id,
        "kind": kind.value,
        "reason_code": code,
        "message": text,
        "created_at": when,
        "created_by": actor,
    }
    response_id = store.add_response(conn, values)
    detail = {
        "step": "made",
        "response_id": response_id,
        "kind": kind.value,
        "reason_code": code,
        "filer": filed.filer,
        "bill_number": filed.bill_number,
        "version": filed.version,
    }
    append_event(
        conn,
        actor,
        AuditAction.FILER_RESPONSE,
        ("consignment", str(consignment_id)),
        detail,
        at=when,
    )
    return response_id


def _scope(conn: Connection, reader: User) -> ColumnElement[bool] | None:
    """Which responses ``reader`` may read (None: all, for an auditor)."""
    provider, filers = filer_scope(conn, reader)
    if filers is None:
        return None
    return store.owned_by(None if provider is None else provider.id, filers)


def _note_fetched(
    conn: Connection, reader: User, actor: str, found: list[FilerResponse]
) -> list[FilerResponse]:
    """Note the first read by the filer (an auditor's reading is no collection)."""
    if Role.AUDITOR in reader.roles:
        return found
    now = datetime.now(UTC)
    fresh = set(store.mark_fetched(conn, [r.response_id for r in found], now))
    for response in found:
        if response.response_id in fresh:
            subject = ("consignment", str(response.consignment_id))
            detail = {"step": "fetched", "response_id": response.response_id}
            append_event(conn, actor, AuditAction.FILER_RESPONSE, subject, detail, at=now)
    return [
        msgspec.structs.replace(r, fetched_at=now) if r.response_id in fresh else r for r in found
    ]


def list_responses(
    conn: Connection,
    reader: User,
    actor: str,
    *,
    since: datetime | None = None,
    unfetched: bool = False,
    before: int | None = None,
    limit: int = 50,
) -> list[FilerResponse]:
    """The responses ``reader`` may read, newest first (see :func:`store.responses`)."""
    found = store.responses(
        conn,
        _scope(conn, reader),
        since=since,
        unfetched=unfetched,
        before=before,
        limit=min(max(limit, 1), MAX_PAGE),
    )
    return _note_fetched(conn, reader, actor, found)


def read_response(conn: Connection, reader: User, actor: str, response_id: int) -> FilerResponse:
    """Response ``response_id`` if ``reader`` may read it; raises :class:`UnknownResponse`."""
    found = store.responses(conn, _scope(conn, reader), before=response_id + 1, limit=1)
    if not found or found[0].response_id != response_id:
        raise UnknownResponse(f"no response {response_id} of yours")
    return _note_fetched(conn, reader, actor, found)[0]
