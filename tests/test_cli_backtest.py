"""``cargotarget rules backtest``, run in-process against real databases."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.model.manifest import Route
from cargotarget.settings import Settings
from tests.factories import as_json, consignment, manifest

runner = CliRunner()
PACK = """\
rules:
  - code: SHIP-0001
    name: Shipper under review
    condition: shipper_name = 'Bananeras del Pacifico S.A.'
    rationale: Two seizures last year.
    threat: revenue
    weight: 30
    action: document_check
  - code: NARC-0009
    name: Bananas
    condition: hs_heading = '0803'
    rationale: Cocaine in banana boxes.
    threat: narcotics
    weight: 40
    action: physical
"""
AT = ("--at", "2026-03-20")


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def cargo(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    other_port = Route(port_of_loading="COCTG", port_of_discharge="JMMBJ", origin_country="CO")
    filed = manifest(
        consignment("H1"),
        msgspec.structs.replace(consignment("H2"), route=other_port),
        consignment("C1", hs="090111", description="COFFEE"),
    )
    (tmp_path / "manifest.json").write_bytes(as_json(filed))
    (tmp_path / "pack.yaml").write_text(PACK)
    (tmp_path / "results.csv").write_text(
        "bill_number,examined_at,result,commodity\nH1,2026-03-15T08:00Z,seizure,cocaine\n"
    )
    _run("users", "add", "alice", "--role", "analyst")
    _run("users", "add", "bob", "--role", "supervisor")
    _run("ingest", str(tmp_path / "manifest.json"), "--provider", "MAEU")
    _run("rules", "import", str(tmp_path / "pack.yaml"), "--user", "alice")
    _run("rules", "submit", "SHIP-0001", "--user", "alice")
    _run("rules", "approve", "SHIP-0001", "--user", "bob")
    _run("outcomes", "import", str(tmp_path / "results.csv"))
    return tmp_path


def test_a_draft_is_backtested_with_a_readable_report(cargo: Path) -> None:
    shown = _run("rules", "backtest", "NARC-0009", *AT)
    assert (
        "backtest of NARC-0009 version 1 (narcotics, weight 40): 30 day(s) to 2026-03-20" in shown
    )
    assert "2 of 3 consignment(s) hit (66.7%)" in shown
    assert "JMMBJ" in shown
    assert "also hit by active rules: 2 of 2 (SHIP-0001 2)" in shown
    assert "examined: 1 of the hits, 1 with findings; hit rate 100%" in shown
    assert "consignments with findings moved into red: 1, out of red: 0" in shown
    assert "bills hit, for example: H1, H2" in shown


def test_json_output_and_other_candidates(cargo: Path) -> None:
    report = json.loads(_run("rules", "backtest", "SHIP-0001", "--weight", "60", "--json", *AT))
    assert (report["hits"], report["replaces"]) == (3, 1)
    assert report["lanes_now"]["yellow"] == 3
    assert report["lanes_after"]["red"] == 3
    lowered = json.loads(_run("rules", "backtest", "SHIP-0001", "--red", "30", "--json", *AT))
    assert (lowered["lanes_after"]["red"], lowered["lanes_after"]["red_from"]) == (3, 30)
    pack = str(cargo / "pack.yaml")
    from_pack = json.loads(
        _run("rules", "backtest", "--file", pack, "--rule", "narc-0009", "--json", *AT)
    )
    assert (from_pack["candidate"], from_pack["hits"]) == ("NARC-0009 (not saved)", 2)
    bare = json.loads(
        _run("rules", "backtest", "--condition", "hs_chapter = '09'", "--weight", "5", "--json")
    )
    assert bare["code"] == "DRY-RUN"


def test_bad_candidates_are_refused(cargo: Path) -> None:
    shown = _run("rules", "backtest", "--condition", "origin_country = 3", "--weight", "5", code=1)
    assert "rule DRY-RUN, condition, line 1, column 16: cannot compare origin_country" in shown
    assert "    origin_country = 3\n                   ^\n" in shown
    assert "yellow_from <= red_from" in _run(
        "rules", "backtest", "NARC-0009", "--red", "10", code=1
    )
    _run("rules", "backtest", code=2)
    _run("rules", "backtest", "NARC-0009", "--condition", "hs_chapter = '09'", code=2)
    _run("rules", "backtest", "--file", str(cargo / "pack.yaml"), code=2)
    _run("rules", "backtest", "--condition", "hs_chapter = '09'", code=2)
    _run("rules", "backtest", "NOPE-0001", code=2)
    _run("rules", "backtest", "NARC-0009", "--at", "yesterday", code=2)
