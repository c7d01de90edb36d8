"""The ``ml benchmark`` command: the model on public customs data, beside published results."""

from __future__ import annotations

import typer


def benchmark(dataset: str) -> None:
    """Train and evaluate on a public data set (kcs) and print the figures."""
    raise typer.Exit(2)
