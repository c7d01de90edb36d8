"""``cargotarget watchlist``: create watch lists, import their entries, list and audit them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_context import (
    USAGE,
    fail,
    out,
    plain,
    print_problems,
    refusals,
    say,
    workspace,
)
from cargotarget.workflow import watchlists as lists
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
