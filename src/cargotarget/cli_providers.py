"""The ``providers`` commands: register data providers and their identifiers."""

from __future__ import annotations

import typer

app = typer.Typer(help="Data providers: register, list, identifiers.", no_args_is_help=True)
