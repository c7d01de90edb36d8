"""``cargotarget watchlist``: create watch lists, import their entries, list and audit them,
and the four-eyes path the workbench uses: propose a change, approve or reject it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_context import (
    REFUSED,
    USAGE,
    fail,
    out,
    plain,
    print_problems,
    refusals,
    say,
    workspace,
)
from cargotarget.workflow import watchlist_proposals as proposals
from cargotarget.workflow import watchlists as lists
from cargotarget.workflow.watchlist_proposals import ProposalAction
from cargotarget.workflow.watchlists import ListFormat, ListKind, ListSettings

app = typer.Typer(help="Watch lists: lookouts, sanctions and intelligence.", no_args_is_help=True)

UserOption = Annotated[str, typer.Option("--user", help="who does this (a registered user)")]
KindOption = Annotated[ListKind, typer.Option("--kind", help="what the list holds")]
ThresholdOption = Annotated[
    int, typer.Option(min=0, max=100, help="name-match score (0-100) from which a hit is raised")
]


def _format(path: Path, fmt: ListFormat | None) -> ListFormat:
    if fmt is not None:
        return fmt
    return ListFormat.CSV if path.suffix.lower() == ".csv" else ListFormat.FTM


@app.command("create")
def create(
    name: str,
    user: UserOption,
    kind: KindOption = ListKind.INTELLIGENCE,
    threshold: ThresholdOption = 88,
    source: Annotated[str | None, typer.Option(help="who publishes the list")] = None,
    description: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Create an empty watch list."""
    settings = ListSettings(kind=kind, threshold=threshold, source=source, description=description)
    space = workspace()
    with refusals(), space.engine.begin() as conn:
        created = lists.create_watchlist(conn, name, user, settings)
    say(f"watch list {created.name} created ({created.kind}, threshold {created.threshold})")


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="a CSV or FollowTheMoney JSON-lines file")],
    name: Annotated[str, typer.Option("--name", help="the list to fill (created if new)")],
    user: UserOption,
    fmt: Annotated[ListFormat | None, typer.Option("--format", help="csv or ftm")] = None,
    kind: KindOption = ListKind.INTELLIGENCE,
    threshold: ThresholdOption = 88,
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad-rows", help="import the good entries of a file with problems"),
    ] = False,
    keep_missing: Annotated[
        bool, typer.Option("--keep-missing", help="keep entries the file no longer holds")
    ] = False,
) -> None:
    """Replace the entries of list NAME with those in the file, recording who did it."""
    if not path.is_file():
        fail(f"{path} is not a file", USAGE)
    space = workspace()
    with refusals(), space.engine.begin() as conn:
        if name.strip() not in {w.name for w in lists.watchlists(conn)}:
            lists.create_watchlist(conn, name, user, ListSettings(kind=kind, threshold=threshold))
        done = lists.import_watchlist(
            conn,
            name.strip(),
            path.read_bytes(),
            _format(path, fmt),
            user,
            file_name=path.name,
            skip_bad=skip_bad,
            retire_missing=not keep_missing,
        )
    print_problems(done.problems)
    c = done.changes
    say(
        f"{done.watchlist.name}: {c.added} added, {c.updated} updated, {c.retired} retired, "
        f"{c.unchanged} unchanged; {done.watchlist.live} entries in force"
    )


@app.command("list")
def list_command() -> None:
    """Every watch list with its settings and number of entries in force."""
    space = workspace()
    with space.engine.connect() as conn:
        found = lists.watchlists(conn)
    table = Table(title=f"{len(found)} watch list(s)")
    for column in ("name", "kind", "threshold", "entries", "source", "created by"):
        table.add_column(column)
    for w in found:
        cells = (w.name, w.kind, w.threshold, w.live, w.source or "", w.created_by)
        table.add_row(*(plain(x) for x in cells))
    out.print(table)


@app.command("show")
def show(
    name: str,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 100,
) -> None:
    """The entries in force of list NAME."""
    space = workspace()
    with refusals(), space.engine.connect() as conn:
        found = lists.list_entries(conn, name, limit=limit)
    table = Table(title=f"{name}: {len(found)} entr{'y' if len(found) == 1 else 'ies'} shown")
    for column in ("id", "kind", "value or name", "country", "severity", "reason", "expires"):
        table.add_column(column)
    for e in found:
        expires = e.expires.isoformat() if e.expires else ""
        cells = (e.entry_id, e.kind, e.name or e.value, e.country or "", e.severity, e.reason)
        table.add_row(*(plain(x) for x in cells), expires)
    out.print(table)


