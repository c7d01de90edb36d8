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
from cargotarget.ml.kcs_benchmark import (
    MEASURES,
    PUBLISHED,
    Report,
    Settings,
    metric_line,
    run_benchmark,
)
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


#: The figures beside the published precision: recall, critical fraud caught, AUC.
MORE = (
    ("R@5%", "recall_at_5"),
    ("R@10%", "recall_at_10"),
    ("Crit@5%", "critical_at_5"),
    ("Crit@10%", "critical_at_10"),
    ("AUC", "auc"),
)


def _print(report: Report, quick: bool) -> None:
    table = Table(title="KCS test split: precision of the top-scored 5 % and 10 %")
    for heading in ("model (evaluated on)", "P@5%", "P@10%"):
        table.add_column(heading, justify="left" if heading.startswith("model") else "right")
    for summary in report.summaries:
        table.add_row(
            summary.label,
            *(f"{summary.mean[n]:.3f} ± {summary.spread[n]:.3f}" for n in MEASURES[:2]),
        )
    for model, at_5, at_10 in PUBLISHED:
        table.add_row(f"{model}, published", f"{at_5:.3f}", f"{at_10:.3f}")
    out.print(table)
    more = Table(title="Recall, critical fraud caught, AUC (mean over seeds)")
    more.add_column("model (evaluated on)")
    for heading, _ in MORE:
        more.add_column(heading, justify="right")
    for summary in report.summaries:
        more.add_row(summary.label, *(f"{summary.mean[name]:.3f}" for _, name in MORE))
    out.print(more)
    say(_legend(report, quick))
    seconds = report.feature_seconds + sum(report.train_seconds) / len(report.train_seconds)
    headline = report.summaries[0].mean
    say(metric_line("precision_at_5", headline["precision_at_5"]))
    say(metric_line("precision_at_10", headline["precision_at_10"]))
    say(metric_line("train_seconds", seconds, "s"))


def _legend(report: Report, quick: bool) -> str:
    """What the figures are and how they were made, under the tables."""
    train, valid, test = report.rows
    spread = max(max(summary.spread.values()) for summary in report.summaries)
    return (
        f"{'QUICK CHECK on a fifth of the rows, not the benchmark. ' if quick else ''}"
        f"Rows: {train:,} train (2020), {valid:,} valid (2021 Q1), {test:,} test (2021 Q2); "
        f"{report.features} features; {len(report.train_seconds)} seed(s), mean ± std "
        f"(largest std of any figure {spread:.3f}). "
        f"Rounds chosen on valid: {', '.join(str(n) for n in report.rounds)}. "
        f"P@5% = precision (R = recall) of Fraud in the top 5 % of scores; Crit@5% = share "
        f"of critical fraud (Critical Fraud = 2) caught there. History and target statistics "
        f"of test rows use outcomes of 2020 and 2021 Q1 only, never of the test split. "
        f"Headline = the model fit on 2020. train_seconds = features "
        f"({report.feature_seconds:.1f} s) + training one seed's 2020 model (mean "
        f"{sum(report.train_seconds) / len(report.train_seconds):.1f} s)."
    )
