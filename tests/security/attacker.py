"""What an attacker with write access to the database does: switch the audit trail's guards
off for one transaction, change rows behind the application's back, and switch them on again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import msgspec
from sqlalchemy import Connection, Engine, text, update

from cargotarget.model.audit import AuditEvent
from cargotarget.store.security_tables import audit_event


@contextmanager
def unguarded(engine: Engine) -> Iterator[Connection]:
    """A transaction in which the triggers of ``audit_event`` do not fire."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Triggers fire in the "origin" role only; a superuser may switch the session off it.
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            yield conn
            return
        triggers = conn.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
            {"t": "audit_event"},
        ).all()
        for name, _ in triggers:
            conn.execute(text(f"DROP TRIGGER {name}"))
        yield conn
        for _, sql in triggers:
            conn.execute(text(sql))


def overwrite(conn: Connection, event_id: int, event: AuditEvent) -> None:
    """Replace every field of row ``event_id`` with those of ``event``."""
    fields = msgspec.structs.asdict(event)
    conn.execute(update(audit_event).where(audit_event.c.id == event_id).values(fields))
