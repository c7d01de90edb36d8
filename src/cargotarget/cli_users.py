"""``cargotarget users``: add and list user accounts and their roles."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_context import out, plain, refusals, say, workspace
from cargotarget.model.users import Role
from cargotarget.store.users import add_user, users

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
        user = add_user(conn, name, role, display_name=display_name)
    say(f"user {user.username} added with role(s) {', '.join(sorted(user.roles))}")


@app.command("list")
def list_users() -> None:
    """Every user with their roles."""
    space = workspace()
    with space.engine.connect() as conn:
        found = users(conn)
    table = Table(title=f"{len(found)} user(s)")
    for column in ("user", "name", "roles", "active", "since"):
        table.add_column(column)
    for user in found:
        table.add_row(
            plain(user.username),
            plain(user.display_name),
            ", ".join(sorted(user.roles)),
            "yes" if user.active else "no",
            user.created_at.strftime("%Y-%m-%d"),
        )
    out.print(table)
