"""``cargotarget users``: add and list user accounts, their roles and ports, set passwords,
unlock.

Passwords are read from a hidden prompt (asked twice) or, when standard input is not a
terminal, from its first line; never from the command line, where the shell history and the
process list would show them.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_context import REFUSED, USAGE, fail, out, plain, refusals, say, workspace
from cargotarget.model.users import Role
from cargotarget.store.users import user_by_name, users
from cargotarget.workflow.accounts import (
    InvalidAccount,
    register_user,
    set_password,
    set_user_ports,
    unlock,
)
from cargotarget.workflow.permissions import UnknownUser

app = typer.Typer(help="User accounts and their roles.", no_args_is_help=True)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="login name (letters, digits, '.', '-', '_')")],
    role: Annotated[list[Role], typer.Option("--role", help="a role; repeat for several")],
    display_name: Annotated[str | None, typer.Option(help="full name shown to others")] = None,
) -> None:
    """Add a user with one or more roles."""
    space = workspace()
    with refusals(), space.engine.begin() as conn:
        user = register_user(conn, name, role, display_name=display_name)
    say(f"user {user.username} added with role(s) {', '.join(sorted(user.roles))}")


@app.command("list")
def list_users() -> None:
    """Every user with their roles."""
    space = workspace()
    with space.engine.connect() as conn:
        found = users(conn)
    table = Table(title=f"{len(found)} user(s)")
    for column in ("user", "name", "roles", "ports", "active", "since"):
        table.add_column(column)
    for user in found:
        table.add_row(
            plain(user.username),
            plain(user.display_name),
            ", ".join(sorted(user.roles)),
            "all" if user.ports is None else ", ".join(sorted(user.ports)),
            "yes" if user.active else "no",
            user.created_at.strftime("%Y-%m-%d"),
        )
    out.print(table)


def _read_password() -> str:
    if sys.stdin.isatty():
        entered: str = typer.prompt("new password", hide_input=True, confirmation_prompt=True)
        return entered
    line = sys.stdin.readline()
    if not line:
        fail("no password on standard input (give it as the first line)", REFUSED)
    return line.removesuffix("\n").removesuffix("\r")


@app.command("set-password")
def set_password_command(
    name: Annotated[str, typer.Argument(help="the user whose password to set")],
) -> None:
    """Set a user's password (at least 12 characters, not the user name, not a common one).
    It is read from a prompt, or from standard input: ``... | cargotarget users set-password X``."""
    space = workspace()
    with refusals(), space.engine.connect() as conn:
        if user_by_name(conn, name) is None:
            raise UnknownUser(f"no user named {name!r}: add one with `cargotarget users add`")
    password = _read_password()
    with refusals(), space.engine.begin() as conn:
        user = set_password(conn, name, password)
    say(f"password of {user.username} set")


@app.command("unlock")
def unlock_command(name: Annotated[str, typer.Argument(help="the locked user")]) -> None:
    """Lift the lock that failed logins put on an account, and forget those failures."""
    space = workspace()
    with refusals(), space.engine.begin() as conn:
        was_locked = unlock(conn, name)
    say(f"{name.strip().lower()} unlocked" if was_locked else f"{name} was not locked")


@app.command("set-ports")
def set_ports_command(
    name: Annotated[str, typer.Argument(help="the user to scope")],
    ports: Annotated[
        list[str] | None, typer.Argument(help="UN/LOCODEs of the ports, e.g. JMKIN USNYC")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="every port, present and future")] = False,
) -> None:
    """Scope a user to the cargo of some ports (UN/LOCODEs), or with ``--all`` to every port."""
    if every == bool(ports):
        fail("name the ports, or give --all for every port (not both)", USAGE)
    space = workspace()
    with refusals(), space.engine.begin() as conn:
        try:
            user = set_user_ports(conn, name, None if every else ports)
        except InvalidAccount as exc:
            fail(str(exc), REFUSED)
    scope = "every port" if user.ports is None else ", ".join(sorted(user.ports))
    say(f"{user.username} now works {scope}")
