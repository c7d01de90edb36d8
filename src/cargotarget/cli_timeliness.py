"""The ``timeliness`` command: coverage and timeliness per provider and port."""

from __future__ import annotations

import typer


def timeliness() -> None:
    """Coverage and timeliness per provider and port."""
    raise typer.Exit(2)
