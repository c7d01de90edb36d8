"""The ``ml benchmark`` command: the model on public customs data, beside published results.

Only the KCS data set (Customs Import Declaration Datasets) is known so far. The table goes to
standard output with the headline figures as JSON lines after it; progress goes to standard
error. Exit code 2 for an unknown data set or a data directory that is missing or unreadable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from cargotarget.cli_context import USAGE, err, fail, out, say
from cargotarget.ml.kcs_benchmark import PUBLISHED, Report, Settings, metric_line, run_benchmark
from cargotarget.ml.kcs_data import DEFAULT_DIRECTORY, KcsDataError, load_kcs

#: The checkout's root: the default data directory is read relative to it, not to the
#: directory the command happens to be started in.
CHECKOUT = Path(__file__).resolve().parents[2]

#: A quick run: a fifth of each split, a faster learning rate and few rounds.
QUICK_FRACTION = 0.2
QUICK = Settings(learning_rate=0.1, max_rounds=150, patience=30)


def benchmark(
    dataset: Annotated[str, typer.Argument(help="the public data set: kcs")],
    data: Annotated[
        Path,
        typer.Option("--data", help="directory of the data set's published files"),
    ] = CHECKOUT / DEFAULT_DIRECTORY,
    seeds: Annotated[
        int, typer.Option("--seeds", min=1, max=20, help="models trained, figures averaged")
    ] = 5,
    threads: Annotated[
        int, typer.Option("--threads", min=1, max=64, help="LightGBM threads per model")
    ] = 1,
    quick: Annotated[
        bool, typer.Option("--quick", help="a fifth of the rows and few rounds, for a check")
    ] = False,
) -> None:
    """Train and evaluate on a public data set (kcs) and print the figures."""
    if dataset != "kcs":
        fail(f"unknown data set {dataset!r}: the benchmark knows only 'kcs'", USAGE)
    try:
        loaded = load_kcs(data)
    except KcsDataError as error:
        fail(str(error), USAGE)
    base = QUICK if quick else Settings()
    settings = Settings(**{**base.__dict__, "seeds": seeds, "threads": threads})
    if quick:
        loaded = loaded.sample(QUICK_FRACTION)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("loading", total=None)
        report = run_benchmark(loaded, settings, lambda step: bar.update(task, description=step))
    _print(report, quick)


MEASURES = (
    ("P@5", "precision_at_5"),
    ("P@10", "precision_at_10"),
    ("R@5", "recall_at_5"),
    ("R@10", "recall_at_10"),
    ("Crit@5", "critical_at_5"),
    ("Crit@10", "critical_at_10"),
    ("AUC", "auc"),
)


def _print(report: Report, quick: bool) -> None:
    table = Table(title="KCS declarations: the top-scored share of the test split")
    table.add_column("model (evaluated on)")
    for heading, _ in MEASURES:
        table.add_column(heading, justify="right")
    for summary in report.summaries:
        cells = (f"{summary.mean[name]:.3f}±{summary.spread[name]:.3f}" for _, name in MEASURES)
        table.add_row(summary.label, *cells)
    for model, at_5, at_10 in PUBLISHED:
        table.add_row(f"{model}, published", f"{at_5:.3f}", f"{at_10:.3f}", *["—"] * 5)
    out.print(table)
    train, valid, test = report.rows
    seconds = report.feature_seconds + sum(report.train_seconds) / len(report.train_seconds)
    say(
        f"{'QUICK CHECK on a fifth of the rows, not the benchmark. ' if quick else ''}"
        f"Rows: {train:,} train (2020), {valid:,} valid (2021 Q1), {test:,} test (2021 Q2); "
        f"{report.features} features; {len(report.train_seconds)} seed(s), mean ± std. "
        f"Rounds chosen on valid: {', '.join(str(n) for n in report.rounds)}. "
        f"P@5 = precision (R = recall) of Fraud in the top 5 % of scores; Crit@5 = share of "
        f"critical fraud caught there. History and target statistics of test rows use outcomes "
        f"of 2020 and 2021 Q1 only. train_seconds = features ({report.feature_seconds:.1f} s) "
        f"+ training one seed's 2020 model (mean)."
    )
    headline = report.summaries[0].mean
    say(metric_line("precision_at_5", headline["precision_at_5"]))
    say(metric_line("precision_at_10", headline["precision_at_10"]))
    say(metric_line("train_seconds", seconds, "s"))
