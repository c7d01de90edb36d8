"""``cargotarget users set-ports``: scoping a user to ports from the console, audited, with
bad codes refused and nothing changed."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cargotarget import cli_context
from cargotarget.cli import app
from cargotarget.settings import Settings
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.database import connect
from cargotarget.store.users import user_by_name

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    monkeypatch.setattr(cli_context.out, "width", 250)
    _run("users", "add", "kim", "--role", "targeting_officer")
    return settings


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def _ports(settings: Settings) -> frozenset[str] | None:
    engine = connect(settings.database_url)
    with engine.connect() as conn:
        user = user_by_name(conn, "kim")
    engine.dispose()
    assert user is not None
    return user.ports


def test_ports_are_set_and_cleared_and_audited(env: Settings) -> None:
    assert "kim now works JMKIN, USNYC" in _run("users", "set-ports", "KIM", "jmkin", "USNYC")
    assert _ports(env) == {"JMKIN", "USNYC"}
    assert "JMKIN, USNYC" in _run("users", "list")
    assert "kim now works every port" in _run("users", "set-ports", "kim", "--all")
    assert _ports(env) is None
    engine = connect(env.database_url)
    with engine.connect() as conn:
        events = audit_events(conn, AuditFilter(subject_kind="user", subject_id="kim"))
    engine.dispose()
    assert [(e.actor, e.details()["step"]) for e in events[:2]] == [
        ("system", "ports"),
        ("system", "ports"),
    ]
    assert events[0].details()["before"] == ["JMKIN", "USNYC"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["kim", "XXKIN"], 1, "UN/LOCODE 'XXKIN'"),
        (["kim", "JMKIN", "<script>"], 1, "UN/LOCODE '<script>'"),
        (["kim"], 2, "name the ports, or give --all"),
        (["kim", "JMKIN", "--all"], 2, "not both"),
        (["nobody", "JMKIN"], 2, "no user named 'nobody'"),
    ],
)
def test_bad_ports_are_refused_and_change_nothing(
    env: Settings, args: list[str], code: int, message: str
) -> None:
    _run("users", "set-ports", "kim", "JMKIN")
    output = _run("users", "set-ports", *args, code=code)
    assert message in output
    assert _ports(env) == {"JMKIN"}
