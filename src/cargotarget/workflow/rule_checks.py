"""Checking a rule before it is saved, and the problems that say what is wrong and where.

A rule is checked as a whole: its code, name and rationale, its weight and validity dates, the
ports of its scope, and its condition, parsed against the field catalogue (consignment fields
plus every registered indicator). Each problem names the rule (by code, and by its place in a
rule pack) and the field; a condition problem also carries the line and column inside the
condition with the offending line and a caret under the position.
"""

from __future__ import annotations

import math
import re

import msgspec

from cargotarget.model.codes import InvalidCode, UnLocode
from cargotarget.model.rules import RuleContent, Scope
from cargotarget.risk.fields import Catalogue, default_catalogue
from cargotarget.risk.indicators import register_indicators
from cargotarget.risk.language import RuleSyntaxError, parse_condition

_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:[-_.][A-Z0-9]+)*")
MAX_CODE = 32
MAX_NAME = 200
MAX_RATIONALE = 10_000
MAX_WEIGHT = 1000.0


def rule_catalogue() -> Catalogue:
    """The names a rule may use: the consignment fields and every registered indicator."""
    return register_indicators(default_catalogue())


class RuleProblem(msgspec.Struct, frozen=True, kw_only=True):
    """One thing wrong with a rule. ``index`` counts rules in a pack from 1; ``line`` and
    ``column`` are positions inside the condition."""

    message: str
    code: str | None = None
    index: int | None = None
    field: str | None = None
    line: int | None = None
    column: int | None = None
    excerpt: str | None = None

    def where(self) -> str:
        """Where the problem is, e.g. ``rule 3 (NARC-0003), condition, line 1, column 16``."""
        parts = []
        if self.index is not None:
            parts.append(f"rule {self.index}" + (f" ({self.code})" if self.code else ""))
        elif self.code:
            parts.append(f"rule {self.code}")
        if self.field:
            parts.append(self.field)
        if self.line is not None:
            parts.append(f"line {self.line}, column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class RuleRejected(ValueError):
    """A rule (or a rule pack) that cannot be saved, with every problem found."""

    def __init__(self, problems: list[RuleProblem] | tuple[RuleProblem, ...]) -> None:
        self.problems = tuple(problems)
        more = len(self.problems) - 1
        first = str(self.problems[0]) if self.problems else "the rule is not valid"
        super().__init__(first + (f" (and {more} more problem(s))" if more > 0 else ""))


def condition_problem(
    error: RuleSyntaxError, *, code: str | None = None, index: int | None = None
) -> RuleProblem:
    """A problem for a condition the rule language refused, keeping its position."""
    return RuleProblem(
        message=error.message,
        code=code,
        index=index,
        field="condition",
        line=error.position.line,
        column=error.position.column,
        excerpt=error.excerpt(),
    )


def _text_problems(content: RuleContent) -> list[tuple[str, str]]:
    problems = []
    if len(content.code) > MAX_CODE or not _CODE.fullmatch(content.code):
        problems.append(
            ("code", f"must be at most {MAX_CODE} capital letters and digits such as NARC-0001")
        )
    if not content.name:
        problems.append(("name", "is required"))
    elif len(content.name) > MAX_NAME:
        problems.append(("name", f"is longer than {MAX_NAME} characters"))
    if not content.rationale:
        problems.append(("rationale", "is required: say why this rule exists and what it finds"))
    elif len(content.rationale) > MAX_RATIONALE:
        problems.append(("rationale", f"is longer than {MAX_RATIONALE} characters"))
    if not math.isfinite(content.weight) or abs(content.weight) > MAX_WEIGHT:
        problems.append(("weight", f"must be a number between -{MAX_WEIGHT:g} and {MAX_WEIGHT:g}"))
    if content.valid_from and content.valid_to and content.valid_to < content.valid_from:
        problems.append(("valid_to", "is before valid_from"))
    return problems


def _ports(field: str, ports: tuple[str, ...], problems: list[tuple[str, str]]) -> tuple[str, ...]:
    checked = set()
    for port in ports:
        try:
            checked.add(str(UnLocode(port)))
        except InvalidCode as exc:
            problems.append((f"scope.{field}", f"{port!r} {exc.reason}"))
    return tuple(sorted(checked))


def _normal_scope(scope: Scope, problems: list[tuple[str, str]]) -> Scope:
    """The scope with each list sorted and without repeats, ports as normalised UN/LOCODEs."""
    return Scope(
        flows=tuple(sorted(set(scope.flows))),
        modes=tuple(sorted(set(scope.modes))),
        ports_of_discharge=_ports("ports_of_discharge", scope.ports_of_discharge, problems),
        ports_of_loading=_ports("ports_of_loading", scope.ports_of_loading, problems),
    )


def check_rule(
    content: RuleContent, catalogue: Catalogue, *, index: int | None = None
) -> tuple[RuleContent, list[RuleProblem]]:
    """The rule in its stored form (text trimmed, code in capitals, scope normalised) and
    everything wrong with it; the rule may be saved only when the list is empty."""
    normal = msgspec.structs.replace(
        content,
        code=content.code.strip().upper(),
        name=content.name.strip(),
        condition=content.condition.strip(),
        rationale=content.rationale.strip(),
        owner=(content.owner or "").strip() or None,
    )
    found = _text_problems(normal)
    normal = msgspec.structs.replace(normal, scope=_normal_scope(normal.scope, found))
    code = normal.code or None
    problems = [RuleProblem(message=m, code=code, index=index, field=f) for f, m in found]
    try:
        parse_condition(normal.condition, catalogue)
    except RuleSyntaxError as error:
        problems.append(condition_problem(error, code=code, index=index))
    return normal, problems
