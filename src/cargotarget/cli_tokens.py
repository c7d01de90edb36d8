"""``cargotarget tokens``: make, list and revoke the API tokens of machine clients."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_audit import moment
from cargotarget.cli_context import err, out, plain, refusals, say, workspace
from cargotarget.model.tokens import TokenScope
from cargotarget.workflow.accounts import SYSTEM
from cargotarget.workflow.tokens import create_token, list_tokens, revoke_token

app = typer.Typer(help="API tokens for data providers and other systems.", no_args_is_help=True)


@app.command("create")
def create(
    owner: Annotated[str, typer.Argument(help="the user the token acts for")],
    scope: Annotated[list[TokenScope], typer.Option("--scope", help="repeat for several")],
    expires: Annotated[str | None, typer.Option(help="YYYY-MM-DD or an ISO time")] = None,
    label: Annotated[str | None, typer.Option(help="what the token is for")] = None,
) -> None:
    """Make a token and print its secret: it is shown this once and cannot be read again."""
    space = workspace()
    expires_at = moment(expires)
    with refusals(), space.engine.begin() as conn:
        token, secret = create_token(
            conn, owner, scope, actor=SYSTEM, expires_at=expires_at, label=label
        )
    err.print(
        f"token {token.id} for {token.owner} ({', '.join(sorted(token.scopes))}); "
        "the secret below is shown only now: store it where the client reads it",
        markup=False,
        highlight=False,
    )
    say(secret)


@app.command("list")
def list_command(
    owner: Annotated[str | None, typer.Option(help="only this user's tokens")] = None,
) -> None:
    """Every token with its owner, scopes and state (never a secret)."""
    space = workspace()
    with refusals(), space.engine.connect() as conn:
        found = list_tokens(conn, owner)
    now = datetime.now(UTC)
    table = Table(title=f"{len(found)} token(s)")
    for column in ("id", "starts", "owner", "scopes", "label", "made", "expires", "state"):
        table.add_column(column)
    for token in found:
        table.add_row(
            str(token.id),
            token.prefix,
            plain(token.owner),
            ", ".join(sorted(token.scopes)),
            plain(token.label),
            token.created_at.strftime("%Y-%m-%d"),
            token.expires_at.strftime("%Y-%m-%d %H:%M") if token.expires_at else "",
            token.state(now),
        )
    out.print(table)


@app.command("revoke")
def revoke(token_id: Annotated[int, typer.Argument(help="the token's id (see list)")]) -> None:
    """Revoke a token for good: the client is refused from now on."""
    space = workspace()
    with refusals(), space.engine.begin() as conn:
        token = revoke_token(conn, token_id, actor=SYSTEM)
    say(f"token {token.id} of {token.owner} revoked")
