"""Watch lists: creating them, importing their entries from CSV or FollowTheMoney files, and
reading them back for listing and for screening.

A file is read by the screening loaders (:func:`~cargotarget.screening.load_csv`,
:func:`~cargotarget.screening.load_ftm`). An import replaces the list's entries in force with
those of the file: that is how published lists are delivered (each edition is complete). It is
therefore all or nothing: a file with any problem changes nothing unless ``skip_bad`` is asked
for, and a file with no entries never empties a list. Each import is recorded with who ran it,
the file's name and SHA-256, and how many entries were added, updated, retired or unchanged.
"""

from __future__ import annotations

import hashlib
from datetime import date
from enum import StrEnum

import msgspec
from sqlalchemy import Connection

from cargotarget.model.problems import Problem
from cargotarget.model.users import Role
from cargotarget.screening import EntryKind, Severity, WatchEntry, load_csv, load_ftm
from cargotarget.screening.keys import MIN_SCORE
from cargotarget.store import watchlists as store
from cargotarget.store.watchlists import Changes, EntryRow, Watchlist, WatchlistEvent
from cargotarget.workflow.audit import watchlist_changed
from cargotarget.workflow.permissions import acting_user

EDITORS = frozenset({Role.ANALYST, Role.SUPERVISOR})
MAX_KEY = 128


class ListKind(StrEnum):
    """What a list holds: designations to stop, intelligence leads, lookouts for specific
    shipments, or control areas set for a time."""

    SANCTIONS = "sanctions"
    INTELLIGENCE = "intelligence"
    LOOKOUT = "lookout"
    PRIORITY_CONTROL = "priority_control"
    OTHER = "other"


class ListFormat(StrEnum):
    CSV = "csv"
    FTM = "ftm"


class UnknownWatchlist(LookupError):
    """No watch list by that name."""


