"""The JSON of the rule and watch-list API, described in the OpenAPI document.

The schemas are written out in place (no references into the document's components), so that
this part of the API describes itself without touching the shared component table.
"""

from __future__ import annotations

from typing import Any

import msgspec

from cargotarget.model.problems import Problem
from cargotarget.workflow.rule_checks import RuleProblem


class RuleRefusal(msgspec.Struct, frozen=True, kw_only=True):
    """A rule that cannot be saved or tried: every problem, with its field and, in the
    condition, its line and column."""

    detail: str
    problems: list[RuleProblem]


class FileRefusal(msgspec.Struct, frozen=True, kw_only=True):
    """A watch-list file or change that cannot be accepted: every problem with its position
    (the line of a CSV file, the record of a FollowTheMoney file)."""

    detail: str
    problems: list[Problem]


class Message(msgspec.Struct, frozen=True, kw_only=True):
    detail: str


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
    """The JSON schema of ``kind`` with every reference replaced by what it refers to."""
    schema = msgspec.json.schema(kind)
    inlined: dict[str, Any] = _inline(schema, schema.get("$defs", {}))
    return inlined


def body(kind: Any, description: str) -> dict[str, Any]:
    """``openapi_extra`` for a route whose JSON body is ``kind``."""
    content = {"application/json": {"schema": inline_schema(kind)}}
    return {"requestBody": {"required": True, "description": description, "content": content}}


def reply(*kinds: Any, description: str) -> dict[str, Any]:
    """An OpenAPI response whose JSON body is one of ``kinds``."""
    schemas = [inline_schema(kind) for kind in kinds]
    schema = schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def refused(description: str) -> dict[str, Any]:
    return reply(Message, description=description)


#: The refusals every write route may give.
DENIED: dict[int | str, dict[str, Any]] = {
    401: refused("not signed in and no API token"),
    403: refused("missing permission, a missing CSRF token, or the four-eyes rule"),
}
