"""``cargotarget users set-password|unlock``, ``tokens`` and ``audit``, run in-process against
real databases, with the bad input an administrator (or an attacker) may give."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete
from typer.testing import CliRunner

from cargotarget import cli_context
from cargotarget.cli import app
from cargotarget.settings import Settings
from cargotarget.store.database import connect
from cargotarget.store.security_tables import audit_event
from cargotarget.workflow.login import LoginPolicy, login
from tests.security.attacker import unguarded

runner = CliRunner()
GOOD = "orange tractor under 7 moons"
HOSTILE = "[red]x[/red]'; DROP TABLE user_account; --"


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    monkeypatch.setattr(cli_context.out, "width", 250)  # a wide terminal: no cell is wrapped
    _run("users", "add", "maersk", "--role", "data_provider")
    return settings


def _run(*args: str, code: int = 0, stdin: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == code, result.output
    return result.output


def _logs_in(settings: Settings, password: str) -> bool:
    engine = connect(settings.database_url)
    with engine.begin() as conn:
        ok = login(conn, "maersk", password, policy=LoginPolicy(max_failures=2)).user is not None
    engine.dispose()
    return ok


def test_a_password_is_set_from_stdin(env: Settings) -> None:
    assert "password of maersk set" in _run("users", "set-password", "Maersk", stdin=GOOD + "\n")
    assert _logs_in(env, GOOD)
    assert not _logs_in(env, GOOD + "\n")


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("", "no password on standard input"),
        ("\n", "a password needs at least 12 characters; this one has 0"),
        ("short\n", "a password needs at least 12 characters; this one has 5"),
        ("maersk-line-2026\n", "a password must not contain the user name"),
        ("Password12345!\n", "on the list of common passwords"),
    ],
)
def test_a_bad_password_is_refused_clearly(env: Settings, stdin: str, message: str) -> None:
    output = _run("users", "set-password", "maersk", stdin=stdin, code=1)
    assert message in output
    assert "Traceback" not in output


def test_passwords_never_come_from_the_command_line(env: Settings) -> None:
    output = _run("users", "set-password", "maersk", GOOD, code=2)
    assert "unexpected extra argument" in output.lower()


@pytest.mark.parametrize("command", ["set-password", "unlock"])
def test_unknown_or_hostile_user_names_are_refused(env: Settings, command: str) -> None:
    for name in ("nobody", HOSTILE, ""):
        output = _run("users", command, name, stdin=GOOD + "\n", code=2)
        assert f"error: no user named {name!r}" in output


def test_a_locked_account_is_unlocked(env: Settings) -> None:
    _run("users", "set-password", "maersk", stdin=GOOD + "\n")
    assert "maersk was not locked" in _run("users", "unlock", "maersk")
    for _ in range(2):
        assert not _logs_in(env, "not the password")
    assert not _logs_in(env, GOOD)
    assert "maersk unlocked" in _run("users", "unlock", "MAERSK")
    assert _logs_in(env, GOOD)


def test_tokens_are_made_listed_and_revoked(env: Settings) -> None:
    made = _run("tokens", "create", "maersk", "--scope", "submit", "--label", HOSTILE)
    secret = re.search(r"ct_[A-Za-z0-9_-]{43}", made)
    assert secret is not None
    assert "shown only now" in made
    listing = _run("tokens", "list")
    assert secret.group()[:11] in listing
    assert secret.group() not in listing
    assert HOSTILE in listing  # shown as it is, not read as markup
    assert "active" in listing
    assert "token 1 of maersk revoked" in _run("tokens", "revoke", "1")
    assert "revoked" in _run("tokens", "list", "--owner", "maersk")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["create", "nobody", "--scope", "submit"], 2, "no user named 'nobody'"),
        (["create", "maersk", "--scope", "everything"], 2, "everything"),
        (["create", "maersk"], 2, "--scope"),
        (["create", "maersk", "--scope", "read", "--expires", "soon"], 2, "is not a date"),
        (["create", "maersk", "--scope", "read", "--expires", "2020-01-01"], 1, "already passed"),
        (["revoke", "42"], 2, "no token with id 42"),
        (["revoke", "x; rm -rf /"], 2, "Invalid value"),
        (["list", "--owner", HOSTILE], 2, "no user named"),
    ],
)
def test_bad_token_commands_are_refused(
    env: Settings, args: list[str], code: int, message: str
) -> None:
    output = _run("tokens", *args, code=code)
    assert message in output
    assert "Traceback" not in output


def test_the_audit_trail_is_listed_and_verified(env: Settings) -> None:
    _run("users", "set-password", "maersk", stdin=GOOD + "\n")
    _run("tokens", "create", "maersk", "--scope", "read")
    verified = _run("audit", "verify")
    head = re.search(r"intact: 3 event\(s\); newest hash ([0-9a-f]{64})", verified)
    assert head is not None
    assert "audit trail intact: 3 event(s)" in _run("audit", "verify", "--anchor", head.group(1))
    listing = _run("audit", "list", "--action", "user_change")
    assert "2 event(s)" in listing
    assert "password set" in listing
    assert "token_change" in _run("audit", "list", "--subject", "token:1", "--since", "2000-01-01")
    assert "0 event(s)" in _run("audit", "list", "--actor", HOSTILE)
    assert "0 event(s)" in _run("audit", "list", "--until", "2000-01-01T00:00:00")
    assert "1 event(s)" in _run("audit", "list", "--limit", "1", "--before", "3")
    _run("audit", "list", "--action", "explode", code=2)
    assert "is not a date" in _run("audit", "list", "--since", "yesterday", code=2)


def test_a_broken_audit_trail_fails_verification(env: Settings) -> None:
    _run("users", "set-password", "maersk", stdin=GOOD + "\n")
    _run("users", "unlock", "maersk")
    engine = connect(env.database_url)
    with unguarded(engine) as conn:
        conn.execute(delete(audit_event).where(audit_event.c.id == 2))
    engine.dispose()
    output = _run("audit", "verify", code=1)
    assert "audit trail broken: event 2 missing: the chain jumps to event 3" in output
    assert "(1 event(s) intact)" in output
    output = _run("audit", "verify", "--anchor", "f" * 64, code=1)
    assert "event 2 missing" in output
