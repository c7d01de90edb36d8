"""Positions in a rule's text, and the error that points at one.

An analyst fixes a rule from the message and the position alone, so every problem the parser or
the checker finds names the offending token by line and column (and character offset).
"""

from __future__ import annotations

from typing import NamedTuple

from sqlglot import exp
from sqlglot.tokenizer_core import Token, TokenType


class Position(NamedTuple):
    """Where a token starts: ``offset`` counts characters from 0, ``line`` and ``column``
    count from 1 as editors do."""

    offset: int
    line: int
    column: int


class RuleSyntaxError(ValueError):
    """A condition that cannot be accepted, with the position of the offending token."""

    def __init__(self, message: str, position: Position, text: str = "") -> None:
        super().__init__(f"line {position.line}, column {position.column}: {message}")
        self.message = message
        self.position = position
        self.text = text

    def excerpt(self) -> str:
        """The offending line of the condition with a caret under the position."""
        lines = self.text.splitlines() or [""]
        line = lines[min(self.position.line, len(lines)) - 1]
        return f"{line}\n{' ' * (self.position.column - 1)}^"


def position_at(text: str, offset: int) -> Position:
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(offset, text.count("\n", 0, offset) + 1, offset - line_start + 1)


class Locator:
    """Finds the position of a node of sqlglot's syntax tree in the condition's text.

    sqlglot records positions on identifiers, literals and most function names; operators are
    found as the first token after their left operand, other function names by their text.
    """

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens

    def error(self, message: str, node: exp.Expr | int) -> RuleSyntaxError:
        offset = node if isinstance(node, int) else self.offset(node)
        return RuleSyntaxError(message, position_at(self.text, offset), self.text)

    def span(self, node: exp.Expr) -> tuple[int, int] | None:
        starts_ends = [(n.meta["start"], n.meta["end"]) for n in node.walk() if "start" in n.meta]
        if not starts_ends:
            return None
        return min(s for s, _ in starts_ends), max(e for _, e in starts_ends)

    def offset(self, node: exp.Expr) -> int:
        """The offset of the token that best names ``node``: its own, its operator's, or its
        function name's."""
        if "start" in node.meta:
            return int(node.meta["start"])
        left = node.args.get("this")
        left_span = self.span(left) if isinstance(left, exp.Expr) else None
        if left_span is not None and isinstance(node, exp.Binary | exp.Predicate):
            after = (t for t in self.tokens if t.start > left_span[1])
            operator = next((t for t in after if t.token_type is not TokenType.R_PAREN), None)
            if operator is not None:
                return operator.start
        own_span = self.span(node)
        if own_span is None:
            return 0
        if isinstance(node, exp.Func):
            return self._function_name(node, own_span[0])
        return own_span[0]

    def _function_name(self, node: exp.Func, before: int) -> int:
        """The offset of the name of the function whose arguments start at ``before``."""
        names = {node.sql_name(), node.key.upper()}
        earlier = [t for t in self.tokens if t.start < before]
        named = next((t for t in reversed(earlier) if t.text.upper() in names), None)
        return named.start if named is not None else before

    def token_text(self, offset: int) -> str:
        """The text of the token starting at ``offset`` (empty if none starts there)."""
        return next((t.text for t in self.tokens if t.start == offset), "")

    def subquery(self) -> Token | None:
        """The first token that opens a query inside the condition, if any."""
        query = (TokenType.SELECT, TokenType.WITH)
        return next((t for t in self.tokens if t.token_type in query), None)
