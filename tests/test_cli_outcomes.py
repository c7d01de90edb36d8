"""``cargotarget outcomes``, run in-process against real databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.settings import Settings
from tests.factories import as_json, consignment, manifest

runner = CliRunner()
RESULTS = (
    "bill_number,examined_at,result,commodity,quantity,unit\n"
    "C1,2026-03-15T10:00Z,seizure,cocaine,12,kg\n"
    "C2,2026-03-15T11:00Z,no_finding,,,\n"
)


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def filed(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    source = tmp_path / "manifest.json"
    source.write_bytes(as_json(manifest(consignment("C1"), consignment("C2"))))
    _run("ingest", str(source), "--provider", "MAEU")
    return tmp_path


def test_results_are_imported_once_and_listed(filed: Path) -> None:
    results = filed / "results.csv"
    results.write_text(RESULTS)
    assert "results.csv: 2 recorded, 0 duplicate, 0 rejected" in _run(
        "outcomes", "import", str(results)
    )
    assert "results.csv: 0 recorded, 2 duplicate, 0 rejected" in _run(
        "outcomes", "import", str(results)
    )
    listing = _run("outcomes", "list", "--bill", "C1")
    assert "1 examination outcome(s)" in listing
    assert "cocaine" in listing
    assert "2 examination outcome(s)" in _run("outcomes", "list")


def test_rejected_rows_and_unreadable_files_fail(filed: Path) -> None:
    results = filed / "results.csv"
    results.write_text(RESULTS + "C9,2026-03-15,no_finding,,,\nC2,yesterday,no_finding,,,\n")
    shown = _run("outcomes", "import", str(results), code=1)
    assert "results.csv: line 4, bill_number: no consignment with bill number C9" in shown
    assert "results.csv: line 5, examined_at: 'yesterday' is not an ISO 8601" in shown
    assert "results.csv: 2 recorded, 0 duplicate, 2 rejected" in shown
    results.write_bytes(b"\xff\xfe\x00b\x00i\x00l\x00l")
    refused = _run("outcomes", "import", str(results), code=1)
    assert "error: results.csv: the file holds binary data" in refused
    assert "nothing was recorded" in refused
    _run("outcomes", "import", str(filed / "missing.csv"), code=2)
