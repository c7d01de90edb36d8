"""The ``timeliness`` commands: coverage and timeliness per provider and port, and voyage
notices announced from the command line (for carriers that announce by e-mail or telephone)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import msgspec
import typer
from rich.table import Table

from cargotarget.cli_context import REFUSED, fail, out, plain, say, workspace
from cargotarget.reports.timeliness import Figures
from cargotarget.reports.timeliness_report import TimelinessReport
from cargotarget.workflow.timeliness import (
    BadRequest,
    Filters,
    NoticeRequest,
    announce_voyage,
    filing_rule,
    parse_moment,
    read_timeliness,
    window_of,
)

app = typer.Typer(
    help="Coverage and timeliness of the data per provider and port.", no_args_is_help=True
)
Moment = Annotated[str | None, typer.Option(help="ISO date, or date and time (UTC)")]


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _hours(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _figures(title: str, rows: list[Figures]) -> Table:
    table = Table(title=title)
    heads = ("", "messages", "consignments", "filings", "amended", "rejected", "on time")
    for name in (*heads, "lead load med/p10 h", "late amend.", "masters w/o houses", "notices"):
        table.add_column(name)
    for f in rows:
        table.add_row(
            plain(f.key), str(f.messages), str(f.consignments), str(f.filings),
            str(f.amendments), _share(f.rejection_rate),
            f"{_share(f.on_time_share)} ({f.on_time}/{f.measured})",
            _hours(f.lead_before_loading_median_hours) + " / "
            + _hours(f.lead_before_loading_p10_hours),
            str(f.amendments_after_deadline),
            f"{f.masters_without_houses} ({f.voyages_missing_houses} voyages)",
            str(f.notices_without_manifest),
        )  # fmt: skip
    return table


def _late(report: TimelinessReport) -> Table:
    table = Table(title="latest late filings and amendments after the deadline")
    for name in ("bill", "what", "provider", "voyage", "filed at", "deadline", "late h"):
        table.add_column(name)
    for f in report.late:
        table.add_row(
            plain(f.bill_number), f.kind, plain(f.provider), plain(f.voyage_number),
            f"{f.received_at:%Y-%m-%d %H:%M}", f"{f.deadline:%Y-%m-%d %H:%M}",
            f"{f.hours_late:.1f}",
        )  # fmt: skip
    return table


@app.command("report")
def timeliness_report(
    start: Moment = None,
    end: Moment = None,
    port: Annotated[str | None, typer.Option(help="UN/LOCODE of a port of discharge")] = None,
    provider: Annotated[str | None, typer.Option(help="the filing account")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Print the figures of the period (by default the last 30 days): overall, per provider
    and per port, and the latest late filings."""
    space = workspace()
    now = datetime.now(UTC)
    try:
        filters = Filters(start=start, end=end, port=port, provider=provider)
        window = window_of(filters, ports=None, now=now)
    except BadRequest as exc:
        fail("; ".join(exc.problems), REFUSED)
    with space.engine.connect() as conn:
        report = read_timeliness(conn, filing_rule(space.settings), window, now=now)
    if as_json:
        say(msgspec.json.encode(report).decode())
        return
    say(f"{report.start:%Y-%m-%d %H:%M} to {report.end:%Y-%m-%d %H:%M} UTC; rule: {report.rule}")
    for table in (
        _figures("overall", [report.overall]),
        _figures("per provider", report.providers),
        _figures("per port of discharge", report.ports),
        _late(report),
    ):
        out.print(table)


@app.command("announce")
def timeliness_announce(
    provider: Annotated[str, typer.Option(help="the account announcing (the carrier's)")],
    carrier: Annotated[str, typer.Option(help="the carrier's code, e.g. MAEU")],
    voyage: Annotated[str, typer.Option(help="the voyage or flight number")],
    port: Annotated[str, typer.Option(help="UN/LOCODE of the port the voyage calls at")],
    mode: Annotated[str, typer.Option(help="sea, air, road or rail")] = "sea",
    etd: Moment = None,
    eta: Moment = None,
) -> None:
    """Announce a voyage before its manifest; its manifest is due by the filing rule."""
    space = workspace()
    try:
        wanted = NoticeRequest(
            carrier_code=carrier, mode=mode, voyage_number=voyage, port=port,
            etd=parse_moment(etd, "etd"), eta=parse_moment(eta, "eta"),
        )  # fmt: skip
        with space.engine.begin() as conn:
            notice_id, kept = announce_voyage(
                conn, filing_rule(space.settings), wanted, provider=provider, actor="system"
            )
    except BadRequest as exc:
        fail("; ".join(exc.problems), REFUSED)
    due = "unknown" if kept.due_at is None else f"{kept.due_at:%Y-%m-%d %H:%M} UTC"
    say(f"notice {notice_id}: {kept.carrier_code} {kept.voyage_number} at {kept.port}")
    say(f"manifest due {due}")
