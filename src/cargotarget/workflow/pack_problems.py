"""Problems in a rule pack's structure, in words an analyst can act on.

msgspec checks each rule against :class:`~cargotarget.model.rules.RuleContent` and reports the
first mismatch in its own terms ("Expected `float`, got `str` - at `$.weight`"). This module
turns such a message into a problem naming the field, the expected kind of value, and for a
code list the values allowed.
"""

from __future__ import annotations

import re
from enum import StrEnum

import msgspec

from cargotarget.model.manifest import Flow, TransportMode
from cargotarget.model.rules import RuleAction, RuleContent, ThreatCategory
from cargotarget.workflow.rule_checks import RuleProblem

_AT = re.compile(r" - at `\$\.?(.*)`$")
_FIELD = re.compile(r"^Object (missing required|contains unknown) field `(.+)`")
RULE_FIELDS = RuleContent.__struct_fields__
_WORDS = {
    "`float`": "a number",
    "`int`": "a whole number",
    "`str`": "text",
    "`bool`": "true or false",
    "`array`": "a list",
    "`object`": "a mapping",
    "`null`": "nothing",
    "`date`": "a date (yyyy-mm-dd)",
    "`datetime`": "a date and time",
    "Invalid RFC3339 encoded date": "is not a date (yyyy-mm-dd)",
    "Invalid RFC3339 encoded datetime": "is not a date and time (ISO 8601)",
}
_WORD = re.compile("|".join(re.escape(name) for name in _WORDS))
_CODE_LISTS: dict[str, type[StrEnum]] = {
    "threat": ThreatCategory,
    "action": RuleAction,
    "scope.flows": Flow,
    "scope.modes": TransportMode,
}


def _field_problem(
    kind: str, name: str, under: str | None, fields: tuple[str, ...]
) -> tuple[str, str]:
    field = ".".join(filter(None, (under, name)))
    if kind == "missing required":
        return field, "is required"
    known = f" ({', '.join(fields)})" if fields and under is None else ""
    return field, f"is not a known field{known}"


def _value_problem(message: str, field: str | None) -> str:
    if message.startswith("Invalid enum value"):
        code_list = _CODE_LISTS.get(re.sub(r"\[\d+\]$", "", field or ""))
        if code_list is not None:
            value = message.removeprefix("Invalid enum value").strip()
            return f"{value} is not one of {', '.join(code_list)}"
    message = _WORD.sub(lambda m: _WORDS[m.group(0)], message)
    return message[:1].lower() + message[1:]


def validation_problem(
    error: msgspec.ValidationError,
    *,
    index: int | None = None,
    code: str | None = None,
    fields: tuple[str, ...] = RULE_FIELDS,
) -> RuleProblem:
    """The problem msgspec found in the rule at ``index`` (or in the header, without one);
    an unknown field is reported with the ``fields`` that are known."""
    message = str(error)
    at = _AT.search(message)
    field = at.group(1) if at else None
    message = _AT.sub("", message)
    named = _FIELD.match(message)
    if named:
        field, message = _field_problem(named.group(1), named.group(2), field, fields)
    else:
        message = _value_problem(message, field)
    return RuleProblem(message=message, code=code, index=index, field=field)
