"""How refusals and errors are answered: JSON under ``/api``, a page elsewhere, never a
traceback. Domain errors carry no HTTP codes; this table gives them theirs."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from cargotarget.web.access import Forbidden, NotSignedIn, principal_of
from cargotarget.web.csrf import CsrfRejected
from cargotarget.web.templating import render

log = logging.getLogger("cargotarget.web")


class ApiError(Exception):
    """A refusal with its status and a message meant for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _answer(request: Request, status: int, title: str, message: str) -> Response:
    if _api(request):
        return JSONResponse({"detail": message}, status_code=status)
    principal = await principal_of(request)
    return render(request, "error.html", principal, status, title=title, message=message)


async def _not_signed_in(request: Request, _exc: Exception) -> Response:
    if _api(request):
        detail = "sign in, or present an API token as 'Authorization: Bearer <token>'"
        headers = {"WWW-Authenticate": "Bearer"}
        return JSONResponse({"detail": detail}, status_code=401, headers=headers)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    login = f"/login?next={quote(target, safe='')}"
    if request.headers.get("hx-request") == "true":
        return Response(status_code=401, headers={"HX-Redirect": login})
    return RedirectResponse(login, status_code=303)


async def _forbidden(request: Request, exc: Exception) -> Response:
    message = exc.message if isinstance(exc, Forbidden) else "not allowed"
    return await _answer(request, 403, "Not allowed", message)


async def _csrf(request: Request, _exc: Exception) -> Response:
    message = "the form is stale or did not come from this site (CSRF token missing or wrong)"
    return await _answer(request, 403, "Refused", message)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return await _answer(request, exc.status, "Refused", exc.message)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
        for e in exc.errors()
    ]
    if _api(request):
        return JSONResponse({"detail": "invalid request", "problems": problems}, status_code=422)
    return await _answer(request, 400, "Bad request", "; ".join(problems))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = str(exc.detail) if exc.status_code != 404 else f"nothing at {request.url.path}"
    return await _answer(request, exc.status_code, "Not found", message)


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return await _answer(request, 500, "Error", "an unexpected error occurred; it was logged")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NotSignedIn, _not_signed_in)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(CsrfRejected, _csrf)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _crash)
