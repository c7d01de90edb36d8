"""The ``timeliness`` commands: coverage and timeliness per provider and port."""

from __future__ import annotations

import typer

app = typer.Typer(help="Coverage and timeliness of the data per provider and port.")
