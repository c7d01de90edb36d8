"""The rule language: parse an analyst's condition, check it, and say exactly where it is wrong.

A condition is the WHERE-clause subset of SQL: ``AND``, ``OR``, ``NOT``, parentheses, the six
comparisons, ``[NOT] IN (...)``, ``[NOT] LIKE``, ``[NOT] BETWEEN``, ``IS [NOT] NULL``, text,
number, boolean and ``DATE 'yyyy-mm-dd'`` literals, ``+ - * /`` over numbers and the functions
of :mod:`cargotarget.risk.functions`. sqlglot parses the text; the syntax tree is then checked
against a whitelist (:mod:`cargotarget.risk.checker`) and becomes a :class:`~.tree.Condition`.
Nothing is ever evaluated as Python. Every error carries the position of the offending token.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokenizer_core import Token, TokenType
from sqlglot.tokens import Tokenizer

from cargotarget.risk.checker import Checker
from cargotarget.risk.fields import Catalogue, default_catalogue
from cargotarget.risk.positions import Locator, Position, RuleSyntaxError, position_at
from cargotarget.risk.tree import Condition

__all__ = ["MAX_LENGTH", "Position", "RuleSyntaxError", "parse_condition", "syntax_tree"]

#: Conditions longer than this are refused: a rule is a sentence, not a document.
MAX_LENGTH = 10_000


def _unclosed_quote(text: str) -> int:
    """The offset of a quote or comment that is never closed (where tokenising failed)."""
    index, opened = 0, 0
    closers = {"'": "'", '"': '"', "`": "`", "/*": "*/"}
    while index < len(text):
        pair = text[index : index + 2]
        opener = "/*" if pair == "/*" else text[index] if text[index] in closers else None
        if pair == "--":
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline + 1
            continue
        if opener is None:
            index += 1
            continue
        opened, closer = index, closers[opener]
        end = text.find(closer, index + len(opener))
        while end >= 0 and closer != "*/" and text[end + 1 : end + 2] == closer:
            end = text.find(closer, end + 2)
        if end < 0:
            return opened
        index = end + len(closer)
    return max(0, len(text) - 1)


def _attach_keyword_positions(tree: exp.Expr, tokens: list[Token]) -> None:
    """Give TRUE, FALSE and NULL nodes the positions sqlglot leaves out: they appear in the
    tree in the order of their tokens in the text."""
    keywords = (TokenType.TRUE, TokenType.FALSE, TokenType.NULL)
    words = [t for t in tokens if t.token_type in keywords]
    nodes = [n for n in tree.dfs() if isinstance(n, exp.Boolean | exp.Null)]
    if len(words) == len(nodes):
        for node, token in zip(nodes, words, strict=True):
            node.meta["start"], node.meta["end"] = token.start, token.end


def _parse_error(text: str, error: ParseError) -> RuleSyntaxError:
    detail = error.errors[0] if error.errors else {}
    line, col = int(detail.get("line") or 1), int(detail.get("col") or 1)
    highlight = str(detail.get("highlight") or "")
    lines = text.split("\n")
    line_start = sum(len(previous) + 1 for previous in lines[: line - 1])
    offset = line_start + max(col - len(highlight), 0)
    description = str(detail.get("description") or "cannot be parsed")
    if description.startswith("Expecting )"):
        description, offset = "a closing parenthesis is missing", len(text.rstrip())
    if description.startswith("Required keyword"):
        description = "an operand is missing"
    elif description.startswith("Invalid expression"):
        description = f"unexpected {highlight!r}" if highlight else "unexpected end of rule"
    return RuleSyntaxError(description, position_at(text, offset), text)


def syntax_tree(text: str) -> tuple[exp.Expr, Locator]:
    """Parse ``text`` with sqlglot into its syntax tree, and a locator for its nodes."""
    if len(text) > MAX_LENGTH:
        message = f"the rule is longer than {MAX_LENGTH} characters"
        raise RuleSyntaxError(message, position_at(text, MAX_LENGTH), text)
    if not text.strip():
        raise RuleSyntaxError("the rule is empty", position_at(text, 0), text)
    try:
        tokens = Tokenizer().tokenize(text)
        locator = Locator(text, tokens)
        query = locator.subquery()
        if query is not None:
            raise locator.error("subqueries are not allowed in a rule", query.start)
        tree = sqlglot.parse_one(text, into=exp.Condition)
    except TokenError:
        message = "this quote or comment is never closed"
        raise RuleSyntaxError(message, position_at(text, _unclosed_quote(text)), text) from None
    except ParseError as error:
        raise _parse_error(text, error) from None
    except RecursionError:
        raise RuleSyntaxError("the rule is nested too deeply", position_at(text, 0), text) from None
    _attach_keyword_positions(tree, tokens)
    return tree, locator


def parse_condition(text: str, catalogue: Catalogue | None = None) -> Condition:
    """Parse and check a rule condition against the fields of ``catalogue`` (the consignment
    fields by default). Raises :class:`RuleSyntaxError` with the position of the first problem.
    """
    tree, locator = syntax_tree(text)
    checker = Checker(catalogue if catalogue is not None else default_catalogue(), locator)
    try:
        return Condition(text=text, tree=checker.condition(tree))
    except RecursionError:
        raise RuleSyntaxError("the rule is nested too deeply", position_at(text, 0), text) from None
