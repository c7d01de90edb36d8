"""API tokens: storing a new one (its secret only as a hash), finding and revoking them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import Connection, Select, insert, or_, select, update

from cargotarget.model.tokens import ApiToken, TokenScope
from cargotarget.store.queries import as_utc
from cargotarget.store.security_tables import api_token
from cargotarget.store.tables import user_account

_scopes = msgspec.json.Decoder(list[TokenScope])


class NewToken(msgspec.Struct, frozen=True, kw_only=True):
    prefix: str
    secret_hash: str
    owner_id: int
    scopes: frozenset[TokenScope]
    label: str | None
    created_at: datetime
    created_by: str
    expires_at: datetime | None


def _query() -> Select[Any]:
    return select(api_token, user_account.c.username.label("owner")).join(
        user_account, user_account.c.id == api_token.c.owner_id
    )


def _token(row: Any) -> ApiToken:
    return ApiToken(
        id=row.id,
        prefix=row.prefix,
        owner=row.owner,
        scopes=frozenset(_scopes.decode(row.scopes)),
        label=row.label,
        created_at=as_utc(row.created_at) or row.created_at,
        created_by=row.created_by,
        expires_at=as_utc(row.expires_at),
        revoked_at=as_utc(row.revoked_at),
        last_used_at=as_utc(row.last_used_at),
    )


def add_token(conn: Connection, new: NewToken) -> ApiToken:
    values = msgspec.structs.asdict(new)
    values["scopes"] = msgspec.json.encode(sorted(new.scopes)).decode()
    added = conn.execute(insert(api_token).values(values)).inserted_primary_key
    assert added is not None
    found = token_by_id(conn, int(added[0]))
    assert found is not None
    return found


def token_by_id(conn: Connection, token_id: int) -> ApiToken | None:
    row = conn.execute(_query().where(api_token.c.id == token_id)).first()
    return None if row is None else _token(row)


def tokens_with_prefix(conn: Connection, prefix: str) -> list[tuple[ApiToken, str]]:
    """The tokens whose secret starts with ``prefix``, each with its secret's hash."""
    rows = conn.execute(_query().where(api_token.c.prefix == prefix))
    return [(_token(row), row.secret_hash) for row in rows]


def tokens(conn: Connection, owner_ids: Iterable[int] | None = None) -> list[ApiToken]:
    """Every token (of the owners ``owner_ids`` when given), oldest first."""
    query = _query().order_by(api_token.c.id)
    if owner_ids is not None:
        query = query.where(api_token.c.owner_id.in_(list(owner_ids)))
    return [_token(row) for row in conn.execute(query)]


def revoke_token(conn: Connection, token_id: int, at: datetime) -> ApiToken | None:
    """Mark token ``token_id`` revoked at ``at`` (unless it already is); None if unknown."""
    t = api_token.c
    conn.execute(
        update(api_token).where(t.id == token_id, t.revoked_at.is_(None)).values(revoked_at=at)
    )
    return token_by_id(conn, token_id)


def note_use(conn: Connection, token_id: int, at: datetime, every: timedelta) -> bool:
    """Record that token ``token_id`` was used at ``at``, unless that was already noted less
    than ``every`` before; whether a row was written."""
    t = api_token.c
    stale = or_(t.last_used_at.is_(None), t.last_used_at <= at - every)
    done = conn.execute(update(api_token).where(t.id == token_id, stale).values(last_used_at=at))
    return bool(done.rowcount)
