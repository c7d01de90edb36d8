"""What the watch-list pages and API show: each list with its state and pending proposals,
one list's entries a page at a time with its history, and reading a proposal from a form."""

from __future__ import annotations

import msgspec
from sqlalchemy import Connection

from cargotarget.store.watchlist_pages import entry_page, retired_lists
from cargotarget.store.watchlist_proposals import Proposal
from cargotarget.store.watchlists import StoredEntry, Watchlist, WatchlistEvent, watchlist_by_name
from cargotarget.workflow.watchlist_proposals import list_proposals, pending_proposals
from cargotarget.workflow.watchlists import UnknownWatchlist, list_history, watchlists

PAGE = 50


class WatchlistRow(msgspec.Struct, frozen=True, kw_only=True):
    """A list with its settings, entries in force (``live``), whether it was retired and how
    many proposals on it wait for a decision."""

    watchlist: Watchlist
    retired: bool
    pending: int


class WatchlistOverview(msgspec.Struct, frozen=True, kw_only=True):
    lists: list[WatchlistRow]
    proposals: list[Proposal]


class WatchlistDetail(msgspec.Struct, frozen=True, kw_only=True):
    """One list: a page of its entries in force (``total`` match the search), its recorded
    changes (oldest first) and its proposals (newest first)."""

    watchlist: Watchlist
    retired: bool
    entries: list[StoredEntry]
    total: int
    search: str
    page: int
    pages: int
    history: list[WatchlistEvent]
    proposals: list[Proposal]


def overview(conn: Connection) -> WatchlistOverview:
    pending = pending_proposals(conn)
    retired = retired_lists(conn)
    rows = [
        WatchlistRow(
            watchlist=w,
            retired=w.name in retired,
            pending=sum(p.list_name == w.name for p in pending),
        )
        for w in watchlists(conn)
    ]
    return WatchlistOverview(lists=rows, proposals=pending)


def detail(conn: Connection, name: str, *, search: str = "", page: int = 1) -> WatchlistDetail:
    """List ``name``; raises :class:`UnknownWatchlist` for an unknown name."""
    found = watchlist_by_name(conn, name)
    if found is None:
        raise UnknownWatchlist(f"no watch list named {name!r}")
    entries, total = entry_page(
        conn, found.id, search=search.strip(), limit=PAGE, offset=(page - 1) * PAGE
    )
    return WatchlistDetail(
        watchlist=found,
        retired=name in retired_lists(conn),
        entries=entries,
        total=total,
        search=search.strip(),
        page=page,
        pages=max(1, -(-total // PAGE)),
        history=list_history(conn, name),
        proposals=list_proposals(conn, name),
    )
