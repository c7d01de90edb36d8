"""The ``watch`` command: ingest every file dropped into a folder, as one provider."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cargotarget.cli_context import REFUSED, USAGE, fail, refusals, say, workspace
from cargotarget.workflow.drop_folder import DropFolder, DropOutcome
from cargotarget.workflow.providers import UnknownProvider


def _report(outcome: DropOutcome) -> None:
    if outcome.accepted:
        say(f"{outcome.name}: receipt {outcome.receipt_id} -> {outcome.moved_to}")
    else:
        first = (outcome.reason or "").splitlines()[0] if outcome.reason else ""
        say(f"{outcome.name}: failed ({first}) -> {outcome.moved_to}")


def watch(
    folder: Annotated[Path, typer.Argument(help="the folder filers drop files into")],
    provider: Annotated[str, typer.Option(help="the code of the provider the files are from")],
    once: Annotated[
        bool, typer.Option("--once", help="take what is there now and exit (for cron)")
    ] = False,
    settle: Annotated[
        float, typer.Option(min=0.0, max=600.0, help="seconds a file must stay unchanged")
    ] = 2.0,
) -> None:
    """Watch FOLDER and ingest each complete file as PROVIDER; move it to processed/ with
    its receipt, or to failed/ with the reason."""
    if not folder.is_dir():
        fail(f"{folder} is not a folder", USAGE)
    space = workspace()
    drop = DropFolder(space, folder, provider, settle=settle)
    failed = 0
    with refusals():
        try:
            outcomes = drop.once() if once else drop.watch(lambda: False)
            for outcome in outcomes:
                _report(outcome)
                failed += not outcome.accepted
        except UnknownProvider as exc:
            fail(str(exc), USAGE)
        except KeyboardInterrupt:
            say("stopped")
    if once and failed:
        raise typer.Exit(REFUSED)
