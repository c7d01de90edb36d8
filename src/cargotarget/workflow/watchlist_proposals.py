"""Four eyes on watch lists: a change (a new list, a new edition of a list's file, retiring a
list) is proposed by an analyst or supervisor and applied only when a supervisor who did not
propose it approves it; a rejection says why and changes nothing.

A proposed file is read when it is proposed, with the same checks as an import (so a bad file
is refused at once, each problem with its line), and kept as uploaded with its SHA-256; the
approval imports exactly those bytes with the existing import code. Every step is recorded in
the audit trail, in the caller's transaction.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from sqlalchemy import Connection

from cargotarget.model.problems import Problem
from cargotarget.model.users import Role
from cargotarget.screening.keys import MIN_SCORE
from cargotarget.store import watchlist_proposals as store
from cargotarget.store.watchlist_proposals import NewProposal, Proposal, ProposalSettings
from cargotarget.store.watchlists import Changes, watchlist_by_name
from cargotarget.workflow.audit import watchlist_changed
from cargotarget.workflow.permissions import NotAllowed, acting_user
from cargotarget.workflow.watchlists import (
    EDITORS,
    ListFormat,
    ListKind,
    ListSettings,
    UnknownWatchlist,
    WatchlistRejected,
    create_watchlist,
    import_watchlist,
    read_entries,
    retire_watchlist,
)

APPROVERS = frozenset({Role.SUPERVISOR})
#: The largest file a proposal keeps (bytes).
MAX_FILE = 20 * 1024 * 1024
MAX_NOTE = 2000


class ProposalAction(StrEnum):
    CREATE = "create"
    IMPORT = "import"
    RETIRE = "retire"


class ProposalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class UnknownProposal(LookupError):
    """No watch-list proposal with that id."""


class ProposalClosed(ValueError):
    """The proposal was already approved or rejected."""


def _refused(message: str, position: str = "proposal") -> WatchlistRejected:
    return WatchlistRejected([Problem(code="bad_proposal", message=message, position=position)])


def _name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 128 or not name.isprintable() or "/" in name:
        raise _refused(
            "a watch list needs a name of 1 to 128 printable characters, without '/'", "name"
        )
    return name


def _note(note: str | None) -> str | None:
    note = (note or "").strip() or None
    if note is not None and (len(note) > MAX_NOTE or not note.replace("\n", " ").isprintable()):
        raise _refused(f"the note must be plain text of at most {MAX_NOTE} characters", "note")
    return note


def _check_target(conn: Connection, action: ProposalAction, name: str, data: bool) -> str:
    """The source name entries of the file are attributed to; refuses an impossible change."""
    found = watchlist_by_name(conn, name)
    if action is ProposalAction.CREATE:
        if found is not None:
            raise _refused(f"a watch list named {name!r} already exists", "name")
        pending = store.proposals(conn, list_name=name, status=ProposalStatus.PENDING)
        if any(p.action == ProposalAction.CREATE for p in pending):
            raise _refused(f"a new list named {name!r} is already proposed", "name")
        return name
    if found is None:
        raise UnknownWatchlist(f"no watch list named {name!r}")
    if action is ProposalAction.IMPORT and not data:
        raise _refused("an import needs a file", "file")
    if action is ProposalAction.RETIRE and found.live == 0:
        raise _refused(f"watch list {name!r} has no entries in force: nothing to retire")
    return found.source or name


def propose(
    conn: Connection,
    name: str,
    action: ProposalAction,
    username: str,
    *,
    data: bytes | None = None,
    fmt: ListFormat = ListFormat.CSV,
    file_name: str = "",
    settings: ListSettings | None = None,
    skip_bad: bool = False,
    retire_missing: bool = True,
    note: str | None = None,
) -> Proposal:
    """Propose a change to list ``name`` (``data``: the file of an import, or the first
    edition of a new list). Refuses a bad file with every problem found, changing nothing."""
    user = acting_user(conn, username, EDITORS, "propose watch-list changes")
    name, note = _name(name), _note(note)
    settings = settings or ListSettings()
    if not MIN_SCORE <= settings.threshold <= 100:
        raise _refused(f"threshold {settings.threshold} is not between {MIN_SCORE:.0f} and 100")
    if data is not None and len(data) > MAX_FILE:
        raise _refused(f"the file is {len(data):,} bytes; the limit is {MAX_FILE:,}", "file")
    if action is ProposalAction.RETIRE:
        data = None
    source = _check_target(conn, action, name, bool(data))
    entries = 0
    if data:
        entries = len(read_entries(name, data, fmt, source, skip_bad=skip_bad)[0])
    new = NewProposal(
        list_name=name,
        action=action.value,
        settings=ProposalSettings(
            kind=settings.kind.value,
            threshold=settings.threshold,
            source=settings.source,
            description=settings.description,
        ),
        format=fmt.value if data else None,
        file_name=(file_name.strip()[:200] or None) if data else None,
        content=data or None,
        sha256=hashlib.sha256(data).hexdigest() if data else None,
        entries=entries,
        skip_bad=skip_bad,
        retire_missing=retire_missing,
        note=note,
    )
    made = store.add_proposal(conn, new, user.id)
    watchlist_changed(
        conn, user, name, "proposed", proposal=made, action=action.value, sha256=new.sha256
    )
    return _get(conn, made)


def _get(conn: Connection, proposal_id: int, *, lock: bool = False) -> Proposal:
    found = store.proposal_by_id(conn, proposal_id, lock=lock)
    if found is None:
        raise UnknownProposal(f"no watch-list proposal {proposal_id}")
    return found


def _open(conn: Connection, proposal_id: int, verb: str) -> Proposal:
    found = _get(conn, proposal_id, lock=True)
    if found.status != ProposalStatus.PENDING:
        raise ProposalClosed(f"cannot {verb} proposal {proposal_id}: it is {found.status} already")
    return found


def _apply(conn: Connection, found: Proposal, username: str) -> Changes:
    why = f"proposal {found.id} by {found.proposed_by}"
    content = store.proposal_content(conn, found.id)
    fmt = ListFormat(found.format or ListFormat.CSV)
    if found.action == ProposalAction.RETIRE:
        return retire_watchlist(conn, found.list_name, username, note=why).changes
    if found.action == ProposalAction.CREATE:
        s = found.settings
        wanted = ListSettings(
            kind=ListKind(s.kind), threshold=s.threshold, source=s.source, description=s.description
        )
        create_watchlist(conn, found.list_name, username, wanted)
        if content is None:
            return Changes()
    assert content is not None
    done = import_watchlist(
        conn,
        found.list_name,
        content,
        fmt,
        username,
        file_name=found.file_name or "",
        skip_bad=found.skip_bad,
        retire_missing=found.retire_missing,
        note=why,
    )
    return done.changes


def approve_proposal(
    conn: Connection, proposal_id: int, username: str, *, note: str | None = None
) -> Proposal:
    """Apply the pending proposal: only a supervisor who did not propose it may."""
    user = acting_user(conn, username, APPROVERS, "approve watch-list changes")
    note = _note(note)
    found = _open(conn, proposal_id, "approve")
    if found.proposed_by == user.username:
        raise NotAllowed(
            f"four eyes: {user.username} proposed change {proposal_id} and cannot approve it; "
            "another supervisor must"
        )
    changes = _apply(conn, found, user.username)
    outcome = {
        "added": changes.added,
        "updated": changes.updated,
        "retired": changes.retired,
        "unchanged": changes.unchanged,
    }
    store.decide(conn, proposal_id, ProposalStatus.APPROVED, user.id, note, outcome)
    watchlist_changed(conn, user, found.list_name, "approved", proposal=proposal_id, note=note)
    return _get(conn, proposal_id)


def reject_proposal(conn: Connection, proposal_id: int, username: str, *, note: str) -> Proposal:
    """Refuse the pending proposal with a reason; nothing of it is applied."""
    user = acting_user(conn, username, APPROVERS, "reject watch-list changes")
    reason = _note(note)
    if reason is None:
        raise _refused("a rejection needs a reason telling the author what to change", "note")
    found = _open(conn, proposal_id, "reject")
    store.decide(conn, proposal_id, ProposalStatus.REJECTED, user.id, reason)
    watchlist_changed(conn, user, found.list_name, "rejected", proposal=proposal_id, note=reason)
    return _get(conn, proposal_id)


def pending_proposals(conn: Connection, name: str | None = None) -> list[Proposal]:
    return store.proposals(conn, list_name=name, status=ProposalStatus.PENDING)


def list_proposals(conn: Connection, name: str | None = None, limit: int = 200) -> list[Proposal]:
    """Proposals of every status (of list ``name``), newest first."""
    return store.proposals(conn, list_name=name, limit=limit)


def proposal(conn: Connection, proposal_id: int) -> Proposal:
    return _get(conn, proposal_id)
