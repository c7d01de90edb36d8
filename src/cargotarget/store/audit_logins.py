"""What the audit trail tells about accounts: when each user last signed in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, func, select

from cargotarget.model.audit import AuditAction
from cargotarget.store.queries import as_utc
from cargotarget.store.security_tables import audit_event


def last_logins(conn: Connection, usernames: Iterable[str]) -> dict[str, datetime]:
    """The time of the latest successful login of each of ``usernames`` that ever signed in."""
    names = sorted(set(usernames))
    if not names:
        return {}
    e = audit_event.c
    query = (
        select(e.actor, func.max(e.at).label("at"))
        .where(e.action == AuditAction.LOGIN.value, e.actor.in_(names))
        .group_by(e.actor)
    )
    found: dict[str, datetime] = {}
    for row in conn.execute(query):
        at = as_utc(row.at)
        if at is not None:
            found[row.actor] = at
    return found
