"""``cargotarget rules``: check, import and export rule packs; move rules through approval."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_context import (
    REFUSED,
    USAGE,
    err,
    fail,
    out,
    plain,
    print_problems,
    refusals,
    say,
    workspace,
)
from cargotarget.model.rules import RuleStatus, RuleVersion
from cargotarget.risk.language import RuleSyntaxError, parse_condition
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.pack_format import check_pack, read_pack_file
from cargotarget.workflow.pack_syntax import PackFormat, detect_format
from cargotarget.workflow.rule_checks import condition_problem, rule_catalogue
from cargotarget.workflow.rule_packs import Outcome, export_text, import_pack

app = typer.Typer(help="Risk rules (profiles): packs, checks and approval.", no_args_is_help=True)

UserOption = Annotated[str, typer.Option("--user", help="who does this (a registered user)")]
NoteOption = Annotated[str | None, typer.Option(help="why, for the record")]
VersionOption = Annotated[
    int | None, typer.Option("--version", help="a version other than the usual one")
]
FormatOption = Annotated[
    PackFormat | None,
    typer.Option("--format", help="yaml or json; from the file name when not given"),
]


def _read(path: Path, fmt: PackFormat | None) -> tuple[bytes, PackFormat]:
    if not path.is_file():
        fail(f"{path} is not a file", USAGE)
    with refusals():
        data = read_pack_file(path)
    return data, fmt or detect_format(path.name, data)


@app.command("check")
def check(
    target: Annotated[str, typer.Argument(help="a rule-pack file, or a condition to check")],
    fmt: FormatOption = None,
) -> None:
    """Check a rule pack or a single condition; print each problem with its position."""
    path = Path(target)
    looks_like_file = path.suffix.lower() in (".yaml", ".yml", ".json")
    if not path.is_file() and not looks_like_file:
        _check_condition(target)
        return
    data, fmt = _read(path, fmt)
    with refusals():
        pack, problems = check_pack(data, fmt, rule_catalogue())
    if problems:
        print_problems(tuple(problems))
        fail(f"{len(problems)} problem(s) in {path.name}", REFUSED)
    say(f"{path.name}: {len(pack.rules)} rule(s), no problems")


def _check_condition(text: str) -> None:
    try:
        parse_condition(text, rule_catalogue())
    except RuleSyntaxError as error:
        print_problems((condition_problem(error),))
        raise typer.Exit(REFUSED) from None
    say("the condition is valid")


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="a rule pack (YAML or JSON)")],
    user: UserOption,
    fmt: FormatOption = None,
) -> None:
    """Import a rule pack as drafts by USER; nothing is saved if any rule has a problem."""
    data, fmt = _read(path, fmt)
    space = workspace()
    with refusals(), space.engine.begin() as conn:
        done = import_pack(conn, data, fmt, user, catalogue=space.catalogue, source=path.name)
    for rule in done.rules:
        say(f"rule {rule.index} {rule.code}: {rule.outcome} (version {rule.version})")
    counts = ", ".join(f"{done.count(o)} {o}" for o in Outcome)
    say(f"{path.name}: {counts}")


@app.command("export")
def export(
    latest: Annotated[bool, typer.Option(help="the newest version of every rule")] = False,
    fmt: Annotated[PackFormat, typer.Option("--format")] = PackFormat.YAML,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file to write")] = None,
    name: Annotated[str | None, typer.Option(help="a name for the pack")] = None,
) -> None:
    """Write the active rules (or the latest versions) as a rule pack."""
    space = workspace()
    with space.engine.connect() as conn:
        text = export_text(conn, fmt, latest=latest, name=name)
    if output is None:
        typer.echo(text.decode("utf-8"), nl=False)
    else:
        output.write_bytes(text)
        err.print(f"written to {output}", markup=False, highlight=False)


def _step(action: Callable[..., RuleVersion], code: str, **options: object) -> None:
    space = workspace()
    with refusals(), space.engine.begin() as conn:
        version = action(conn, code, **options)
    status = version.status.value.replace("_", " ")
    say(f"{version.code} version {version.version} is now {status}")


@app.command("submit")
def submit(
    code: str, user: UserOption, note: NoteOption = None, version: VersionOption = None
) -> None:
    """Submit the draft of rule CODE for approval."""
    _step(lifecycle.submit, code, username=user, note=note, version=version)


@app.command("approve")
def approve(
    code: str, user: UserOption, note: NoteOption = None, version: VersionOption = None
) -> None:
    """Approve the version pending (a supervisor who did not write it); it goes live."""
    _step(lifecycle.approve, code, username=user, note=note, version=version)


@app.command("reject")
def reject(
    code: str,
    user: UserOption,
    note: Annotated[str, typer.Option(help="what the author should change")],
    version: VersionOption = None,
) -> None:
    """Send the version pending back to its author, saying why."""
    _step(lifecycle.reject, code, username=user, note=note, version=version)


@app.command("retire")
def retire(
    code: str, user: UserOption, note: NoteOption = None, version: VersionOption = None
) -> None:
    """Take the active version out of service, or withdraw an open one."""
    _step(lifecycle.retire, code, username=user, note=note, version=version)


def _status(version: RuleVersion, now: datetime) -> str:
    status = version.status.value.replace("_", " ")
    return f"{status} (expired)" if version.expired(now) else status


@app.command("list")
def list_rules(
    status: Annotated[
        RuleStatus | None, typer.Option(help="only versions with this status")
    ] = None,
) -> None:
    """Rule versions: the active, pending and draft ones, or those with --status."""
    space = workspace()
    with space.engine.connect() as conn:
        found = lifecycle.current_rules(conn, status)
    now = datetime.now(UTC)
    table = Table(title=f"{len(found)} rule version(s)")
    for column in ("code", "v", "status", "name", "threat", "action", "weight", "author"):
        table.add_column(column)
    for v in found:
        c = v.content
        cells = (c.code, v.version, _status(v, now), c.name, c.threat, c.action, f"{c.weight:g}")
        table.add_row(*(plain(x) for x in cells), plain(v.author))
    out.print(table)


@app.command("show")
def show(code: str) -> None:
    """Every version of rule CODE and every step of its history."""
    space = workspace()
    with refusals(), space.engine.connect() as conn:
        history = lifecycle.rule_history(conn, code)
    now = datetime.now(UTC)
    for v in history.versions:
        c = v.content
        say(f"{c.code} version {v.version}: {_status(v, now)}, by {v.author}, {c.name}")
        say(f"    {c.condition}")
    for e in history.events:
        moved = f"{e.from_status or '-'} -> {e.to_status}"
        note = f": {e.note}" if e.note else ""
        say(f"{e.at:%Y-%m-%d %H:%M} v{e.version} {e.action} by {e.username} ({moved}){note}")
