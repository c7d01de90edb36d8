"""The ``ml`` commands: train, list, submit, approve and retrain models."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Learned risk scores: train, review, promote, benchmark.", no_args_is_help=True
)
