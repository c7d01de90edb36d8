"""Watch lists, their entries, and the record of every import.

An import replaces a list's contents entry by entry, keyed by the entry's id on its list: a new
key is added; a key whose content changed has its old row retired and a new row added (so the
entry as it stood on any day can still be shown); a key no longer in the file is retired. Rows
are never deleted. Each import is recorded with its counts in ``watchlist_event``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, func, insert, select, update

from cargotarget.model.manifest import Address, Identifier
from cargotarget.store import tables as t
from cargotarget.store.queries import as_utc

_CHUNK = 500
_aliases = msgspec.json.Decoder(tuple[str, ...])
_address = msgspec.json.Decoder(Address | None)
_identifiers = msgspec.json.Decoder(tuple[Identifier, ...])


class Watchlist(msgspec.Struct, frozen=True, kw_only=True):
    """A list's settings, with the number of entries in force (``live``)."""

    id: int
    name: str
    kind: str
    threshold: int
    source: str | None
    description: str | None
    created_at: datetime
    created_by: str
    live: int = 0


class EntryRow(msgspec.Struct, frozen=True, kw_only=True):
    """The content of one entry as stored (kinds and severities as their names)."""

    entry_key: str
    kind: str
    value: str
    name: str | None
    aliases: tuple[str, ...]
    address: Address | None
    country: str | None
    identifiers: tuple[Identifier, ...]
    reason: str
    severity: str
    source: str
    valid_from: date | None
    expires_at: date | None

    def fingerprint(self) -> str:
        return hashlib.sha256(msgspec.json.encode(self)).hexdigest()


class StoredEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    watchlist: str
    row: EntryRow
    added_at: datetime
    added_by: str
    retired: bool


class Changes(msgspec.Struct, frozen=True, kw_only=True):
    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0


class WatchlistEvent(msgspec.Struct, frozen=True, kw_only=True):
    action: str
    username: str
    at: datetime
    source: str | None
    sha256: str | None
    format: str | None
    changes: Changes
    note: str | None


def _watchlist_query() -> Any:
    w, e = t.watchlist.c, t.watchlist_entry.c
    live = (
        select(func.count())
        .where(e.watchlist_id == w.id, e.retired.is_(False))
        .scalar_subquery()
        .label("live")
    )
    return select(t.watchlist, t.user_account.c.username.label("creator"), live).join(
        t.user_account, t.user_account.c.id == w.created_by
    )


def _watchlist(row: Any) -> Watchlist:
    values = dict(row._mapping)
    values["created_by"] = values.pop("creator")
    values["created_at"] = as_utc(values["created_at"])
    return Watchlist(**values)


def create_watchlist(
    conn: Connection, name: str, *, kind: str, threshold: int, user_id: int, **about: str | None
) -> Watchlist:
    """Create list ``name``; ``about`` may give its ``source`` and ``description``."""
    values = {"source": about.get("source"), "description": about.get("description")}
    conn.execute(
        insert(t.watchlist).values(
            name=name,
            kind=kind,
            threshold=threshold,
            created_at=datetime.now(UTC),
            created_by=user_id,
            **values,
        )
    )
    found = watchlist_by_name(conn, name)
    assert found is not None
    return found


def watchlist_by_name(conn: Connection, name: str) -> Watchlist | None:
    row = conn.execute(_watchlist_query().where(t.watchlist.c.name == name)).first()
    return None if row is None else _watchlist(row)


def watchlists(conn: Connection) -> list[Watchlist]:
    """Every list, by name, with its count of entries in force."""
    return [_watchlist(r) for r in conn.execute(_watchlist_query().order_by(t.watchlist.c.name))]


def _row_values(row: EntryRow) -> dict[str, Any]:
    values = msgspec.structs.asdict(row)
    values["aliases"] = msgspec.json.encode(row.aliases).decode()
    values["address"] = None if row.address is None else msgspec.json.encode(row.address).decode()
    values["identifiers"] = msgspec.json.encode(row.identifiers).decode()
    values["fingerprint"] = row.fingerprint()
    return values


def _live_keys(conn: Connection, watchlist_id: int) -> dict[str, tuple[int, str]]:
    e = t.watchlist_entry.c
    query = select(e.id, e.entry_key, e.fingerprint).where(
        e.watchlist_id == watchlist_id, e.retired.is_(False)
    )
    return {key: (int(i), fp) for i, key, fp in conn.execute(query)}


