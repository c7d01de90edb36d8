"""The ``timeliness`` commands against a real database: the report as tables and as JSON,
announcing a voyage, and refusals with exit code 1."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.settings import Settings
from cargotarget.workflow.workspace import Workspace
from tests.reports.timeliness_data import build_history

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    return settings


def test_report_prints_the_figures(env: Settings, workspace: Workspace) -> None:
    build_history(workspace)
    shown = runner.invoke(app, ["timeliness", "report"])
    assert shown.exit_code == 0, shown.output
    assert "MAEUS2" in shown.output
    assert "FWDR" in shown.output  # the tables' cells wrap on a narrow terminal
    as_json = runner.invoke(app, ["timeliness", "report", "--json", "--provider", "MAEU"])
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.output)
    assert report["overall"]["late_filings"] == 2
    assert report["overall"]["amendments_after_deadline"] == 1


def test_announce_and_refusals(env: Settings, workspace: Workspace) -> None:
    announce = ["timeliness", "announce", "--provider", "MAEU", "--carrier", "MAEU"]
    made = runner.invoke(
        app, [*announce, "--voyage", "9X", "--port", "JMKIN", "--etd", "2026-03-11T00:00"]
    )
    assert made.exit_code == 0, made.output
    assert "manifest due 2026-03-10 00:00 UTC" in made.output
    bad = runner.invoke(app, [*announce, "--voyage", "9X", "--port", "NOWHERE"])
    assert bad.exit_code == 1
    assert "port:" in bad.output
    assert "etd: an ETD or an ETA is needed" in bad.output
    for args in (["--start", "not-a-date"], ["--start", "2026-03-02", "--end", "2026-03-01"]):
        refused = runner.invoke(app, ["timeliness", "report", *args])
        assert refused.exit_code == 1, args
