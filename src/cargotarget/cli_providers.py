"""The ``providers`` commands: register data providers, their identifiers and accounts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table

from cargotarget.cli_context import REFUSED, USAGE, fail, out, plain, refusals, say, workspace
from cargotarget.model.providers import DataProvider, IdentifierScheme, ProviderKind
from cargotarget.store.providers import providers
from cargotarget.workflow import providers as workflow
from cargotarget.workflow.accounts import SYSTEM

app = typer.Typer(help="Data providers: register, list, identifiers.", no_args_is_help=True)

_EXIT: dict[type[Exception], int] = {
    workflow.UnknownProvider: USAGE,
    workflow.InvalidProvider: REFUSED,
    workflow.ProviderConflict: REFUSED,
}


@contextmanager
def _refusals() -> Iterator[None]:
    """The provider refusals, then those every command shares."""
    with refusals():
        try:
            yield
        except tuple(_EXIT) as exc:
            fail(str(exc), next(c for kind, c in _EXIT.items() if isinstance(exc, kind)))


def _show(provider: DataProvider) -> None:
    state = "active" if provider.active else "deactivated"
    say(f"{provider.code}  {provider.name}  ({provider.kind.value}, {state})")
    say(f"  contact: {provider.contact or '-'}")
    say(f"  registered {provider.created_at:%Y-%m-%d %H:%M} UTC by {provider.created_by}")
    for identifier in provider.identifiers:
        say(f"  {identifier.scheme.value}: {identifier.value}")
    say(f"  accounts: {', '.join(provider.accounts) or '-'}")


@app.command("register")
def register(
    code: Annotated[str, typer.Argument(help="short code, e.g. MAEU")],
    name: Annotated[str, typer.Option(help="the provider's name")],
    kind: Annotated[ProviderKind, typer.Option()] = ProviderKind.CARRIER,
    contact: Annotated[str, typer.Option(help="EDI desk, e-mail, phone")] = "",
) -> None:
    """Register a data provider."""
    space = workspace()
    with _refusals(), space.engine.begin() as conn:
        provider = workflow.register_provider(conn, code, name, kind, actor=SYSTEM, contact=contact)
    _show(provider)


@app.command("list")
def list_command() -> None:
    """Every provider with its identifiers and accounts."""
    space = workspace()
    with space.engine.connect() as conn:
        found = providers(conn)
    table = Table(title=f"{len(found)} provider(s)")
    for column in ("code", "name", "kind", "identifiers", "accounts", "state"):
        table.add_column(column)
    for p in found:
        table.add_row(
            plain(p.code),
            plain(p.name),
            p.kind.value,
            plain(", ".join(f"{i.scheme.value} {i.value}" for i in p.identifiers)),
            plain(", ".join(p.accounts)),
            "active" if p.active else "deactivated",
        )
    out.print(table)


@app.command("show")
def show(code: Annotated[str, typer.Argument()]) -> None:
    """One provider with its identifiers and accounts."""
    space = workspace()
    with _refusals(), space.engine.connect() as conn:
        provider = workflow.find_provider(conn, code)
    _show(provider)


@app.command("add-id")
def add_id(
    code: Annotated[str, typer.Argument()],
    scheme: Annotated[IdentifierScheme, typer.Argument(help="what kind of identifier")],
    value: Annotated[str, typer.Argument()],
) -> None:
    """Record an identifier the provider's messages name it by (SCAC, EORI, EDI sender ...)."""
    space = workspace()
    with _refusals(), space.engine.begin() as conn:
        provider = workflow.add_identifier(conn, code, scheme, value, actor=SYSTEM)
    _show(provider)


@app.command("link")
def link(
    code: Annotated[str, typer.Argument()],
    account: Annotated[str, typer.Argument(help="a data provider user account")],
) -> None:
    """Let a data provider account (and its API tokens) file for the provider."""
    space = workspace()
    with _refusals(), space.engine.begin() as conn:
        provider = workflow.link_account(conn, code, account, actor=SYSTEM)
    _show(provider)


def _set_active(code: str, active: bool) -> None:
    space = workspace()
    with _refusals(), space.engine.begin() as conn:
        provider = workflow.set_provider_active(conn, code, active, actor=SYSTEM)
    _show(provider)


@app.command("deactivate")
def deactivate(code: Annotated[str, typer.Argument()]) -> None:
    """Stop the provider's accounts and drop folder filing (reactivate to undo)."""
    _set_active(code, False)


@app.command("reactivate")
def reactivate(code: Annotated[str, typer.Argument()]) -> None:
    """Let a deactivated provider file again."""
    _set_active(code, True)
