"""The ``cargotarget`` command. Thin: every command calls the layers below."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from cargotarget import (
    cli_assess,
    cli_audit,
    cli_backtest,
    cli_ml,
    cli_outcomes,
    cli_providers,
    cli_quarantine,
    cli_rules,
    cli_serve,
    cli_timeliness,
    cli_tokens,
    cli_users,
    cli_watch,
    cli_watchlist,
)
from cargotarget.settings import Settings
from cargotarget.store.database import SchemaNotReady
from cargotarget.store.queries import SearchCriteria, search
from cargotarget.workflow.demo_setup import DemoAccount
from cargotarget.workflow.report import IngestReport
from cargotarget.workflow.workspace import Workspace, open_workspace

app = typer.Typer(
    help="cargotarget: cargo targeting for customs administrations.", no_args_is_help=True
)
app.add_typer(cli_quarantine.app, name="quarantine")
cli_rules.app.command("backtest")(cli_backtest.backtest_command)
app.add_typer(cli_rules.app, name="rules")
app.add_typer(cli_watchlist.app, name="watchlist")
app.add_typer(cli_users.app, name="users")
app.add_typer(cli_outcomes.app, name="outcomes")
app.add_typer(cli_audit.app, name="audit")
app.add_typer(cli_tokens.app, name="tokens")
app.add_typer(cli_ml.app, name="ml")
app.add_typer(cli_providers.app, name="providers")
app.command("watch")(cli_watch.watch)
app.add_typer(cli_timeliness.app, name="timeliness")
app.command()(cli_assess.assess)
app.command()(cli_assess.explain)
app.command()(cli_serve.serve)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

PROGRESS_FROM_BYTES = 8 * 1024 * 1024


def _workspace(create: bool = False) -> Workspace:
    try:
        return open_workspace(Settings(), create=create)
    except SchemaNotReady as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def init() -> None:
    """Create the database (or bring it up to date) and the archive folder."""
    workspace = _workspace(create=True)
    workspace.settings.archive_dir.mkdir(parents=True, exist_ok=True)
    out.print(f"database ready: {workspace.settings.database_url}")


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        elif path.is_file():
            yield path
        else:
            raise typer.BadParameter(f"{path} is neither a file nor a folder")


def ingest_files(
    workspace: Workspace, files: list[Path], provider: str | None, fmt: str | None
) -> list[IngestReport]:
    """Ingest ``files`` (parsed in parallel) with a progress bar over their bytes on long runs."""
    total = sum(f.stat().st_size for f in files)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, disable=total < PROGRESS_FROM_BYTES) as bar:
        task = bar.add_task("ingesting", total=total)

        def advance(done: int) -> None:
            bar.update(task, completed=done)

        if len(files) == 1:
            return [
                workspace.intake.ingest_path(files[0], provider=provider, fmt=fmt, progress=advance)
            ]
        return workspace.intake.ingest_paths(files, provider=provider, fmt=fmt, progress=advance)


def _print_summary(reports: list[IngestReport]) -> None:
    table = Table(title="ingest summary")
    for name in (
        "files",
        "messages",
        "new",
        "amended",
        "cancelled",
        "unchanged",
        "duplicate files",
        "quarantined",
    ):
        table.add_column(name, justify="right")
    table.add_row(
        *(
            str(x)
            for x in (
                len(reports),
                sum(r.messages for r in reports),
                sum(r.new for r in reports),
                sum(r.amended for r in reports),
                sum(r.cancelled for r in reports),
                sum(r.unchanged for r in reports),
                sum(r.duplicate for r in reports),
                sum(r.quarantined for r in reports),
            )
        )
    )
    out.print(table)
    for report in reports:
        for problem in report.problems[:20]:
            out.print(f"{report.source}: {problem}", markup=False, highlight=False)
        if len(report.problems) > 20:
            out.print(f"{report.source}: ... {len(report.problems) - 20} more problems")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders of messages")],
    provider: Annotated[str | None, typer.Option(help="data provider (filer) id")] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="cuscar, json, jsonl or csv; detected when not given"),
    ] = None,
) -> None:
    """Archive, parse, validate and store messages; bad parts go to quarantine."""
    workspace = _workspace()
    files = list(_files(paths))
    reports = ingest_files(workspace, files, provider, fmt)
    _print_summary(reports)
    cli_assess.run_assessment(workspace)
    if any(r.quarantined for r in reports):
        raise typer.Exit(1)


@app.command()
def demo(
    consignments: Annotated[int, typer.Option(min=1, max=1_000_000)] = 2000,
    seed: Annotated[int, typer.Option()] = 42,
    out_dir: Annotated[Path, typer.Option("--out")] = Path("var/demo"),
    start: Annotated[
        str, typer.Option(help="first filing day, YYYY-MM-DD (dates follow from it)")
    ] = "2026-01-05",
) -> None:
    """Generate deterministic demo manifests (CUSCAR and JSON), install the demo accounts,
    profiles and watch list, ingest the CUSCAR files and assess them."""
    from cargotarget.demo.files import write_demo
    from cargotarget.workflow.demo_outcomes import record_demo_outcomes
    from cargotarget.workflow.demo_setup import (
        install_demo_accounts,
        install_demo_profiles,
        planted_score,
    )

    try:
        first_day = date.fromisoformat(start)
    except ValueError as exc:
        raise typer.BadParameter(f"--start must be a day as YYYY-MM-DD, not {start!r}") from exc
    workspace = _workspace(create=True)
    summary = write_demo(out_dir, consignments, seed=seed, start=first_day)
    with workspace.engine.begin() as conn:
        activated = install_demo_profiles(conn, workspace.catalogue, out_dir / "watchlist.csv")
        accounts = install_demo_accounts(conn)
    out.print(f"demo profiles: {activated} rule(s) approved and active; demo watch list loaded")
    out.print(
        f"demo data written to {out_dir}: {summary.consignments:,} consignments in "
        f"{summary.manifests:,} manifests, {summary.amendments:,} amendments, "
        f"{summary.cancellations:,} cancellations"
    )
    # The JSON files carry the same manifests; the CUSCAR copy is what carriers send.
    files = sorted((out_dir / "cuscar").glob("*.edi"))
    reports = ingest_files(workspace, files, None, None)
    _print_summary(reports)
    cli_assess.run_assessment(workspace)
    with workspace.engine.begin() as conn:
        examined = record_demo_outcomes(conn, out_dir / "ground_truth.jsonl")
    out.print(
        f"demo examinations of arrived red, yellow and random-control cargo: "
        f"{examined.examined:,}, {examined.findings:,} with a finding "
        f"({examined.recorded:,} newly recorded)"
    )
    with workspace.engine.connect() as conn:
        found = planted_score(conn, out_dir / "ground_truth.jsonl")
    out.print(
        f"planted risks in the red lane: {found.red_planted:,} of {found.planted:,} "
        f"(recall {found.recall:.2f}); red lane without random picks: {found.red:,} "
        f"(precision {found.precision:.2f})"
    )
    _print_accounts(accounts)
    if any(r.quarantined for r in reports):
        raise typer.Exit(1)


def _print_accounts(accounts: list[DemoAccount]) -> None:
    table = Table(title="demo accounts (for the demo only; new passwords on every demo run)")
    for name in ("user", "role", "password"):
        table.add_column(name)
    for account in accounts:
        table.add_row(account.username, account.role.value, account.password)
    out.print(table)


def _day(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)


@app.command("search")
def search_command(
    party: Annotated[str | None, typer.Option(help="part of a party name")] = None,
    container: Annotated[str | None, typer.Option()] = None,
    bill: Annotated[str | None, typer.Option(help="bill number or master bill")] = None,
    hs: Annotated[str | None, typer.Option(help="HS code prefix")] = None,
    port: Annotated[str | None, typer.Option(help="port of loading or discharge")] = None,
    arrival_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    arrival_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD, exclusive")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
) -> None:
    """Find consignments by party, container, bill, HS prefix, port and arrival dates."""
    try:
        criteria = SearchCriteria(
            party=party,
            container=container,
            bill=bill,
            hs_prefix=hs,
            port=port,
            arrival_from=_day(arrival_from),
            arrival_to=_day(arrival_to),
            limit=limit,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    workspace = _workspace()
    with workspace.engine.connect() as conn:
        rows = search(conn, criteria)
    table = Table(title=f"{len(rows)} consignment(s)")
    for name in (
        "bill",
        "provider",
        "v",
        "status",
        "vessel",
        "voyage",
        "loading",
        "discharge",
        "arrival",
    ):
        table.add_column(name)
    for r in rows:
        table.add_row(
            r.bill_number,
            r.provider,
            str(r.version),
            "cancelled" if r.cancelled else r.kind,
            r.vessel_name or "",
            r.voyage_number,
            r.port_of_loading or "",
            r.port_of_discharge or "",
            r.arrival_at.strftime("%Y-%m-%d") if r.arrival_at else "",
        )
    out.print(table)


def main() -> None:
    app()
