"""API tokens for machine clients: making one (its secret shown once), listing, revoking, and
recognising a presented secret.

A secret is ``ct_`` and 32 random bytes (URL-safe base64). The database keeps its SHA-256 and
its first characters; a presented secret is looked up by those characters and its hash compared
in constant time. A fast hash is enough here, unlike for passwords: the secret is random, not
chosen by a person, so there is nothing to guess. Making and revoking a token are audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.tokens import (
    PREFIX_LENGTH,
    SECRET_START,
    ApiToken,
    TokenIdentity,
    TokenScope,
)
from cargotarget.store import tokens as store
from cargotarget.store.audit import append_event
from cargotarget.store.users import user_by_name
from cargotarget.workflow.permissions import NotAllowed, UnknownUser

_SECRET_LENGTH = len(SECRET_START) + 43  # 32 bytes in URL-safe base64, without padding
#: A token's use is written down at most this often (a write per API call is not needed).
NOTE_USE_EVERY = timedelta(seconds=60)
#: The longest label kept (what the token is for, e.g. "Maersk filing gateway").
MAX_LABEL = 200


class UnknownToken(LookupError):
    """No token with that id."""


class TokenRejected(ValueError):
    """A token that cannot be made as asked (no scope, an expiry in the past)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    conn: Connection,
    owner: str,
    scopes: Iterable[TokenScope],
    *,
    actor: str,
    expires_at: datetime | None = None,
    label: str | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for the active user ``owner`` with ``scopes``; returns it with its secret,
    which is shown this once and never stored."""
    user = user_by_name(conn, owner)
    if user is None:
        raise UnknownUser(f"no user named {owner!r}: add one with `cargotarget users add`")
    if not user.active:
        raise NotAllowed(f"{user.username} is deactivated and may not hold tokens")
    wanted = frozenset(scopes)
    if not wanted:
        raise TokenRejected("a token needs at least one scope")
    label = (label or "").strip()
    if not label.isprintable() or len(label) > MAX_LABEL:
        raise TokenRejected(
            f"a label is plain text of at most {MAX_LABEL} characters, without control characters"
        )
    now = datetime.now(UTC)
    if expires_at is not None and expires_at <= now:
        raise TokenRejected(f"the expiry {expires_at:%Y-%m-%d %H:%M} UTC has already passed")
    secret = SECRET_START + secrets.token_urlsafe(32)
    new = store.NewToken(
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=_hash(secret),
        owner_id=user.id,
        scopes=wanted,
        label=label or None,
        created_at=now,
        created_by=actor,
        expires_at=expires_at,
    )
    token = store.add_token(conn, new)
    detail = {
        "step": "created",
        "owner": token.owner,
        "prefix": token.prefix,
        "scopes": sorted(token.scopes),
        "expires_at": None if expires_at is None else expires_at.isoformat(),
    }
    append_event(conn, actor, AuditAction.TOKEN_CHANGE, ("token", str(token.id)), detail)
    return token, secret


def list_tokens(conn: Connection, owner: str | None = None) -> list[ApiToken]:
    """Every token, or those of ``owner``, oldest first."""
    if owner is None:
        return store.tokens(conn)
    user = user_by_name(conn, owner)
    if user is None:
        raise UnknownUser(f"no user named {owner!r}")
    return store.tokens(conn, [user.id])


def revoke_token(conn: Connection, token_id: int, *, actor: str) -> ApiToken:
    """Revoke token ``token_id`` for good (revoking it again changes nothing)."""
    before = store.token_by_id(conn, token_id)
    if before is None:
        raise UnknownToken(f"no token with id {token_id}: `cargotarget tokens list` shows them")
    token = store.revoke_token(conn, token_id, datetime.now(UTC))
    assert token is not None
    detail = {"step": "revoked", "owner": token.owner, "already": before.revoked_at is not None}
    append_event(conn, actor, AuditAction.TOKEN_CHANGE, ("token", str(token_id)), detail)
    return token


def authenticate_token(
    conn: Connection, secret: str, *, now: datetime | None = None
) -> TokenIdentity | None:
    """Who ``secret`` speaks for, or None when it is not a live token of an active user. The
    token's ``last_used_at`` is brought up to date when it is a minute old or more (in the
    caller's transaction)."""
    if len(secret) != _SECRET_LENGTH or not secret.startswith(SECRET_START):
        return None
    presented = _hash(secret)
    now = now or datetime.now(UTC)
    for token, stored in store.tokens_with_prefix(conn, secret[:PREFIX_LENGTH]):
        if hmac.compare_digest(presented, stored) and token.state(now) == "active":
            owner = user_by_name(conn, token.owner)
            if owner is None or not owner.active:
                return None
            last = token.last_used_at
            if last is None or now - last >= NOTE_USE_EVERY:
                store.note_use(conn, token.id, now, NOTE_USE_EVERY)
            return TokenIdentity(token_id=token.id, owner=token.owner, scopes=token.scopes)
    return None
