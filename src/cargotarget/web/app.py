"""The web application: the REST API under ``/api/v1`` and the workbench pages."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from cargotarget import __version__
from cargotarget.settings import Settings
from cargotarget.web import (
    api_cargo,
    api_cases,
    api_messages,
    api_models,
    api_providers,
    api_responses,
    api_rules,
    api_timeliness,
    api_voyages,
    api_watchlists,
    pages_admin,
    pages_cargo,
    pages_cases,
    pages_login,
    pages_models,
    pages_providers,
    pages_rules,
    pages_static,
    pages_timeliness,
    pages_voyages,
    pages_watchlists,
    rule_actions,
    rule_api_steps,
)
from cargotarget.web.context import WebContext
from cargotarget.web.errors import install_error_handlers
from cargotarget.web.headers import SecurityHeaders
from cargotarget.web.schemas import add_components
from cargotarget.workflow.workspace import open_workspace


def create_app(settings: Settings) -> FastAPI:
    """The app for ``settings``; it connects to the database when made, never at import."""
    context = WebContext.of(open_workspace(settings))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # What the app made to start (modules, tables, templates) lives as long as the
        # process: kept out of the collector's full passes, which otherwise stall every request
        # of the process at once.
        gc.collect()
        gc.freeze()
        # Requests run in a few threads and the rest wait their turn: Python runs one thread
        # at a time, and many threads taking turns at it make every request slow at once.
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = settings.request_threads
        yield
        context.engine.dispose()

    app = FastAPI(
        title="cargotarget",
        version=__version__,
        description="Cargo targeting: submit manifests, read consignments, assessments, queue.",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.context = context
    # The routes are added one by one (not as included routers) so that the app's route table
    # lists every route with its declared permission.
    modules = (
        pages_static,
        pages_login,
        pages_cargo,
        pages_cases,
        pages_rules,
        rule_actions,
        pages_watchlists,
        pages_admin,
        pages_models,
        pages_providers,
        pages_timeliness,
    )
    for module in (
        *modules,
        pages_voyages,
        api_messages,
        api_cargo,
        api_cases,
        api_rules,
        rule_api_steps,
        api_watchlists,
        api_voyages,
        api_models,
        api_providers,
        api_responses,
        api_timeliness,
    ):
        app.router.routes.extend(module.router.routes)
    install_error_handlers(app)
    add_components(app)

    app.add_middleware(SecurityHeaders)
    return app
