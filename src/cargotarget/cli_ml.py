"""The ``ml`` commands: train, list, submit, approve, reject, retire and retrain models.

A trained version does nothing until a supervisor who neither trained nor submitted it
approves it (four eyes); ``ml retrain`` trains and submits in one step, for a scheduler.
Exit codes as for every command: 1 when a step is refused (too little to learn from, a missing
role, four eyes, a version in the wrong state), 2 for an unknown user or version.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cargotarget.cli_context import (
    REFUSED,
    USAGE,
    err,
    fail,
    out,
    plain,
    refusals,
    say,
    workspace,
)
from cargotarget.cli_ml_benchmark import benchmark
from cargotarget.ml.model import TrainingRefused
from cargotarget.store.models import ModelVersion
from cargotarget.workflow import ml_registry as registry
from cargotarget.workflow.ml_training import retrain, train_version

app = typer.Typer(
    help="Learned risk scores: train, review, promote, benchmark.", no_args_is_help=True
)

UserOption = Annotated[
    str, typer.Option("--as", "--user", help="who does this (a registered user)")
]
NoteOption = Annotated[str | None, typer.Option(help="a note for the record")]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="end of the training window: a day (YYYY-MM-DD, the whole day included) or an "
        "ISO 8601 time; now by default",
    ),
]
SeedOption = Annotated[int, typer.Option(min=0, max=2**31 - 1, help="random seed of training")]


def _moment(value: str | None, option: str) -> datetime | None:
    """``value`` as a UTC time; a bare day stands for the end of that day."""
    if value is None:
        return None
    try:
        if len(value.strip()) == 10:
            day = datetime.strptime(value.strip(), "%Y-%m-%d").date()
            return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise typer.BadParameter(f"{option} must be YYYY-MM-DD or an ISO 8601 time") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@contextmanager
def _steps() -> Iterator[None]:
    """The registry's own refusals as messages and exit codes."""
    try:
        yield
    except registry.UnknownModel as exc:
        fail(str(exc), USAGE)
    except (registry.ModelStepRefused, TrainingRefused) as exc:
        fail(f"refused: {exc}", REFUSED)


@contextmanager
def _progress() -> Iterator[Any]:
    """A progress display on stderr; yields the callback training reports to."""
    columns = (
        TextColumn("{task.description:<34}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False) as bar:
        task = bar.add_task("training", total=1.0)

        def report(step: str, done: float) -> None:
            bar.update(task, description=step, completed=done)

        yield report


def _summary(version: ModelVersion) -> str:
    control, overall = version.metrics.get("control", {}), version.metrics.get("overall", {})
    return (
        f"{version.label} ({version.status}): {version.examples:,} examples, "
        f"{version.positives:,} with a finding, {version.control_examples:,} random control; "
        f"AUC {_figure(overall.get('auc'))} held out, {_figure(control.get('auc'))} on the "
        f"random control group"
    )


def _figure(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, int | float) else "-"


@app.command("train")
def train_command(
    until: UntilOption = None,
    since: Annotated[
        str | None, typer.Option(help="start of the window (YYYY-MM-DD or ISO 8601)")
    ] = None,
    seed: SeedOption = 1,
    user: Annotated[
        str, typer.Option("--as", "--user", help="who trains (a registered user)")
    ] = registry.SYSTEM,
) -> None:
    """Train a model on the recorded examination outcomes and store it as a new version. It
    scores nothing until it is submitted and approved."""
    end, start = _moment(until, "--until"), _moment(since, "--since")
    space = workspace()
    with refusals(), _steps(), _progress() as report:
        made = train_version(
            space.engine, space.catalogue, user, until=end, since=start, seed=seed, progress=report
        )
    say(f"trained {_summary(made)}")
    say(f"submit it for approval with: cargotarget ml submit {made.id} --as USER")


@app.command("retrain")
def retrain_command(user: UserOption, until: UntilOption = None, seed: SeedOption = 1) -> None:
    """Train on everything examined until now and submit the new version for approval: the
    command a scheduler (cron, a systemd timer) runs, e.g. weekly. A supervisor still approves
    it before it scores anything."""
    space = workspace()
    with refusals(), _steps(), _progress() as report:
        made = retrain(
            space.engine, space.catalogue, user, until=_moment(until, "--until"), seed=seed,
            progress=report,
        )  # fmt: skip
    say(f"trained and submitted {_summary(made)}")


@app.command("models")
def models_command(
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
) -> None:
    """Model versions, newest first, with their window, examples and metrics."""
    space = workspace()
    with space.engine.connect() as conn:
        found = registry.model_versions(conn, limit=limit)
    if not found:
        say("no model version yet: train one with `cargotarget ml train`")
        return
    table = Table(title="model versions (AUC on held-out examinations / random control)")
    for name in ("version", "status", "window end", "examples", "findings", "AUC", "by"):
        table.add_column(name)
    for v in found:
        control, overall = v.metrics.get("control", {}), v.metrics.get("overall", {})
        table.add_row(
            plain(v.label),
            v.status,
            f"{v.window_end:%Y-%m-%d}",
            f"{v.examples:,} ({v.control_examples:,} random)",
            f"{v.positives:,}",
            f"{_figure(overall.get('auc'))} / {_figure(control.get('auc'))}",
            plain(" > ".join(n for n in (v.created_by, v.submitted_by, v.decided_by) if n)),
        )
    out.print(table)


@app.command("submit")
def submit_command(version: int, user: UserOption, note: NoteOption = None) -> None:
    """Ask for model VERSION to become the active model (a supervisor approves it)."""
    space = workspace()
    with refusals(), _steps(), space.engine.begin() as conn:
        done = registry.submit_model(conn, version, user, note=note)
    say(
        f"{done.label} submitted by {done.submitted_by}; a supervisor who did not train or "
        "submit it approves it"
    )


@app.command("approve")
def approve_command(version: int, user: UserOption, note: NoteOption = None) -> None:
    """Make model VERSION the active model (USER: a supervisor who neither trained nor
    submitted it); the version active before is retired."""
    space = workspace()
    with refusals(), _steps(), space.engine.begin() as conn:
        done = registry.approve_model(conn, version, user, note=note)
    say(f"{done.label} approved by {done.decided_by}: it now scores every assessment")


@app.command("reject")
def reject_command(
    version: int,
    user: UserOption,
    note: Annotated[str, typer.Option(help="the reason, for the author")],
) -> None:
    """Refuse model VERSION with a reason; it never scores anything."""
    space = workspace()
    with refusals(), _steps(), space.engine.begin() as conn:
        done = registry.reject_model(conn, version, user, note=note)
    say(f"{done.label} rejected by {done.decided_by}")


@app.command("retire")
def retire_command(
    version: int,
    user: UserOption,
    note: Annotated[str, typer.Option(help="why it is taken out of use")],
) -> None:
    """Take the active model VERSION out of use; assessments go on without a model."""
    space = workspace()
    with refusals(), _steps(), space.engine.begin() as conn:
        done = registry.retire_model(conn, version, user, note=note)
    say(f"{done.label} retired: assessments score without a model until another is approved")


app.command("benchmark")(benchmark)
