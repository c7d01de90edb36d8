"""``cargotarget users``, ``rules`` and ``watchlist``, run in-process against real databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.settings import Settings

runner = CliRunner()

PACK = """\
rules:
  - code: NARC-0001
    name: Bananas from source countries
    condition: origin_country IN ('CO','EC') AND hs_heading = '0803'
    rationale: Cocaine found in banana boxes.
    threat: narcotics
    weight: 40
    action: physical
  - code: REV-0001
    name: Vague and collect
    condition: vague_description AND freight_collect
    rationale: Catch-all descriptions hide misclassified goods.
    threat: revenue
    weight: 15
    action: document_check
"""
LIST = "id,kind,value,name,reason,severity\nP1,party,,ACME TRADING LLC,front,high\n"


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    return settings


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def people(env: Settings) -> None:
    _run("users", "add", "alice", "--role", "analyst", "--display-name", "Alice [CET]")
    _run("users", "add", "Bob", "--role", "supervisor", "--role", "auditor")


def test_users_are_added_and_listed(people: None) -> None:
    listing = _run("users", "list")
    assert "Alice [CET]" in listing
    assert "auditor, supervisor" in listing
    assert "already exists" in _run("users", "add", "ALICE", "--role", "analyst", code=1)
    assert "must be 1 to 64" in _run("users", "add", "no spaces", "--role", "analyst", code=1)
    _run("users", "add", "carl", "--role", "wizard", code=2)
    _run("users", "add", "carl", code=2)


def test_rules_check_shows_the_position_of_a_problem(tmp_path: Path) -> None:
    assert "the condition is valid" in _run("rules", "check", "origin_country = 'CO'")
    shown = _run("rules", "check", "origin_country = 3", code=1)
    assert "condition, line 1, column 16: cannot compare origin_country" in shown
    assert "    origin_country = 3\n                   ^\n" in shown
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK)
    assert "pack.yaml: 2 rule(s), no problems" in _run("rules", "check", str(pack))
    pack.write_text(PACK.replace("weight: 15", "weight: heavy"))
    assert "rule 2 (REV-0001), weight: expected a number" in _run(
        "rules", "check", str(pack), code=1
    )
    _run("rules", "check", str(tmp_path / "missing.yaml"), code=2)


def test_a_rule_pack_goes_through_approval(people: None, tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK)
    imported = _run("rules", "import", str(pack), "--user", "alice")
    assert "rule 1 NARC-0001: new rule (version 1)" in imported
    assert "2 new rule, 0 new version, 0 unchanged" in imported
    assert "0 new rule, 0 new version, 2 unchanged" in _run(
        "rules", "import", str(pack), "--user", "bob"
    )
    assert "pending approval" in _run("rules", "submit", "NARC-0001", "--user", "alice")
    assert "needs the supervisor role" in _run(
        "rules", "approve", "NARC-0001", "--user", "alice", code=1
    )
    assert "is now active" in _run("rules", "approve", "narc-0001", "--user", "bob", "--note", "ok")
    assert "cannot approve REV-0001 version 1: it is draft" in _run(
        "rules", "approve", "REV-0001", "--user", "bob", code=1
    )
    listing = _run("rules", "list", "--status", "active")
    assert "NARC-0001" in listing
    assert "REV-0001" not in listing
    history = _run("rules", "show", "NARC-0001")
    assert "v1 approved by bob (pending_approval -> active): ok" in history
    out = tmp_path / "active.json"
    _run("rules", "export", "--format", "json", "-o", str(out))
    assert '"code": "NARC-0001"' in out.read_text()
    assert "REV-0001" in _run("rules", "export", "--latest")
    _run("rules", "reject", "NARC-0001", "--user", "bob", code=2)
    _run("rules", "retire", "NARC-0001", "--user", "alice", code=1)
    assert "is now retired" in _run("rules", "retire", "NARC-0001", "--user", "bob")
    _run("rules", "submit", "NOPE-0001", "--user", "alice", code=2)
    _run("rules", "submit", "REV-0001", "--user", "mallory", code=2)


def test_a_bad_pack_is_refused_with_every_problem(people: None, tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        PACK.replace("hs_heading", "hs_headng").replace("rationale: Catch", "why: Catch")
    )
    refused = _run("rules", "import", str(pack), "--user", "alice", code=1)
    assert "rule 1 (NARC-0001), condition, line 1, column 35: unknown field 'hs_headng'" in refused
    assert "rule 2 (REV-0001), why: is not a known field" in refused
    assert "nothing was changed" in refused
    assert "0 rule version(s)" in _run("rules", "list")
    pack.write_text(PACK[:150])
    truncated = _run("rules", "import", str(pack), "--user", "alice", code=1)
    assert "rule 1 (NARC-0001), rationale: expected text, got nothing" in truncated
    pack.write_text(PACK.replace("name: Bananas", "name: [Bananas"))
    broken = _run("rules", "import", str(pack), "--user", "alice", code=1)
    assert "the YAML cannot be read at line 4, column" in broken


def test_watch_lists_are_imported_listed_and_audited(people: None, tmp_path: Path) -> None:
    source = tmp_path / "cet.csv"
    source.write_text(LIST)
    imported = _run("watchlist", "import", str(source), "--name", "CET", "--user", "alice")
    assert "CET: 1 added, 0 updated, 0 retired, 0 unchanged; 1 entries in force" in imported
    assert "0 added, 0 updated, 0 retired, 1 unchanged" in _run(
        "watchlist", "import", str(source), "--name", "CET", "--user", "bob"
    )
    assert "CET" in _run("watchlist", "list")
    assert "ACME" in _run("watchlist", "show", "CET")
    history = _run("watchlist", "history", "CET")
    assert "imported by alice cet.csv (csv, sha256" in history
    assert "imported by bob" in history
    source.write_text(LIST + "P2,spaceship,,ZORG,bad,low\n")
    refused = _run("watchlist", "import", str(source), "--name", "CET", "--user", "alice", code=1)
    assert "line 3: kind 'spaceship' is not one of" in refused
    skipped = _run(
        "watchlist", "import", str(source), "--name", "CET", "--user", "alice", "--skip-bad-rows"
    )
    assert "1 unchanged" in skipped
    _run("watchlist", "show", "NOPE", code=2)
    _run(
        "watchlist",
        "import",
        str(tmp_path / "none.csv"),
        "--name",
        "CET",
        "--user",
        "alice",
        code=2,
    )
    _run("watchlist", "create", "CET", "--user", "alice", code=1)


def test_commands_need_an_initialised_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", f"sqlite:///{tmp_path}/new.db")
    assert "run `cargotarget init`" in _run("rules", "list", code=2)
    _run("watchlist", "list", code=2)
    _run("users", "list", code=2)