class WatchlistRejected(ValueError):
    """A watch-list file or setting that cannot be accepted, with every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        more = len(self.problems) - 1
        first = str(self.problems[0]) if self.problems else "the watch list is not valid"
        super().__init__(first + (f" (and {more} more problem(s))" if more > 0 else ""))


class ListSettings(msgspec.Struct, frozen=True, kw_only=True):
    """How a new list is set up: ``threshold`` is the name-match score (80 to 100; the
    screening index is built for that floor) from which an entry of this list raises a hit."""

    kind: ListKind = ListKind.INTELLIGENCE
    threshold: int = 88
    source: str | None = None
    description: str | None = None


class Imported(msgspec.Struct, frozen=True, kw_only=True):
    watchlist: Watchlist
    changes: Changes
    problems: tuple[Problem, ...]


def _setting_problem(message: str) -> WatchlistRejected:
    return WatchlistRejected([Problem(code="bad_setting", message=message, position="settings")])


def create_watchlist(
    conn: Connection, name: str, username: str, settings: ListSettings | None = None
) -> Watchlist:
    """Create the list ``name`` (refused if the name is taken or the threshold is out of
    range), recording who created it."""
    user = acting_user(conn, username, EDITORS, "create watch lists")
    settings = settings or ListSettings()
    name = name.strip()
    if not name or len(name) > 128:
        raise _setting_problem("a watch list needs a name of 1 to 128 characters")
    if not MIN_SCORE <= settings.threshold <= 100:
        raise _setting_problem(
            f"threshold {settings.threshold} is not between {MIN_SCORE:.0f} and 100"
        )
    if store.watchlist_by_name(conn, name) is not None:
        raise _setting_problem(f"a watch list named {name!r} already exists")
    created = store.create_watchlist(
        conn,
        name,
        kind=settings.kind.value,
        threshold=settings.threshold,
        user_id=user.id,
        source=settings.source,
        description=settings.description,
    )
    store.add_event(conn, created.id, "created", user.id, Changes())
    watchlist_changed(conn, user, name, "created", kind=settings.kind.value)
    return created


def _row(entry: WatchEntry) -> EntryRow:
    return EntryRow(
        entry_key=entry.entry_id,
        kind=entry.kind.value,
        value=entry.value,
        name=entry.name,
        aliases=entry.aliases,
        address=entry.address,
        country=entry.country,
        identifiers=entry.identifiers,
        reason=entry.reason,
        severity=entry.severity.value,
        source=entry.source,
        valid_from=entry.valid_from,
        expires_at=entry.expires,
    )


def _rows(entries: tuple[WatchEntry, ...], problems: list[Problem]) -> list[EntryRow]:
    """The rows to store, with a problem for every repeated or over-long id."""
    rows: dict[str, EntryRow] = {}
    for entry in entries:
        if entry.entry_id in rows:
            why = "appears twice"
        elif len(entry.entry_id) > MAX_KEY:
            why = f"is longer than {MAX_KEY} characters"
        else:
            rows[entry.entry_id] = _row(entry)
            continue
        message = f"entry id {entry.entry_id[:40]!r} {why}"
        problems.append(Problem(code="bad_id", message=message, position="file"))
    return list(rows.values())


def read_entries(
    name: str, data: bytes, fmt: ListFormat, source: str, *, skip_bad: bool = False
) -> tuple[list[EntryRow], list[Problem]]:
    """The entries of file ``data`` for list ``name`` and the problems found (each with its
    line or record). Raises :class:`WatchlistRejected` for a file with problems (unless
    ``skip_bad``) or without entries."""
    load = load_csv if fmt is ListFormat.CSV else load_ftm
    result = load(data, list_name=name, source_name=source)
    problems = list(result.problems)
    rows = _rows(result.entries, problems)
    if problems and not skip_bad:
        raise WatchlistRejected(problems)
    if not rows:
        empty = Problem(code="empty", message="the file holds no entries", position="file")
        raise WatchlistRejected([*problems, empty])
    return rows, problems


def import_watchlist(
    conn: Connection,
    name: str,
    data: bytes,
    fmt: ListFormat,
    username: str,
    *,
    file_name: str = "",
    skip_bad: bool = False,
    retire_missing: bool = True,
    note: str | None = None,
) -> Imported:
    """Replace the entries of list ``name`` with those in ``data`` (read from ``file_name``).
    Raises :class:`WatchlistRejected` (changing nothing) for a file with problems, unless
    ``skip_bad``, which imports the good entries and returns the problems. Entries that name
    no source of their own are attributed to the list's source (or the list itself), not to
    the file, so that the next edition of a file does not count as a change of every entry."""
    user = acting_user(conn, username, EDITORS, "import watch lists")
    found = store.watchlist_by_name(conn, name)
    if found is None:
        raise UnknownWatchlist(f"no watch list named {name!r}")
    rows, problems = read_entries(name, data, fmt, found.source or name, skip_bad=skip_bad)
    changes = store.replace_entries(conn, found.id, rows, user.id, retire_missing=retire_missing)
    about = {"source": file_name or None, "format": fmt.value}
    sha256 = hashlib.sha256(data).hexdigest()
    skipped = f"{len(problems)} problem(s) skipped" if problems else None
    note = "; ".join(n for n in (skipped, note) if n) or None
    store.add_event(conn, found.id, "imported", user.id, changes, sha256=sha256, note=note, **about)
    watchlist_changed(
        conn, user, name, "imported", sha256=sha256, **msgspec.structs.asdict(changes)
    )
    listed = store.watchlist_by_name(conn, name)
    assert listed is not None
    return Imported(watchlist=listed, changes=changes, problems=tuple(problems))


def retire_watchlist(
    conn: Connection, name: str, username: str, *, note: str | None = None
) -> Imported:
    """Take list ``name`` out of screening: every entry in force is retired (none is
    deleted, so the list as it stood on any day can still be shown)."""
    user = acting_user(conn, username, EDITORS, "retire watch lists")
    found = store.watchlist_by_name(conn, name)
    if found is None:
        raise UnknownWatchlist(f"no watch list named {name!r}")
    changes = store.replace_entries(conn, found.id, [], user.id, retire_missing=True)
    store.add_event(conn, found.id, "retired", user.id, changes, note=note)
    watchlist_changed(conn, user, name, "retired", retired=changes.retired, note=note)
    listed = store.watchlist_by_name(conn, name)
    assert listed is not None
    return Imported(watchlist=listed, changes=changes, problems=())


def watchlists(conn: Connection) -> list[Watchlist]:
    """Every list with its settings and its number of entries in force."""
    return store.watchlists(conn)


def _list_id(conn: Connection, name: str) -> int:
    found = store.watchlist_by_name(conn, name)
    if found is None:
        raise UnknownWatchlist(f"no watch list named {name!r}")
    return found.id


def list_history(conn: Connection, name: str) -> list[WatchlistEvent]:
    """Who created and imported list ``name``, when, from which file, with what effect."""
    return store.events(conn, _list_id(conn, name))


def _entry(stored: store.StoredEntry) -> WatchEntry:
    row = stored.row
    return WatchEntry(
        entry_id=row.entry_key,
        list_name=stored.watchlist,
        kind=EntryKind(row.kind),
        reason=row.reason,
        severity=Severity(row.severity),
        source=row.source,
        value=row.value,
        name=row.name,
        aliases=row.aliases,
        address=row.address,
        country=row.country,
        identifiers=row.identifiers,
        valid_from=row.valid_from,
        expires=row.expires_at,
    )


def list_entries(
    conn: Connection, name: str | None = None, *, on: date | None = None, limit: int | None = None
) -> list[WatchEntry]:
    """The entries in force of list ``name`` (of every list without one), as screening uses
    them; with ``on``, only those that match on that day."""
    list_id = None if name is None else _list_id(conn, name)
    found = [_entry(e) for e in store.entries(conn, list_id, limit=limit)]
    return found if on is None else [e for e in found if e.active_on(on)]
