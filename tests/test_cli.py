"""The ``cargotarget`` command, run in-process against a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.settings import Settings
from tests.factories import as_json, consignment, manifest

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    return settings


def test_uninitialised_database_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", f"sqlite:///{tmp_path}/new.db")
    result = runner.invoke(app, ["search", "--bill", "X"])
    assert result.exit_code == 2
    assert "run `cargotarget init`" in result.output
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert runner.invoke(app, ["search", "--bill", "X"]).exit_code == 0


def test_ingest_search_and_quarantine(env: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.json").write_bytes(as_json(manifest(consignment("GOOD1"))))
    (folder / "bad.json").write_bytes(
        as_json(manifest(consignment("BAD1", container="GMCU6094137"), reference="M2"))
    )
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 1, result.output
    assert "GMCU6094137" in result.output

    found = runner.invoke(app, ["search", "--party", "island fresh"])
    assert found.exit_code == 0
    assert "GOOD1" in found.output
    assert "BAD1" not in found.output

    listing = runner.invoke(app, ["quarantine", "list"])
    assert "BAD1" in listing.output
    shown = runner.invoke(app, ["quarantine", "show", "1"])
    assert "check digit" in shown.output

    fixed = tmp_path / "fixed.json"
    fixed.write_bytes(as_json(manifest(consignment("BAD1"), reference="M2")))
    replayed = runner.invoke(app, ["quarantine", "replay", "1", "--file", str(fixed)])
    assert replayed.exit_code == 0, replayed.output
    assert "BAD1" in runner.invoke(app, ["search", "--bill", "BAD1"]).output


def test_bad_arguments_exit_non_zero(env: Settings, tmp_path: Path) -> None:
    assert runner.invoke(app, ["ingest", str(tmp_path / "missing.edi")]).exit_code == 2
    assert runner.invoke(app, ["search", "--from", "not-a-date"]).exit_code == 2
    assert runner.invoke(app, ["quarantine", "show", "99"]).exit_code == 2
    assert runner.invoke(app, ["quarantine", "replay", "99"]).exit_code == 2
