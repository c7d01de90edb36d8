"""The ``providers`` commands, run in-process against a real database: register, identify,
link, show, list, deactivate; refusals with their exit codes and nothing changed."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.model.users import Role
from cargotarget.settings import Settings
from cargotarget.store.users import add_user
from cargotarget.workflow.providers import find_provider
from cargotarget.workflow.workspace import Workspace

runner = CliRunner()


@pytest.fixture
def env(workspace: Workspace, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    with workspace.engine.begin() as conn:
        add_user(conn, "maeu-gw", [Role.DATA_PROVIDER])
        add_user(conn, "olga", [Role.TARGETING_OFFICER])
    return workspace


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["providers", *args])
    return result.exit_code, result.output


def test_register_identify_link_show_and_list(env: Workspace) -> None:
    code, out = _run("register", "maeu", "--name", "Maersk A/S", "--contact", "edi@maersk")
    assert code == 0
    assert "MAEU  Maersk A/S  (carrier, active)" in out
    assert _run("add-id", "MAEU", "scac", "maeu")[0] == 0
    assert _run("add-id", "MAEU", "edi_sender", "MAEUEDI01")[0] == 0
    code, out = _run("link", "MAEU", "maeu-gw")
    assert code == 0
    assert "accounts: maeu-gw" in out
    code, out = _run("show", "maeu")
    assert "scac: MAEU" in out
    assert "edi_sender: MAEUEDI01" in out
    code, out = _run("list")
    assert code == 0
    assert "MAEU" in out
    assert "maeu-gw" in out
    assert _run("deactivate", "MAEU")[0] == 0
    with env.engine.connect() as conn:
        assert not find_provider(conn, "MAEU").active
    assert "active)" in _run("reactivate", "MAEU")[1]


@pytest.mark.parametrize(
    ("args", "exit_code", "says"),
    [
        (("register", "x", "--name", "X"), 1, "2 to 32"),
        (("register", "MAEU", "--name", "Again"), 1, "already registered"),
        (("register", "ABC", "--name", "X", "--kind", "pirate"), 2, "pirate"),
        (("add-id", "MAEU", "scac", "12345"), 1, "scac"),
        (("add-id", "NOPE", "scac", "AB"), 2, "NOPE"),
        (("link", "MAEU", "olga"), 1, "not a data provider"),
        (("link", "MAEU", "nobody"), 2, "nobody"),
        (("show", "NOPE"), 2, "NOPE"),
    ],
)
def test_refusals_say_why_and_change_nothing(
    env: Workspace, args: tuple[str, ...], exit_code: int, says: str
) -> None:
    assert _run("register", "MAEU", "--name", "Maersk")[0] == 0
    code, out = _run(*args)
    assert code == exit_code
    assert says in out
    with env.engine.connect() as conn:
        provider = find_provider(conn, "MAEU")
    assert provider.name == "Maersk"
    assert provider.identifiers == ()
    assert provider.accounts == ()
