"""The ``serve`` command: the workbench and the REST API with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from cargotarget.cli_context import out, refusals
from cargotarget.settings import Settings


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="server processes (one per core is typical)")
    ] = 1,
) -> None:
    """Serve the workbench (pages and REST API under /api/v1) until stopped with Ctrl-C."""
    import uvicorn

    from cargotarget.web import create_app

    with refusals():
        app = create_app(Settings())  # made here first so that a database not ready says so
    out.print(f"workbench at http://{host}:{port}/ (API description at /api/docs); Ctrl-C stops")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=True)
        return
    uvicorn.run(
        "cargotarget.web.asgi:app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=True,
    )
