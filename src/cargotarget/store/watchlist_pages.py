"""Reading a watch list a page at a time: its entries in force, searched by id, name or
value, and the lists taken out of service."""

from __future__ import annotations

from sqlalchemy import Connection, func, or_, select

from cargotarget.store import tables as t
from cargotarget.store.watchlists import StoredEntry, stored_entry


def _escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def entry_page(
    conn: Connection, watchlist_id: int, *, search: str = "", limit: int = 50, offset: int = 0
) -> tuple[list[StoredEntry], int]:
    """One page of the entries in force of a list, by entry id, and how many match in all;
    ``search`` matches (case-insensitively) the entry id, the name or the value."""
    e = t.watchlist_entry.c
    where = [e.watchlist_id == watchlist_id, e.retired.is_(False)]
    if search:
        like = f"%{_escaped(search.lower())}%"
        where.append(
            or_(
                func.lower(e.entry_key).like(like, escape="\\"),
                func.lower(e.name).like(like, escape="\\"),
                func.lower(e.value).like(like, escape="\\"),
            )
        )
    total = conn.execute(select(func.count()).select_from(t.watchlist_entry).where(*where))
    query = (
        select(t.watchlist_entry, t.watchlist.c.name.label("list_name"), t.user_account.c.username)
        .join(t.watchlist, t.watchlist.c.id == e.watchlist_id)
        .join(t.user_account, t.user_account.c.id == e.added_by)
        .where(*where)
        .order_by(e.entry_key, e.id)
        .limit(limit)
        .offset(offset)
    )
    return [stored_entry(r) for r in conn.execute(query)], int(total.scalar() or 0)


def retired_lists(conn: Connection) -> set[str]:
    """The lists whose latest recorded change took them out of service."""
    v = t.watchlist_event.c
    latest = select(func.max(v.id)).group_by(v.watchlist_id).scalar_subquery()
    query = (
        select(t.watchlist.c.name)
        .join(t.watchlist_event, v.watchlist_id == t.watchlist.c.id)
        .where(v.id.in_(latest), v.action == "retired")
    )
    return {str(name) for name in conn.execute(query).scalars()}
