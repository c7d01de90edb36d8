"""``cargotarget outcomes``: import examination results from CSV, and list them.

Exit codes follow :mod:`cargotarget.cli_context`: 1 when the file is refused or any row was
rejected (the good rows are recorded all the same), 2 for usage and set-up errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_context import REFUSED, USAGE, err, fail, out, plain, say, workspace
from cargotarget.workflow.outcome_csv import read_outcome_file
from cargotarget.workflow.outcomes import OutcomeFileError, import_outcomes, list_outcomes

app = typer.Typer(help="Examination outcomes: results recorded by examiners.", no_args_is_help=True)


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="a CSV file of examination results")],
) -> None:
    """Record the examination results in a CSV file; rows already recorded are skipped."""
    if not path.is_file():
        fail(f"{path} is not a file", USAGE)
    space = workspace()
    try:
        data = read_outcome_file(path)
        with space.engine.begin() as conn:
            done = import_outcomes(conn, data)
    except OutcomeFileError as error:
        fail(f"{path.name}: {error}; nothing was recorded", REFUSED)
    for problem in done.problems:
        err.print(f"{path.name}: {problem}", markup=False, highlight=False)
    say(
        f"{path.name}: {done.recorded} recorded, {done.duplicates} duplicate, "
        f"{done.rejected} rejected"
    )
    if done.rejected:
        raise typer.Exit(REFUSED)


@app.command("list")
def list_command(
    bill: Annotated[str | None, typer.Option(help="only this bill's results")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 100,
) -> None:
    """Recorded examination results, newest examination first."""
    space = workspace()
    with space.engine.connect() as conn:
        found = list_outcomes(conn, bill, limit=limit)
    table = Table(title=f"{len(found)} examination outcome(s)")
    for column in ("bill", "provider", "examined", "selection", "result", "detail"):
        table.add_column(column)
    for o in found:
        detail = json.dumps(o.detail, ensure_ascii=False) if o.detail else ""
        cells = (o.bill_number, o.provider, f"{o.examined_at:%Y-%m-%d %H:%M}", o.selection)
        table.add_row(*(plain(x) for x in cells), plain(o.result), plain(detail))
    out.print(table)
