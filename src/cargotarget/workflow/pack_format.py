"""The rule-pack format (docs/rule-packs.md): a header and a list of rules, in YAML or JSON.

Administrations share risk profiles as rule packs. Reading a pack checks everything before
anything is saved and reports every problem at once, each naming the rule by its place in the
pack (counted from 1) and its code, the field, and for a condition the line and column inside
it. Files over :data:`MAX_PACK_BYTES` are refused before they are read.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import msgspec

from cargotarget.model.rules import RuleContent
from cargotarget.risk.fields import Catalogue
from cargotarget.workflow.pack_problems import validation_problem
from cargotarget.workflow.pack_syntax import PackFormat, PackSyntaxError, dump_text, load_text
from cargotarget.workflow.rule_checks import RuleProblem, RuleRejected, check_rule

PACK_FORMAT = "cargotarget.rule-pack"
PACK_VERSION = 1
MAX_PACK_BYTES = 8 * 1024 * 1024
MAX_RULES = 10_000


class RulePack(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A set of rules to share. ``format`` and ``version`` identify the format itself."""

    format: str = PACK_FORMAT
    version: int = PACK_VERSION
    name: str | None = None
    description: str | None = None
    exported_at: datetime | None = None
    rules: tuple[RuleContent, ...] = ()


class _Header(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    format: str = PACK_FORMAT
    version: int = PACK_VERSION
    name: str | None = None
    description: str | None = None
    exported_at: datetime | None = None
    rules: list[Any]


def _header(values: Any) -> _Header:
    if not isinstance(values, dict):
        raise RuleRejected([RuleProblem(message="a rule pack is a mapping with a `rules` list")])
    try:
        header = msgspec.convert(values, _Header)
    except msgspec.ValidationError as error:
        problem = validation_problem(error, fields=_Header.__struct_fields__)
        raise RuleRejected([problem]) from None
    if header.format != PACK_FORMAT or header.version != PACK_VERSION:
        wanted = f"format {PACK_FORMAT!r} version {PACK_VERSION}"
        found = f"format {header.format!r} version {header.version}"
        raise RuleRejected([RuleProblem(message=f"this is {found}; cargotarget reads {wanted}")])
    if len(header.rules) > MAX_RULES:
        message = f"the pack has {len(header.rules)} rules; at most {MAX_RULES} are accepted"
        raise RuleRejected([RuleProblem(message=message)])
    return header


def _rule(
    raw: Any, index: int, catalogue: Catalogue
) -> tuple[RuleContent | None, list[RuleProblem]]:
    code = raw.get("code") if isinstance(raw, dict) else None
    code = code if isinstance(code, str) else None
    if not isinstance(raw, dict):
        return None, [RuleProblem(message="a rule is a mapping of fields", index=index)]
    try:
        content = msgspec.convert(raw, RuleContent)
    except msgspec.ValidationError as error:
        return None, [validation_problem(error, index=index, code=code)]
    return check_rule(content, catalogue, index=index)


def check_pack(
    data: bytes, fmt: PackFormat, catalogue: Catalogue
) -> tuple[RulePack, list[RuleProblem]]:
    """Read a pack and check every rule: the pack (holding the rules that passed, in their
    stored form) and every problem found. Raises :class:`RuleRejected` when the file itself
    cannot be read as a pack."""
    try:
        header = _header(load_text(data, fmt))
    except PackSyntaxError as error:
        raise RuleRejected([RuleProblem(message=str(error))]) from None
    rules: list[RuleContent] = []
    problems: list[RuleProblem] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(header.rules, start=1):
        content, found = _rule(raw, index, catalogue)
        problems += found
        if content is None or found:
            continue
        if content.code in first_index:
            message = f"the code is already used by rule {first_index[content.code]}"
            problems.append(
                RuleProblem(message=message, code=content.code, index=index, field="code")
            )
            continue
        first_index[content.code] = index
        rules.append(content)
    fields = {f: getattr(header, f) for f in ("name", "description", "exported_at")}
    return RulePack(rules=tuple(rules), **fields), problems


def read_pack_file(path: Path, limit: int = MAX_PACK_BYTES) -> bytes:
    """The bytes of a pack file, refusing files larger than ``limit`` without reading them."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        message = f"{path.name} is larger than {limit // (1024 * 1024)} MiB; split the pack"
        raise RuleRejected([RuleProblem(message=message)])
    return data


def _plain_rule(content: RuleContent) -> dict[str, Any]:
    """A rule's fields as written in a pack: empty scope lists and unset fields left out."""
    values = msgspec.to_builtins(content, builtin_types=(date,))
    scope = {k: v for k, v in values.pop("scope").items() if v}
    values = {k: v for k, v in values.items() if v is not None}
    if scope:
        values["scope"] = scope
    return values


def encode_pack(pack: RulePack, fmt: PackFormat) -> bytes:
    """The text of ``pack`` in ``fmt``."""
    values: dict[str, Any] = {"format": pack.format, "version": pack.version}
    for field in ("name", "description", "exported_at"):
        value = getattr(pack, field)
        if value is not None:
            values[field] = value.isoformat() if isinstance(value, datetime) else value
    values["rules"] = [_plain_rule(rule) for rule in pack.rules]
    return dump_text(values, fmt)
