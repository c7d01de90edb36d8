"""The app built from the environment's settings, for servers that import an app factory
(``uvicorn --factory cargotarget.web.asgi:app``, or ``cargotarget serve --workers N``)."""

from __future__ import annotations

from fastapi import FastAPI

from cargotarget.settings import Settings
from cargotarget.web.app import create_app


def app() -> FastAPI:
    return create_app(Settings())
