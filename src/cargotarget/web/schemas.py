"""The JSON the API answers with, described in the OpenAPI document.

Answers are msgspec structs of the layers below; their JSON schemas come from msgspec and are
added to the document's components, so that clients (and schemathesis) see what they get.
"""

from __future__ import annotations

from typing import Any

import msgspec
from fastapi import FastAPI

from cargotarget.workflow.receipts import Receipt
from cargotarget.workflow.workbench import ConsignmentDetail


class Refusal(msgspec.Struct, frozen=True, kw_only=True):
    """Why a request was refused."""

    detail: str


class Invalid(msgspec.Struct, frozen=True, kw_only=True):
    """A request whose parameters do not validate: each problem names the parameter."""

    detail: str
    problems: list[str]


_TYPES = (Receipt, ConsignmentDetail, Refusal, Invalid)
_SCHEMAS, _COMPONENTS = msgspec.json.schema_components(
    _TYPES, ref_template="#/components/schemas/{name}"
)
_BY_TYPE: dict[type, dict[str, Any]] = dict(zip(_TYPES, _SCHEMAS, strict=True))


def answer(*kinds: type, description: str) -> dict[str, Any]:
    """An OpenAPI response object whose JSON body is one of ``kinds``."""
    schemas = [_BY_TYPE[kind] for kind in kinds]
    schema = schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


#: The answer to parameters that do not validate.
INVALID = answer(Invalid, description="parameters that do not validate, each problem named")


def refusal(description: str) -> dict[str, Any]:
    return answer(Refusal, description=description)


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return _inline(defs[ref.rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(item, defs) for item in schema]
    return schema


def inline_schema(kind: Any) -> dict[str, Any]:
    """The JSON schema of ``kind`` with every reference replaced by what it refers to, for the
    parts of the API that describe their answers in place rather than in the components."""
    schema = msgspec.json.schema(kind)
    inlined: dict[str, Any] = _inline(schema, schema.get("$defs", {}))
    return inlined


def reply(*kinds: Any, description: str) -> dict[str, Any]:
    """An OpenAPI response whose JSON body is one of ``kinds``, described in place."""
    schemas = [inline_schema(kind) for kind in kinds]
    schema = schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def body(kind: Any, description: str, *, required: bool = True) -> dict[str, Any]:
    """``openapi_extra`` for a route whose JSON body is ``kind``."""
    content = {"application/json": {"schema": inline_schema(kind)}}
    return {"requestBody": {"required": required, "description": description, "content": content}}


def add_components(app: FastAPI) -> None:
    """Make ``app``'s OpenAPI document carry the schemas the answers refer to."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        spec = build()
        spec.setdefault("components", {}).setdefault("schemas", {}).update(_COMPONENTS)
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
