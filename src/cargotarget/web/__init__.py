"""The workbench and the REST API (FastAPI, Jinja2 pages with htmx, assets served locally)."""

from cargotarget.web.app import create_app

__all__ = ["create_app"]
