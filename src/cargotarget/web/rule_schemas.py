"""The JSON of the rule and watch-list API, described in the OpenAPI document.

The schemas are written out in place (no references into the document's components), so that
this part of the API describes itself without touching the shared component table.
"""

from __future__ import annotations

from typing import Any

import msgspec

from cargotarget.model.problems import Problem
from cargotarget.web.schemas import Refusal, reply
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


def refused(description: str) -> dict[str, Any]:
    return reply(Refusal, description=description)


#: The refusals every write route may give.
DENIED: dict[int | str, dict[str, Any]] = {
    401: refused("not signed in and no API token"),
    403: refused("missing permission, a missing CSRF token, or the four-eyes rule"),
}
