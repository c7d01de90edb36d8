"""Reading the JSON body of a case step, and answering a refused step, for the case API.

A body is read up to 64 KiB (anything longer is refused with 413 unread) and decoded into its
struct; a body that does not decode or validate is answered like any invalid request (422
with the problem named)."""

from __future__ import annotations

from typing import TypeVar

import msgspec
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from cargotarget.web.case_errors import Refusal
from cargotarget.web.errors import ApiError

B = TypeVar("B")
#: A case step's body is a few fields: anything longer is refused unread.
BODY_LIMIT = 64 * 1024


async def read_body(request: Request, kind: type[B], optional: bool = False) -> B:
    """The body as ``kind``; an empty body is ``{}`` when the body is ``optional``."""
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > BODY_LIMIT:
            raise ApiError(413, f"the body exceeds {BODY_LIMIT:,} bytes")
    if optional and not data.strip():
        data = b"{}"
    try:
        return msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError as exc:
        problem = str(exc)
    except msgspec.DecodeError as exc:
        problem = f"the body is not JSON: {exc}"
    raise RequestValidationError([{"loc": ("body",), "msg": problem}])


def refusal_answer(exc: Exception) -> JSONResponse:
    """A refused step as ``{"detail": ...}`` with its status (each problem of a result named)."""
    refusal = Refusal(exc)
    message = refusal.message
    if refusal.problems:
        message = f"{refusal.title}: " + "; ".join(refusal.problems)
    return JSONResponse({"detail": message}, status_code=refusal.status)
