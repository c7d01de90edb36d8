"""``cargotarget audit``: check the hash chain of the audit trail and read its events."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_context import REFUSED, fail, out, plain, say, workspace
from cargotarget.model.audit import AuditAction
from cargotarget.workflow.audit import AuditFilter, audit_events, verify_chain

app = typer.Typer(help="The audit trail: verify its chain, list its events.", no_args_is_help=True)


def moment(value: str | None) -> datetime | None:
    """A day (``YYYY-MM-DD``, from midnight UTC) or an ISO time (UTC unless it says)."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD) or time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command("verify")
def verify(
    anchor: Annotated[
        str | None,
        typer.Option(help="a hash noted earlier (from a previous verify) that must still be there"),
    ] = None,
) -> None:
    """Walk the whole chain; exit 1 and name the first bad event if it is broken."""
    with workspace().engine.connect() as conn:
        report = verify_chain(conn, anchor.strip().lower() if anchor else None)
    if not report.intact:
        fail(f"audit trail broken: {report.reason} ({report.checked} event(s) intact)", REFUSED)
    say(f"audit trail intact: {report.checked} event(s); newest hash {report.head_hash}")


@app.command("list")
def list_events(
    actor: Annotated[str | None, typer.Option(help="a user name, 'system' or 'token:<id>'")] = None,
    action: Annotated[AuditAction | None, typer.Option()] = None,
    subject: Annotated[str | None, typer.Option(help="KIND or KIND:ID, e.g. user:alice")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD or an ISO time")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD or an ISO time, exclusive")] = None,
    before: Annotated[int | None, typer.Option(help="only events older than this id")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
) -> None:
    """The newest events that match, newest first; page on with ``--before``."""
    kind, _, subject_id = (subject or "").partition(":")
    wanted = AuditFilter(
        actor=actor,
        action=None if action is None else action.value,
        subject_kind=kind or None,
        subject_id=subject_id or None,
        since=moment(since),
        until=moment(until),
        before=before,
        limit=limit,
    )
    with workspace().engine.connect() as conn:
        events = audit_events(conn, wanted)
    table = Table(title=f"{len(events)} event(s)")
    for column in ("id", "at (UTC)", "actor", "action", "subject"):
        table.add_column(column)
    table.add_column("detail", overflow="fold")  # an auditor sees all of it, never an ellipsis
    for event in events:
        about = ":".join(p for p in (event.subject_kind, event.subject_id) if p is not None)
        table.add_row(
            str(event.id),
            event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            plain(event.actor),
            event.action,
            plain(about),
            plain(event.detail),
        )
    out.print(table)
