"""API tokens: how machine clients (a carrier's filing system, a laboratory) authenticate.

A token belongs to a user account (its owner) and carries scopes that say what it may do. Only
the SHA-256 of the secret is kept, with the secret's first characters (its prefix) to find it by
and to tell tokens apart in listings; the secret itself is shown once, when the token is made.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

#: Every secret starts so, which makes a leaked one easy to recognise (and to scan for).
SECRET_START = "ct_"
#: Characters of the secret kept in the clear for lookup and listings.
PREFIX_LENGTH = 11


class TokenScope(StrEnum):
    SUBMIT = "submit"
    READ_OWN_RECEIPTS = "read_own_receipts"
    READ = "read"
    WRITE_RESULTS = "write_results"


class ApiToken(msgspec.Struct, frozen=True, kw_only=True):
    """A token as stored, without its secret."""

    id: int
    prefix: str
    owner: str
    scopes: frozenset[TokenScope]
    label: str | None
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    revoked_at: datetime | None
    #: When a client last presented it (to the minute), if ever.
    last_used_at: datetime | None = None

    @property
    def actor(self) -> str:
        """How the token is named in the audit trail."""
        return f"token:{self.id}"

    def state(self, now: datetime) -> str:
        """``active``, ``revoked`` or ``expired``."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


class TokenIdentity(msgspec.Struct, frozen=True, kw_only=True):
    """Who a presented secret speaks for: the token, its owner and what it may do."""

    token_id: int
    owner: str
    scopes: frozenset[TokenScope]

    @property
    def actor(self) -> str:
        return f"token:{self.token_id}"
