"""Data providers: storing them with their identifiers and accounts, and finding them by code,
by account or by a value a message names its filer by."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from cargotarget.model.providers import (
    DataProvider,
    IdentifierScheme,
    ProviderIdentifier,
    ProviderKind,
)
from cargotarget.store.provider_tables import data_provider, provider_account, provider_identifier
from cargotarget.store.queries import as_utc
from cargotarget.store.tables import user_account

_p, _i, _a = data_provider.c, provider_identifier.c, provider_account.c


def _identifiers(conn: Connection, ids: list[int]) -> dict[int, list[ProviderIdentifier]]:
    found: dict[int, list[ProviderIdentifier]] = {i: [] for i in ids}
    query = (
        select(_i.provider_id, _i.scheme, _i.value)
        .where(_i.provider_id.in_(ids))
        .order_by(_i.scheme, _i.value)
    )
    for pid, scheme, value in conn.execute(query):
        found[pid].append(ProviderIdentifier(scheme=IdentifierScheme(scheme), value=value))
    return found


def _accounts(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {i: [] for i in ids}
    query = (
        select(_a.provider_id, user_account.c.username)
        .join(user_account, user_account.c.id == _a.user_id)
        .where(_a.provider_id.in_(ids))
        .order_by(user_account.c.username)
    )
    for pid, username in conn.execute(query):
        found[pid].append(username)
    return found


def _providers(conn: Connection, rows: list[Any]) -> list[DataProvider]:
    ids = [row.id for row in rows]
    if not ids:
        return []
    identifiers, accounts = _identifiers(conn, ids), _accounts(conn, ids)
    return [
        DataProvider(
            id=row.id,
            code=row.code,
            name=row.name,
            kind=ProviderKind(row.kind),
            contact=row.contact,
            active=row.active,
            created_at=as_utc(row.created_at) or row.created_at,
            created_by=row.created_by,
            identifiers=tuple(identifiers[row.id]),
            accounts=tuple(accounts[row.id]),
        )
        for row in rows
    ]


def add_provider(conn: Connection, values: dict[str, Any]) -> int:
    """Store a new provider (``values`` are its columns); returns its id."""
    added = conn.execute(insert(data_provider).values(values)).inserted_primary_key
    assert added is not None
    return int(added[0])


def providers(conn: Connection, *, active_only: bool = False) -> list[DataProvider]:
    """Every provider, by code."""
    query = select(data_provider).order_by(_p.code)
    if active_only:
        query = query.where(_p.active.is_(True))
    return _providers(conn, list(conn.execute(query)))


def provider_by_code(conn: Connection, code: str) -> DataProvider | None:
    rows = list(conn.execute(select(data_provider).where(_p.code == code)))
    found = _providers(conn, rows)
    return found[0] if found else None


def provider_by_id(conn: Connection, provider_id: int) -> DataProvider | None:
    rows = list(conn.execute(select(data_provider).where(_p.id == provider_id)))
    found = _providers(conn, rows)
    return found[0] if found else None


def provider_of_user(conn: Connection, user_id: int) -> DataProvider | None:
    """The provider the account ``user_id`` files for, if it is linked to one."""
    pid = conn.execute(select(_a.provider_id).where(_a.user_id == user_id)).scalar()
    return None if pid is None else provider_by_id(conn, int(pid))


def identifier_owner(conn: Connection, scheme: str, value: str) -> int | None:
    """The provider that holds identifier ``value`` of ``scheme``, if any."""
    query = select(_i.provider_id).where(_i.scheme == scheme, _i.value == value)
    found = conn.execute(query).scalar()
    return None if found is None else int(found)


def add_identifier(
    conn: Connection, provider_id: int, scheme: str, value: str, at: datetime, by: str
) -> None:
    row = {"provider_id": provider_id, "scheme": scheme, "value": value}
    conn.execute(insert(provider_identifier).values(**row, added_at=at, added_by=by))


def account_provider(conn: Connection, user_id: int) -> int | None:
    found = conn.execute(select(_a.provider_id).where(_a.user_id == user_id)).scalar()
    return None if found is None else int(found)


def link_account(conn: Connection, provider_id: int, user_id: int, at: datetime, by: str) -> None:
    row = {"user_id": user_id, "provider_id": provider_id, "linked_at": at, "linked_by": by}
    conn.execute(insert(provider_account).values(row))


def set_active(conn: Connection, provider_id: int, active: bool) -> None:
    conn.execute(update(data_provider).where(_p.id == provider_id).values(active=active))


def provider_naming(conn: Connection, filer: str) -> int | None:
    """The provider a consignment's filer string names: an account that files for it, its
    code, or one of its identifier values (in that order of precedence)."""
    by_account = (
        select(_a.provider_id)
        .join(user_account, user_account.c.id == _a.user_id)
        .where(user_account.c.username == filer.lower())
    )
    by_code = select(_p.id).where(_p.code == filer.upper())
    by_value = select(_i.provider_id).where(_i.value == filer.upper()).order_by(_i.id).limit(1)
    for query in (by_account, by_code, by_value):
        found = conn.execute(query).scalar()
        if found is not None:
            return int(found)
    return None
