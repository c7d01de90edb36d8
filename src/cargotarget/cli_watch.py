"""The ``watch`` command: ingest every file dropped into a folder."""

from __future__ import annotations

import typer


def watch(folder: str) -> None:
    """Watch FOLDER and ingest each file dropped into it."""
    raise typer.Exit(2)
