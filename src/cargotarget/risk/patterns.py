"""LIKE patterns, read once into the simplest test that answers them.

Most patterns analysts write are prefixes (``hs_code LIKE '0803%'``); those, suffixes, infixes
and patterns without wildcards become plain string tests, and everything else a regular
expression that Polars (Rust ``regex``) and Python (``re``) read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache

#: Characters with a meaning in regular expressions; both regex engines accept them escaped.
_META = frozenset("\\.+*?()|[]{}^$#&-~")


class PatternKind(StrEnum):
    EQUALS = "equals"
    PREFIX = "prefix"
    SUFFIX = "suffix"
    INFIX = "infix"
    REGEX = "regex"


def _escape(text: str) -> str:
    return "".join(f"\\{char}" if char in _META else char for char in text)


@dataclass(frozen=True, slots=True)
class LikePattern:
    """A LIKE pattern: ``%`` matches any run of characters, ``_`` exactly one character."""

    kind: PatternKind
    literal: str
    regex: str


@lru_cache(maxsize=4096)
def read_pattern(pattern: str) -> LikePattern:
    """Classify ``pattern`` and give the literal (for plain tests) and a full-match regex."""
    regex = "".join(
        ".*" if char == "%" else "." if char == "_" else _escape(char) for char in pattern
    )
    core = pattern.strip("%")
    if "_" in pattern or "%" in core:
        return LikePattern(PatternKind.REGEX, pattern, regex)
    starts, ends = pattern.startswith("%"), pattern.endswith("%")
    if not starts and not ends:
        return LikePattern(PatternKind.EQUALS, core, regex)
    if core and not starts:
        return LikePattern(PatternKind.PREFIX, core, regex)
    if core and not ends:
        return LikePattern(PatternKind.SUFFIX, core, regex)
    return LikePattern(PatternKind.INFIX, core, regex)


@dataclass(frozen=True)
class PythonMatcher:
    """The pattern as a Python test of one string."""

    pattern: LikePattern

    @cached_property
    def _compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern.regex, re.DOTALL)

    def __call__(self, value: str) -> bool:
        kind, literal = self.pattern.kind, self.pattern.literal
        if kind is PatternKind.EQUALS:
            return value == literal
        if kind is PatternKind.PREFIX:
            return value.startswith(literal)
        if kind is PatternKind.SUFFIX:
            return value.endswith(literal)
        if kind is PatternKind.INFIX:
            return literal in value
        return self._compiled.fullmatch(value) is not None