@app.command("history")
def history(name: str) -> None:
    """Who created and imported list NAME, from which file, and what changed."""
    space = workspace()
    with refusals(), space.engine.connect() as conn:
        found = lists.list_history(conn, name)
    for e in found:
        c = e.changes
        source = f" {e.source} ({e.format}, sha256 {e.sha256[:12]})" if e.sha256 else ""
        counts = f": +{c.added} ~{c.updated} -{c.retired} ={c.unchanged}" if e.sha256 else ""
        note = f" [{e.note}]" if e.note else ""
        say(f"{e.at:%Y-%m-%d %H:%M} {e.action} by {e.username}{source}{counts}{note}")


@app.command("propose")
def propose_command(
    name: str,
    user: UserOption,
    action: Annotated[
        ProposalAction, typer.Option("--action", help="import a file, create the list, retire it")
    ] = ProposalAction.IMPORT,
    path: Annotated[Path | None, typer.Option("--file", help="CSV or FollowTheMoney file")] = None,
    fmt: Annotated[ListFormat | None, typer.Option("--format", help="csv or ftm")] = None,
    kind: KindOption = ListKind.INTELLIGENCE,
    threshold: ThresholdOption = 88,
    note: Annotated[str | None, typer.Option(help="why the change is wanted")] = None,
) -> None:
    """Propose a change to list NAME; a supervisor other than USER applies it with `approve`."""
    if path is not None and not path.is_file():
        fail(f"{path} is not a file", USAGE)
    space = workspace()
    data = None if path is None else path.read_bytes()
    with refusals(), _decisions(), space.engine.begin() as conn:
        made = proposals.propose(
            conn,
            name,
            action,
            user,
            data=data,
            fmt=ListFormat.CSV if path is None else _format(path, fmt),
            file_name="" if path is None else path.name,
            settings=ListSettings(kind=kind, threshold=threshold),
            note=note,
        )
    say(f"proposal {made.id}: {made.action} {made.list_name} ({made.entries} entries), pending")


@app.command("proposals")
def proposals_command(
    name: Annotated[str | None, typer.Argument(help="one list only")] = None,
    pending: Annotated[bool, typer.Option("--pending", help="only those waiting")] = False,
) -> None:
    """Proposed watch-list changes, newest first."""
    space = workspace()
    with space.engine.connect() as conn:
        found = (proposals.pending_proposals if pending else proposals.list_proposals)(conn, name)
    table = Table(title=f"{len(found)} proposal(s)")
    for column in ("id", "list", "action", "entries", "sha256", "by", "status", "decided by"):
        table.add_column(column)
    for p in found:
        cells = (p.id, p.list_name, p.action, p.entries, (p.sha256 or "")[:12], p.proposed_by)
        table.add_row(*(plain(x) for x in (*cells, p.status, p.decided_by or "")))
    out.print(table)


@app.command("approve")
def approve_command(
    proposal: int,
    user: UserOption,
    note: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Apply proposal PROPOSAL (USER must be a supervisor who did not propose it)."""
    space = workspace()
    with refusals(), _decisions(), space.engine.begin() as conn:
        done = proposals.approve_proposal(conn, proposal, user, note=note)
    say(f"proposal {done.id} approved and applied to {done.list_name}: {done.outcome}")


@app.command("reject")
def reject_command(
    proposal: int,
    user: UserOption,
    note: Annotated[str, typer.Option(help="the reason, for the author")],
) -> None:
    """Refuse proposal PROPOSAL with a reason; nothing of it is applied."""
    space = workspace()
    with refusals(), _decisions(), space.engine.begin() as conn:
        done = proposals.reject_proposal(conn, proposal, user, note=note)
    say(f"proposal {done.id} rejected")


@contextmanager
def _decisions() -> Iterator[None]:
    try:
        yield
    except proposals.UnknownProposal as exc:
        fail(str(exc), USAGE)
    except proposals.ProposalClosed as exc:
        fail(str(exc), REFUSED)
