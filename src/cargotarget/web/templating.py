"""Rendering pages: Jinja2 with autoescaping always on, since manifest text is hostile input
(a goods description may hold markup that must show as text, never run)."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from cargotarget.model.access import Permission
from cargotarget.web.access import Principal

_TEMPLATES = resources.files("cargotarget.web").joinpath("templates")


def _when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _number(value: object) -> object:
    """Measured values to two decimals (an indicator of 0.39166666 reads 0.39)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return value


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        auto_reload=False,  # the templates are the package's: no file check on every page
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["num"] = _number
    env.globals["Permission"] = Permission
    return env


ENV = _environment()


def render(
    request: Request,
    template: str,
    principal: Principal | None,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    """The page ``template`` filled with ``values``, the principal and its CSRF token."""
    page = ENV.get_template(template).render(
        request=request,
        principal=principal,
        csrf_token=principal.csrf_token if principal is not None else "",
        **values,
    )
    return HTMLResponse(page, status_code=status_code)
