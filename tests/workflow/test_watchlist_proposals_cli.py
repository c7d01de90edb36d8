"""``cargotarget watchlist propose|proposals|approve|reject``, run in-process against real
databases: the console takes the same four-eyes path as the workbench."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.settings import Settings

runner = CliRunner()
LIST = "id,kind,value,name,reason,severity\nP1,party,,ACME TRADING LLC,front,high\n"


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def people(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    _run("users", "add", "alice", "--role", "analyst")
    _run("users", "add", "bob", "--role", "supervisor")


def test_a_proposal_is_applied_by_another_supervisor(people: None, tmp_path: Path) -> None:
    source = tmp_path / "cet.csv"
    source.write_text(LIST)
    made = _run(
        "watchlist",
        "propose",
        "CET",
        "--user",
        "alice",
        "--action",
        "create",
        "--file",
        str(source),
        "--threshold",
        "92",
    )
    assert "proposal 1: create CET (1 entries), pending" in made
    assert "CET" not in _run("watchlist", "list")
    assert "pending" in _run("watchlist", "proposals", "--pending")
    assert "supervisor" in _run("watchlist", "approve", "1", "--user", "alice", code=1)
    assert "approved" in _run("watchlist", "approve", "1", "--user", "bob")
    assert "ACME" in _run("watchlist", "show", "CET")
    assert "already" in _run("watchlist", "approve", "1", "--user", "bob", code=1)
    _run("watchlist", "approve", "9", "--user", "bob", code=2)
    _run("watchlist", "propose", "CET", "--user", "alice", "--action", "retire")
    assert "rejected" in _run("watchlist", "reject", "2", "--user", "bob", "--note", "in use")
    assert "ACME" in _run("watchlist", "show", "CET")
    bad = tmp_path / "bad.csv"
    bad.write_text(LIST + "X2,spaceship,,ZORG,bad,low\n")
    refused = _run("watchlist", "propose", "CET", "--user", "alice", "--file", str(bad), code=1)
    assert "line 3" in refused
