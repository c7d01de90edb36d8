"""Reading the JSON body of a rule or watch-list API call: bounded in size, decoded into its
struct, refused with a readable message otherwise (never a traceback)."""

from __future__ import annotations

from typing import TypeVar

import msgspec
from fastapi import Request

from cargotarget.web.errors import ApiError

T = TypeVar("T")

#: The largest body a rule call takes (a rule is a few kilobytes).
MAX_RULE_BODY = 256 * 1024


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"the body is {int(declared):,} bytes; the limit is {limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"the body exceeds the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request, kind: type[T], *, limit: int = MAX_RULE_BODY) -> T:
    """The body decoded as ``kind``; an empty body counts as ``{}``."""
    data = await read_body(request, limit)
    try:
        return msgspec.json.decode(data.strip() or b"{}", type=kind)
    except msgspec.DecodeError as exc:
        raise ApiError(422, f"the body is not what this call takes: {exc}") from None
