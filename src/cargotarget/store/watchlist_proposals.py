"""Watch-list proposals: writing one, reading them back, recording the decision.

Nothing here decides whether a step is allowed: that is
:mod:`cargotarget.workflow.watchlist_proposals`. A proposal's content is written once; the
decision columns are written once more, when it is approved, rejected or withdrawn.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, insert, select, update

from cargotarget.store import tables as t
from cargotarget.store.queries import as_utc
from cargotarget.store.watchlist_proposal_tables import watchlist_proposal

PENDING = "pending"


class ProposalSettings(msgspec.Struct, frozen=True, kw_only=True):
    """The settings a new list is proposed with (unused for other actions)."""

    kind: str = "intelligence"
    threshold: int = 88
    source: str | None = None
    description: str | None = None


class NewProposal(msgspec.Struct, frozen=True, kw_only=True):
    list_name: str
    action: str
    settings: ProposalSettings = ProposalSettings()
    format: str | None = None
    file_name: str | None = None
    content: bytes | None = None
    sha256: str | None = None
    entries: int = 0
    skip_bad: bool = False
    retire_missing: bool = True
    note: str | None = None


class Proposal(msgspec.Struct, frozen=True, kw_only=True):
    """A proposed change to a watch list and, once made, the decision on it. ``content`` (the
    file as uploaded) is read only when asked for."""

    id: int
    list_name: str
    action: str
    status: str
    settings: ProposalSettings
    format: str | None
    file_name: str | None
    sha256: str | None
    entries: int
    skip_bad: bool
    retire_missing: bool
    note: str | None
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    outcome: dict[str, int] | None


_settings = msgspec.json.Decoder(ProposalSettings)
_outcome = msgspec.json.Decoder(dict[str, int])


def add_proposal(conn: Connection, new: NewProposal, user_id: int) -> int:
    """Store ``new``, pending; returns its id."""
    values = msgspec.structs.asdict(new)
    values["settings"] = msgspec.json.encode(new.settings).decode()
    values.update(status=PENDING, proposed_by=user_id, proposed_at=datetime.now(UTC))
    made = conn.execute(insert(watchlist_proposal).values(values)).inserted_primary_key
    assert made is not None
    return int(made[0])


def _query() -> Any:
    p = watchlist_proposal.c
    author, decider = t.user_account.alias("author"), t.user_account.alias("decider")
    columns = [c for c in watchlist_proposal.c if c.name != "content"]
    return (
        select(*columns, author.c.username.label("author"), decider.c.username.label("decider"))
        .join(author, author.c.id == p.proposed_by)
        .outerjoin(decider, decider.c.id == p.decided_by)
    )


def _proposal(row: Any) -> Proposal:
    return Proposal(
        id=row.id,
        list_name=row.list_name,
        action=row.action,
        status=row.status,
        settings=_settings.decode(row.settings),
        format=row.format,
        file_name=row.file_name,
        sha256=row.sha256,
        entries=row.entries,
        skip_bad=row.skip_bad,
        retire_missing=row.retire_missing,
        note=row.note,
        proposed_by=row.author,
        proposed_at=as_utc(row.proposed_at) or row.proposed_at,
        decided_by=row.decider,
        decided_at=as_utc(row.decided_at),
        decision_note=row.decision_note,
        outcome=None if row.outcome is None else _outcome.decode(row.outcome),
    )


def proposal_by_id(conn: Connection, proposal_id: int, *, lock: bool = False) -> Proposal | None:
    query = _query().where(watchlist_proposal.c.id == proposal_id)
    if lock:
        query = query.with_for_update(of=watchlist_proposal)
    row = conn.execute(query).first()
    return None if row is None else _proposal(row)


def proposal_content(conn: Connection, proposal_id: int) -> bytes | None:
    """The file of proposal ``proposal_id`` as uploaded."""
    p = watchlist_proposal.c
    found = conn.execute(select(p.content).where(p.id == proposal_id)).scalar()
    return None if found is None else bytes(found)


def proposals(
    conn: Connection, *, list_name: str | None = None, status: str | None = None, limit: int = 200
) -> list[Proposal]:
    """Proposals, newest first; of one list and in one status when asked."""
    p = watchlist_proposal.c
    query = _query().order_by(p.id.desc()).limit(limit)
    if list_name is not None:
        query = query.where(p.list_name == list_name)
    if status is not None:
        query = query.where(p.status == status)
    return [_proposal(row) for row in conn.execute(query)]


def decide(
    conn: Connection,
    proposal_id: int,
    status: str,
    user_id: int,
    note: str | None,
    outcome: dict[str, int] | None = None,
) -> bool:
    """Record the decision on a pending proposal; False when it was no longer pending."""
    p = watchlist_proposal.c
    done = conn.execute(
        update(watchlist_proposal)
        .where(p.id == proposal_id, p.status == PENDING)
        .values(
            status=status,
            decided_by=user_id,
            decided_at=datetime.now(UTC),
            decision_note=note,
            outcome=None if outcome is None else msgspec.json.encode(outcome).decode(),
        )
    )
    return done.rowcount == 1
