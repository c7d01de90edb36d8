"""``cargotarget rules backtest``: a dry run of a rule, weight or lane thresholds over the
stored cargo of the last N days (registered on the ``rules`` app)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.table import Table

from cargotarget.cli_context import USAGE, fail, out, plain, refusals, say, workspace
from cargotarget.model.rules import ThreatCategory
from cargotarget.workflow.backtest import backtest
from cargotarget.workflow.backtest_report import BacktestReport, Lanes
from cargotarget.workflow.candidates import (
    DRY_RUN_CODE,
    Candidate,
    changed,
    condition_candidate,
    pack_candidate,
    stored_candidate,
)
from cargotarget.workflow.pack_format import read_pack_file
from cargotarget.workflow.pack_syntax import detect_format
from cargotarget.workflow.workspace import Workspace


def _when(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--at {value!r} is not an ISO 8601 date or time", USAGE)
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found


def _candidate(
    space: Workspace,
    code: str | None,
    version: int | None,
    pack: Path | None,
    rule: str | None,
    condition: str | None,
    weight: float | None,
    threat: ThreatCategory | None,
) -> Candidate:
    """The rule to try, from exactly one of: a stored CODE, --file with --rule, --condition."""
    if sum(x is not None for x in (code, pack, condition)) != 1:
        fail("give one of: a rule CODE, --file PACK --rule CODE, or --condition TEXT", USAGE)
    if pack is not None:
        if rule is None:
            fail("--file needs --rule, the code of the rule in the pack", USAGE)
        if not pack.is_file():
            fail(f"{pack} is not a file", USAGE)
        with refusals():
            data = read_pack_file(pack)
            return pack_candidate(data, detect_format(pack.name, data), rule, space.catalogue)
    if condition is not None:
        if weight is None:
            fail("--condition needs --weight", USAGE)
        with refusals():
            return condition_candidate(
                condition,
                space.catalogue,
                weight=weight,
                code=rule or DRY_RUN_CODE,
                threat=threat or ThreatCategory.OTHER,
            )
    assert code is not None
    with refusals(), space.engine.connect() as conn:
        return stored_candidate(conn, code, space.catalogue, version=version)


def backtest_command(
    code: Annotated[
        str | None, typer.Argument(help="a stored rule: its latest version unless --version")
    ] = None,
    version: Annotated[int | None, typer.Option("--version", help="a stored version")] = None,
    pack: Annotated[Path | None, typer.Option("--file", help="a rule pack (YAML/JSON)")] = None,
    rule: Annotated[
        str | None,
        typer.Option("--rule", help="the code of the rule in --file (or for --condition)"),
    ] = None,
    condition: Annotated[str | None, typer.Option(help="a bare condition to try")] = None,
    weight: Annotated[float | None, typer.Option(help="the weight to try")] = None,
    threat: Annotated[
        ThreatCategory | None, typer.Option(help="threat category of a --condition")
    ] = None,
    days: Annotated[int, typer.Option(min=1, max=3660, help="how many days of cargo")] = 30,
    yellow: Annotated[float | None, typer.Option(help="yellow-lane threshold to try")] = None,
    red: Annotated[float | None, typer.Option(help="red-lane threshold to try")] = None,
    at: Annotated[str | None, typer.Option(help="end of the window (ISO 8601); now")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """Dry run: what a rule (a draft, a pack's rule, a bare condition, or a new weight) or new
    lane thresholds would have hit in the last --days of stored cargo."""
    space = workspace()
    candidate = _candidate(space, code, version, pack, rule, condition, weight, threat)
    with refusals():
        candidate = changed(candidate, space.catalogue, weight=weight, yellow=yellow, red=red)
    report = backtest(space.engine, space.catalogue, candidate, days=days, at=_when(at))
    if as_json:
        typer.echo(msgspec.json.encode(report).decode())
    else:
        _print(report)


def _table(
    title: str, columns: tuple[str, ...], rows: list[tuple[object, ...]], *, text: int = 1
) -> None:
    """A table whose first ``text`` columns are words and the others figures."""
    table = Table(title=title)
    for index, column in enumerate(columns):
        table.add_column(column, justify="left" if index < text else "right")
    for row in rows:
        table.add_row(*(plain(cell) for cell in row))
    out.print(table)


def _marked(code: str, candidate: bool) -> str:
    return f"{code} (candidate)" if candidate else code


def _change(now: Lanes, after: Lanes, lane: str) -> str:
    return f"{getattr(after, lane) - getattr(now, lane):+d}"


def _print(r: BacktestReport) -> None:
    replaces = f", in place of active version {r.replaces}" if r.replaces else ""
    say(
        f"backtest of {r.candidate} ({r.threat}, weight {r.weight:g}){replaces}: "
        f"{r.days} day(s) to {r.at:%Y-%m-%d %H:%M} UTC"
    )
    say(f"{r.hits} of {r.considered} consignment(s) hit ({r.share:.1%})")
    _table("hits per port of discharge", ("port", "hits"), list(r.by_port.items()))
    _table(
        "rules with the candidate",
        ("rule", "threat", "weight", "hits", "red now", "red with candidate"),
        [
            (
                _marked(e.code, e.candidate),
                e.threat,
                f"{e.weight:g}",
                e.hits,
                e.red_now,
                e.red_after,
            )
            for e in r.rules
        ],
        text=2,
    )
    _table("consignments hit per threat", ("threat", "hits"), list(r.by_threat.items()))
    shared = ", ".join(f"{c} {n}" for c, n in r.overlapping.items()) or "none"
    say(f"also hit by active rules: {r.overlap} of {r.hits} ({shared})")
    o = r.outcomes
    rate = "no examinations recorded" if o.hit_rate is None else f"hit rate {o.hit_rate:.0%}"
    say(f"examined: {o.examined} of the hits, {o.findings} with findings; {rate}")
    now, after = r.lanes_now, r.lanes_after
    _table(
        f"lanes (thresholds yellow/red now {now.yellow_from:g}/{now.red_from:g}, "
        f"with candidate {after.yellow_from:g}/{after.red_from:g})",
        ("lane", "now", "with candidate", "change"),
        [
            (lane, getattr(now, lane), getattr(after, lane), _change(now, after, lane))
            for lane in ("green", "yellow", "red")
        ],
    )
    say(f"consignments with findings moved into red: {o.into_red}, out of red: {o.out_of_red}")
    say(f"bills hit, for example: {', '.join(r.examples) or 'none'}")
