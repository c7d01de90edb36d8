"""The whitelist check: sqlglot's syntax tree in, the typed rule tree out, or a positioned error.

Only the constructs listed here are accepted. Anything else sqlglot can parse (subqueries, CASE,
casts, window functions, unknown functions, fields not in the catalogue) is refused, and so are
type errors: a number compared with text, LIKE on a number, a NULL compared with ``=``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from datetime import date

from sqlglot import exp

from cargotarget.risk.fields import Catalogue, FieldType, ValueType
from cargotarget.risk.functions import FUNCTIONS
from cargotarget.risk.positions import Locator, RuleSyntaxError
from cargotarget.risk.tree import (
    ARTICLES,
    Arithmetic,
    Call,
    Comparator,
    Comparison,
    Conjunction,
    Constant,
    Disjunction,
    FieldRef,
    Membership,
    Negation,
    Node,
    NullTest,
    Operator,
    Pattern,
    Range,
    Scalar,
    describe,
)

_COMPARATORS: dict[type[exp.Expr], Comparator] = {
    exp.EQ: Comparator.EQ,
    exp.NEQ: Comparator.NE,
    exp.LT: Comparator.LT,
    exp.LTE: Comparator.LE,
    exp.GT: Comparator.GT,
    exp.GTE: Comparator.GE,
}
_OPERATORS: dict[type[exp.Expr], Operator] = {
    exp.Add: Operator.ADD,
    exp.Sub: Operator.SUB,
    exp.Mul: Operator.MUL,
}
_SUBQUERIES = (exp.Query, exp.Subquery, exp.Exists, exp.Any, exp.All)


def _negated(node: exp.Expr) -> bool:
    return bool(node.args.get("negate"))


class Checker:
    """Turns one syntax tree into a rule tree, checking fields, types and the whitelist."""

    def __init__(self, catalogue: Catalogue, locator: Locator) -> None:
        self.catalogue = catalogue
        self.locator = locator
        self._handlers: dict[type[exp.Expr], Callable[[exp.Expr], Node]] = {
            exp.Paren: lambda n: self.convert(n.this),
            exp.And: self._logical,
            exp.Or: self._logical,
            exp.Not: self._not,
            exp.Column: self._field,
            exp.In: lambda n: self._membership(n, _negated(n)),
            exp.Like: lambda n: self._pattern(n, _negated(n)),
            exp.Between: lambda n: self._range(n, _negated(n)),
            exp.Is: lambda n: self._null_test(n, negated=False),
            exp.Div: self._arithmetic,
            **dict.fromkeys(_OPERATORS, self._arithmetic),
            **dict.fromkeys(_COMPARATORS, self._comparison),
        }

    def error(self, message: str, node: exp.Expr | int) -> RuleSyntaxError:
        return self.locator.error(message, node)

    def condition(self, node: exp.Expr) -> Node:
        """The rule tree of a whole condition, which must be true or false."""
        return self._boolean(node, "a rule")

    def convert(self, node: exp.Expr) -> Node:
        handler = self._handlers.get(type(node))
        if handler is not None:
            return handler(node)
        if isinstance(node, exp.Literal | exp.Boolean | exp.Neg | exp.Cast | exp.Null):
            return self._value(node)
        if isinstance(node, _SUBQUERIES):
            raise self.error("subqueries are not allowed in a rule", node)
        if isinstance(node, exp.Func):
            return self._call(node)
        offset = self.locator.offset(node)
        shown = self.locator.token_text(offset) or node.key.upper()
        raise self.error(f"{shown!r} is not allowed in a rule", offset)

    def _boolean(self, node: exp.Expr, where: str) -> Node:
        tree = self.convert(node)
        if tree.type is not ValueType.BOOLEAN:
            raise self.error(f"{where} must be true or false, but this is {describe(tree)}", node)
        return tree

    def _logical(self, node: exp.Expr) -> Node:
        kind = Conjunction if isinstance(node, exp.And) else Disjunction
        word = "AND" if kind is Conjunction else "OR"
        parts: list[Node] = []
        for side in (node.this, node.expression):
            part = self._boolean(side, f"each side of {word}")
            parts.extend(part.parts if isinstance(part, kind) else (part,))
        return kind(tuple(parts))

    def _not(self, node: exp.Expr) -> Node:
        inner = node.this
        while isinstance(inner, exp.Paren):
            inner = inner.this
        if isinstance(inner, exp.In):
            return self._membership(inner, not _negated(inner))
        if isinstance(inner, exp.Like):
            return self._pattern(inner, not _negated(inner))
        if isinstance(inner, exp.Between):
            return self._range(inner, not _negated(inner))
        if isinstance(inner, exp.Is):
            return self._null_test(inner, negated=True)
        return Negation(self._boolean(node.this, "the operand of NOT"))

    def _field(self, node: exp.Expr) -> Node:
        identifier = node.this
        if node.args.get("table") is not None:
            raise self.error("write field names without a qualifier", node.args["table"])
        name = node.name if identifier.args.get("quoted") else node.name.lower()
        field = self.catalogue.get(name)
        if field is None:
            close = difflib.get_close_matches(name, self.catalogue.names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise self.error(f"unknown field {name!r}{hint}", identifier)
        categorical = field.type is FieldType.CATEGORY
        return FieldRef(field.name, field.type.value_type, categorical)

    def _value(self, node: exp.Expr) -> Node:
        if isinstance(node, exp.Null):
            raise self.error("NULL can only be tested with IS NULL or IS NOT NULL", node)
        if isinstance(node, exp.Boolean):
            return Constant(bool(node.this), ValueType.BOOLEAN)
        if isinstance(node, exp.Cast):
            return self._date(node)
        if isinstance(node, exp.Neg):
            operand = self.convert(node.this)
            if operand.type is not ValueType.NUMBER:
                raise self.error(f"only numbers have a sign, not {describe(operand)}", node)
            if isinstance(operand, Constant) and isinstance(operand.value, float):
                return Constant(-operand.value, ValueType.NUMBER)
            return Arithmetic(Operator.SUB, Constant(0.0, ValueType.NUMBER), operand)
        if node.is_string:
            return Constant(str(node.this), ValueType.TEXT)
        number = float(node.this)
        if not math.isfinite(number):
            raise self.error(f"the number {node.this} is out of range", node)
        return Constant(number, ValueType.NUMBER)

    def _date(self, node: exp.Expr) -> Node:
        literal = node.this
        to = node.args.get("to")
        is_date = isinstance(to, exp.DataType) and to.is_type(exp.DataType.Type.DATE)
        if not (is_date and isinstance(literal, exp.Literal) and literal.is_string):
            raise self.error("casts are not allowed; write a date as DATE 'yyyy-mm-dd'", node)
        return self._as_date(Constant(str(literal.this), ValueType.TEXT), literal)

    def _as_date(self, constant: Constant, node: exp.Expr) -> Constant:
        try:
            return Constant(date.fromisoformat(str(constant.value)), ValueType.DATE)
        except ValueError:
            raise self.error(f"{constant.value!r} is not a date (yyyy-mm-dd)", node) from None

    def _like(self, node: Node, source: exp.Expr, target: ValueType) -> Node:
        """``node`` as ``target``: a text literal becomes a date where a date is expected."""
        if target is ValueType.DATE and isinstance(node, Constant) and node.type is ValueType.TEXT:
            return self._as_date(node, source)
        return node

    def _typed_pair(self, node: exp.Expr, what: str) -> tuple[Node, Node]:
        left, right = self.convert(node.this), self.convert(node.expression)
        left = self._like(left, node.this, right.type)
        right = self._like(right, node.expression, left.type)
        if left.type is not right.type:
            raise self.error(f"cannot {what} {describe(left)} with {describe(right)}", node)
        return left, right

    def _comparison(self, node: exp.Expr) -> Node:
        comparator = _COMPARATORS[type(node)]
        left, right = self._typed_pair(node, "compare")
        if left.type is ValueType.BOOLEAN and comparator not in (Comparator.EQ, Comparator.NE):
            raise self.error("true/false values can only be compared with = or <>", node)
        return Comparison(comparator, left, right)

    def _arithmetic(self, node: exp.Expr) -> Node:
        operator = Operator.DIV if isinstance(node, exp.Div) else _OPERATORS[type(node)]
        left, right = self._typed_pair(node, f"apply {operator.value} to")
        if left.type is not ValueType.NUMBER:
            raise self.error(f"{operator.value} works on numbers, not {describe(left)}", node)
        return Arithmetic(operator, left, right)

    def _operand(self, node: exp.Expr, what: str) -> Node:
        operand = self.convert(node.this)
        if operand.type is ValueType.BOOLEAN and what != "IS NULL":
            raise self.error(f"{what} does not apply to {describe(operand)}", node)
        return operand

    def _membership(self, node: exp.Expr, negated: bool) -> Node:
        if node.args.get("query") is not None:
            raise self.error("subqueries are not allowed in a rule", node)
        operand = self._operand(node, "IN")
        values: list[Scalar] = []
        for item in node.expressions:
            if not isinstance(item, exp.Literal | exp.Neg | exp.Cast | exp.Null):
                raise self.error("an IN list holds literal values only", item)
            value = self._like(self._value(item), item, operand.type)
            if value.type is not operand.type or not isinstance(value, Constant):
                raise self.error(
                    f"{describe(operand)} cannot be IN a list with {describe(value)}", item
                )
            values.append(value.value)
        if not values:
            raise self.error("IN needs at least one value", node)
        return Membership(operand, tuple(values), negated)

    def _pattern(self, node: exp.Expr, negated: bool) -> Node:
        operand = self.convert(node.this)
        if operand.type is not ValueType.TEXT:
            raise self.error(f"LIKE works on text, not on {describe(operand)}", node)
        pattern = node.expression
        if not (isinstance(pattern, exp.Literal) and pattern.is_string):
            raise self.error("the pattern of LIKE must be a text literal", pattern)
        return Pattern(operand, str(pattern.this), negated)

    def _range(self, node: exp.Expr, negated: bool) -> Node:
        operand = self._operand(node, "BETWEEN")
        bounds = []
        for key in ("low", "high"):
            source = node.args[key]
            bound = self._like(self.convert(source), source, operand.type)
            if bound.type is not operand.type:
                message = f"cannot compare {describe(operand)} with {describe(bound)}"
                raise self.error(message, source)
            bounds.append(bound)
        return Range(operand, bounds[0], bounds[1], negated)

    def _null_test(self, node: exp.Expr, negated: bool) -> Node:
        if not isinstance(node.expression, exp.Null):
            raise self.error("IS is only used as IS NULL or IS NOT NULL", node)
        return NullTest(self._operand(node, "IS NULL"), negated)

    def _call(self, node: exp.Func) -> Node:
        name = node.name.upper() if isinstance(node, exp.Anonymous) else node.sql_name()
        function = FUNCTIONS.get(name)
        if function is None:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise self.error(f"function {name} is not allowed; use one of {allowed}", node)
        sources = self._arguments(node, name)
        args = tuple(self.convert(source) for source in sources)
        if function.parameters is not None:
            expected, count = function.parameters, str(len(function.parameters))
        else:
            expected, count = (args[0].type if args else ValueType.TEXT,) * max(len(args), 1), ""
        if len(args) != len(expected):
            raise self.error(f"{name} takes {count or 'one or more'} argument(s)", node)
        for arg, source, wanted in zip(args, sources, expected, strict=True):
            if arg.type is not wanted:
                raise self.error(f"{name} needs {ARTICLES[wanted]}, not {describe(arg)}", source)
        return Call(name, args, function.result or args[0].type)

    def _arguments(self, node: exp.Func, name: str) -> list[exp.Expr]:
        """The arguments of a function call, in order; special forms are refused."""
        arguments: list[exp.Expr] = []
        for key in type(node).arg_types:
            value = node.args.get(key)
            anonymous_name = key == "this" and isinstance(node, exp.Anonymous)
            if anonymous_name or value is None or isinstance(value, bool):
                continue
            if isinstance(value, list):
                arguments.extend(value)
            elif isinstance(value, exp.Expr):
                arguments.append(value)
            else:
                raise self.error(f"this form of {name} is not supported", node)
        return arguments