def _retire(conn: Connection, ids: Sequence[int], at: datetime) -> None:
    e = t.watchlist_entry.c
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        conn.execute(
            update(t.watchlist_entry).where(e.id.in_(chunk)).values(retired=True, retired_at=at)
        )


def replace_entries(
    conn: Connection,
    watchlist_id: int,
    rows: Sequence[EntryRow],
    user_id: int,
    *,
    retire_missing: bool = True,
) -> Changes:
    """Bring the list's entries in force to ``rows`` (keys must be unique) and say what
    changed. With ``retire_missing`` false, entries not in ``rows`` stay in force."""
    existing = _live_keys(conn, watchlist_id)
    now = datetime.now(UTC)
    common = {"watchlist_id": watchlist_id, "added_at": now, "added_by": user_id, "retired": False}
    new: list[dict[str, Any]] = []
    to_retire: list[int] = []
    updated = 0
    for row in rows:
        known = existing.pop(row.entry_key, None)
        if known is not None and known[1] == row.fingerprint():
            continue
        if known is not None:
            to_retire.append(known[0])
            updated += 1
        new.append({**_row_values(row), **common})
    missing = [i for i, _ in existing.values()] if retire_missing else []
    _retire(conn, to_retire + missing, now)
    for start in range(0, len(new), _CHUNK):
        conn.execute(insert(t.watchlist_entry), new[start : start + _CHUNK])
    added = len(new) - updated
    unchanged = len(rows) - len(new)
    return Changes(added=added, updated=updated, retired=len(missing), unchanged=unchanged)


def add_event(
    conn: Connection, watchlist_id: int, action: str, user_id: int, changes: Changes, **about: Any
) -> None:
    """Record a change to a list; ``about`` may give ``source``, ``sha256``, ``format``,
    ``note``."""
    conn.execute(
        insert(t.watchlist_event).values(
            watchlist_id=watchlist_id,
            action=action,
            user_id=user_id,
            at=datetime.now(UTC),
            **msgspec.structs.asdict(changes),
            **about,
        )
    )


def events(conn: Connection, watchlist_id: int) -> list[WatchlistEvent]:
    """The recorded changes of a list, oldest first."""
    v, u = t.watchlist_event.c, t.user_account.c
    query = (
        select(t.watchlist_event, u.username)
        .join(t.user_account, u.id == v.user_id)
        .where(v.watchlist_id == watchlist_id)
        .order_by(v.id)
    )
    return [
        WatchlistEvent(
            action=r.action,
            username=r.username,
            at=as_utc(r.at) or r.at,
            source=r.source,
            sha256=r.sha256,
            format=r.format,
            note=r.note,
            changes=Changes(
                added=r.added, updated=r.updated, retired=r.retired, unchanged=r.unchanged
            ),
        )
        for r in conn.execute(query)
    ]


def stored_entry(r: Any) -> StoredEntry:
    row = EntryRow(
        entry_key=r.entry_key,
        kind=r.kind,
        value=r.value,
        name=r.name,
        aliases=_aliases.decode(r.aliases),
        address=None if r.address is None else _address.decode(r.address),
        country=r.country,
        identifiers=_identifiers.decode(r.identifiers),
        reason=r.reason,
        severity=r.severity,
        source=r.source,
        valid_from=r.valid_from,
        expires_at=r.expires_at,
    )
    added_at = as_utc(r.added_at) or r.added_at
    return StoredEntry(
        id=r.id,
        watchlist=r.list_name,
        row=row,
        added_at=added_at,
        added_by=r.username,
        retired=r.retired,
    )


def entries(
    conn: Connection,
    watchlist_id: int | None = None,
    *,
    retired: bool = False,
    limit: int | None = None,
) -> list[StoredEntry]:
    """Entries in force (with ``retired``: every row ever stored) of one list or of all."""
    e = t.watchlist_entry.c
    query = (
        select(t.watchlist_entry, t.watchlist.c.name.label("list_name"), t.user_account.c.username)
        .join(t.watchlist, t.watchlist.c.id == e.watchlist_id)
        .join(t.user_account, t.user_account.c.id == e.added_by)
        .order_by(t.watchlist.c.name, e.entry_key, e.id)
        .limit(limit)
    )
    if watchlist_id is not None:
        query = query.where(e.watchlist_id == watchlist_id)
    if not retired:
        query = query.where(e.retired.is_(False))
    return [stored_entry(r) for r in conn.execute(query)]
