"""Reading a rule from the workbench's form or the API's JSON, with every problem named.

Both give the same :class:`RuleInput` (plain text and lists, as typed); :func:`content_of` turns
it into the rule content the workflow checks, or into problems for what cannot even be read
(a weight that is not a number, an unknown threat, a date that is no date). Text may hold line
breaks and tabs (a condition or a rationale spans lines); other control characters are refused.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import msgspec

from cargotarget.model.manifest import Flow, TransportMode
from cargotarget.model.rules import RuleAction, RuleContent, RuleVersion, Scope, ThreatCategory
from cargotarget.workflow.rule_checks import RuleProblem

MAX_TEXT = 10_000
_E = TypeVar("_E", Flow, TransportMode)
MAX_LINE = 200


class ScopeInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    flows: list[str] = []
    modes: list[str] = []
    ports_of_discharge: list[str] = []
    ports_of_loading: list[str] = []


class RuleInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A rule as written: ``threat`` and ``action`` by name, dates as YYYY-MM-DD, empty text
    for what is left open. ``note`` goes with the saved version into its history."""

    code: str
    name: str
    condition: str
    rationale: str
    threat: str
    weight: float
    action: str = RuleAction.TARGET.value
    scope: ScopeInput = msgspec.field(default_factory=ScopeInput)
    valid_from: str = ""
    valid_to: str = ""
    owner: str = ""
    note: str = ""


class ConditionInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    condition: str


def _problem(field: str, message: str, code: str | None = None) -> RuleProblem:
    return RuleProblem(message=message, field=field, code=code or None)


def text_problems(values: dict[str, str]) -> list[RuleProblem]:
    """Control characters, and text too long to be a rule."""
    found = []
    for field, value in values.items():
        multiline = field in ("condition", "rationale", "note")
        limit = MAX_TEXT if multiline else MAX_LINE
        plain = value.replace("\n", " ").replace("\r", " ").replace("\t", " ")
        if len(value) > limit:
            found.append(_problem(field, f"is longer than {limit:,} characters"))
        elif not (plain if multiline else value).isprintable():
            found.append(_problem(field, "holds control characters; type it as plain text"))
    return found


def _day(field: str, value: str, problems: list[RuleProblem]) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        problems.append(_problem(field, f"must be a date as YYYY-MM-DD, not {value[:40]!r}"))
        return None


def _choices(
    kind: type[_E], field: str, values: list[str], problems: list[RuleProblem]
) -> tuple[_E, ...]:
    chosen = []
    for value in values:
        try:
            chosen.append(kind(value.strip().lower()))
        except ValueError:
            names = ", ".join(k.value for k in kind)
            problems.append(_problem(field, f"{value[:40]!r} is not one of {names}"))
    return tuple(chosen)


def content_of(rule: RuleInput) -> tuple[RuleContent | None, list[RuleProblem]]:
    """The rule content to check and save, or the problems that stop it being read."""
    fields = {
        "code": rule.code,
        "name": rule.name,
        "condition": rule.condition,
        "rationale": rule.rationale,
        "owner": rule.owner,
        "note": rule.note,
    }
    problems = text_problems(fields)
    scope = rule.scope
    for field, values in msgspec.structs.asdict(scope).items():
        problems += text_problems({f"scope.{field}": v for v in values})
    try:
        threat = ThreatCategory(rule.threat.strip().lower())
    except ValueError:
        names = ", ".join(t.value for t in ThreatCategory)
        problems.append(_problem("threat", f"must be one of {names}"))
    try:
        action = RuleAction(rule.action.strip().lower())
    except ValueError:
        problems.append(_problem("action", f"must be one of {', '.join(a for a in RuleAction)}"))
    flows = _choices(Flow, "scope.flows", scope.flows, problems)
    modes = _choices(TransportMode, "scope.modes", scope.modes, problems)
    valid_from = _day("valid_from", rule.valid_from, problems)
    valid_to = _day("valid_to", rule.valid_to, problems)
    if problems:
        return None, problems
    content = RuleContent(
        code=rule.code,
        name=rule.name,
        condition=rule.condition,
        rationale=rule.rationale,
        threat=threat,
        weight=rule.weight,
        action=action,
        scope=Scope(
            flows=flows,
            modes=modes,
            ports_of_discharge=tuple(p.strip() for p in scope.ports_of_discharge),
            ports_of_loading=tuple(p.strip() for p in scope.ports_of_loading),
        ),
        valid_from=valid_from,
        valid_to=valid_to,
        owner=rule.owner or None,
    )
    return content, []


def split_list(value: str) -> list[str]:
    """A comma- or space-separated list as typed in a form field."""
    return [part for part in value.replace(",", " ").split() if part]


def input_of(version: RuleVersion) -> RuleInput:
    """The form filled with a stored version (to write its next version)."""
    c = version.content
    return RuleInput(
        code=c.code,
        name=c.name,
        condition=c.condition,
        rationale=c.rationale,
        threat=c.threat.value,
        weight=c.weight,
        action=c.action.value,
        scope=ScopeInput(
            flows=[f.value for f in c.scope.flows],
            modes=[m.value for m in c.scope.modes],
            ports_of_discharge=list(c.scope.ports_of_discharge),
            ports_of_loading=list(c.scope.ports_of_loading),
        ),
        valid_from=c.valid_from.isoformat() if c.valid_from else "",
        valid_to=c.valid_to.isoformat() if c.valid_to else "",
        owner=c.owner or "",
    )
