"""The ``quarantine`` commands: list held-back items, show their reasons, replay them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_context import err, out, workspace
from cargotarget.store import quarantine as quarantine_store
from cargotarget.workflow.replay import ReplayError, replay

app = typer.Typer(
    help="Messages and consignments held back, with their reasons.", no_args_is_help=True
)


@app.command("list")
def quarantine_list(
    status: Annotated[str, typer.Option(help="open, resolved or all")] = "open",
) -> None:
    """List quarantined items with their first reason."""
    space = workspace()
    with space.engine.connect() as conn:
        items = quarantine_store.items(conn, None if status == "all" else status)
    table = Table(title=f"quarantine ({status})")
    for name in ("id", "status", "scope", "format", "bill", "received", "first reason"):
        table.add_column(name)
    for item in items:
        first = str(item.problems[0]) if item.problems else ""
        table.add_row(
            str(item.id),
            item.status,
            item.scope,
            item.format or "",
            item.bill_number or "",
            item.created_at.strftime("%Y-%m-%d %H:%M"),
            first,
        )
    out.print(table)


@app.command("show")
def quarantine_show(item_id: int) -> None:
    """Every reason of one item, and its raw bytes (as text where they decode)."""
    space = workspace()
    with space.engine.connect() as conn:
        item = quarantine_store.item(conn, item_id)
    if item is None:
        err.print(f"[red]error:[/red] no quarantine item {item_id}")
        raise typer.Exit(2)
    for problem in item.problems:
        out.print(str(problem), markup=False, highlight=False)
    sys.stdout.write(item.fragment.decode("utf-8", errors="replace"))
    sys.stdout.write("\n")


@app.command("replay")
def quarantine_replay(
    item_id: int,
    corrected: Annotated[Path | None, typer.Option("--file", help="corrected message")] = None,
) -> None:
    """Try an item again, as it is (e.g. after reference data changed) or corrected."""
    space = workspace()
    try:
        result = replay(
            space.intake, item_id, corrected.read_bytes() if corrected is not None else None
        )
    except ReplayError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    for problem in result.problems:
        out.print(str(problem), markup=False, highlight=False)
    if not result.resolved:
        err.print(f"item {item_id} still has errors; it stays in quarantine")
        raise typer.Exit(1)
    assert result.report is not None
    out.print(f"item {item_id} resolved: {result.report.accepted} consignment(s) accepted")
