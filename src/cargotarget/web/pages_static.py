"""Static assets (htmx, the style sheet) served from the package, and the API description:
the OpenAPI document and a page that lists it, with no script from elsewhere."""

from __future__ import annotations

import re
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from cargotarget.model.access import Permission
from cargotarget.web.access import Principal, needs
from cargotarget.web.errors import ApiError
from cargotarget.web.templating import render

router = APIRouter(include_in_schema=False)
_STATIC = resources.files("cargotarget.web").joinpath("static")
_KINDS = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


@router.get("/static/{name}")
def static_file(
    name: Annotated[str, Path(max_length=64)],
    _anyone: Annotated[Principal | None, needs(Permission.PUBLIC)],
) -> Response:
    kind = next((k for suffix, k in _KINDS.items() if name.endswith(suffix)), None)
    asset = _STATIC.joinpath(name)
    if kind is None or not _NAME.fullmatch(name) or not asset.is_file():
        raise ApiError(404, f"no asset {name!r}")
    headers = {"Cache-Control": "public, max-age=3600"}
    return Response(asset.read_bytes(), media_type=kind, headers=headers)


@router.get("/api/openapi.json")
def openapi_document(
    request: Request, _anyone: Annotated[Principal | None, needs(Permission.PUBLIC)]
) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(
    request: Request, principal: Annotated[Principal | None, needs(Permission.PUBLIC)]
) -> HTMLResponse:
    spec = request.app.openapi()
    operations = [
        (method.upper(), path, op)
        for path, methods in spec.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return render(request, "api_docs.html", principal, spec=spec, operations=operations)
