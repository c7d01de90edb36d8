"""Compile a checked condition into one Polars expression, for batch evaluation over a frame.

The expression reads a frame with the catalogue's schema, NULL rather than NaN for a missing
number (:func:`cargotarget.risk.frame.conform` makes one so), and gives true, false or null per
row with SQL's three-valued logic: a comparison with NULL is NULL, ``FALSE AND NULL`` is false,
``TRUE OR NULL`` is true. A rule hits a row only where its condition is true. Arithmetic that
has no number as its answer (division by zero) gives NULL. Categorical fields stay
dictionary-encoded where Polars can test them so (equality, IN, prefixes) and are read as text
elsewhere.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import reduce

import polars as pl

from cargotarget.risk.fields import ValueType
from cargotarget.risk.functions import FUNCTIONS
from cargotarget.risk.patterns import PatternKind, read_pattern
from cargotarget.risk.tree import (
    Arithmetic,
    Call,
    Comparator,
    Comparison,
    Condition,
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
)

DTYPES: dict[ValueType, pl.DataType] = {
    ValueType.TEXT: pl.String(),
    ValueType.NUMBER: pl.Float64(),
    ValueType.BOOLEAN: pl.Boolean(),
    ValueType.DATE: pl.Date(),
}

_COMPARE: dict[Comparator, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    Comparator.EQ: operator.eq,
    Comparator.NE: operator.ne,
    Comparator.LT: operator.lt,
    Comparator.LE: operator.le,
    Comparator.GT: operator.gt,
    Comparator.GE: operator.ge,
}
_ARITHMETIC: dict[Operator, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    Operator.ADD: operator.add,
    Operator.SUB: operator.sub,
    Operator.MUL: operator.mul,
}


def to_polars(condition: Condition | Node) -> pl.Expr:
    """The condition as a Polars expression: true, false or null for each row."""
    return _expr(condition.tree if isinstance(condition, Condition) else condition)


def hit_expression(condition: Condition | Node) -> pl.Expr:
    """True exactly on the rows where the rule hits (its condition is true, not null)."""
    return to_polars(condition).fill_null(False)


def _column(node: Node, native: bool) -> pl.Expr:
    """``node``'s values; a categorical field read as text unless ``native`` allows codes."""
    if isinstance(node, FieldRef) and node.categorical and not native:
        return pl.col(node.name).cast(pl.String)
    return _expr(node)


def _is_native(node: Node, other: Node | None = None) -> bool:
    return isinstance(node, FieldRef) and node.categorical and not isinstance(other, FieldRef)


def _expr(node: Node) -> pl.Expr:
    match node:
        case FieldRef(name=name):
            return pl.col(name)
        case Constant(value=value, type=kind):
            return pl.lit(value, dtype=DTYPES[kind])
        case Call(function=name, args=args):
            return FUNCTIONS[name].polars([_column(arg, native=False) for arg in args])
        case Arithmetic(operator=op, left=left, right=right):
            return _arithmetic(op, _expr(left), _expr(right))
        case Comparison(comparator=comparator, left=left, right=right):
            native = comparator in (Comparator.EQ, Comparator.NE)
            left_expr = _column(left, native and _is_native(left, right))
            right_expr = _column(right, native and _is_native(right, left))
            return _COMPARE[comparator](left_expr, right_expr)
        case Membership(operand=operand, values=values, negated=negated):
            members = pl.Series(values, dtype=DTYPES[operand.type]).implode()
            found = _column(operand, native=True).is_in(members)
            return ~found if negated else found
        case Pattern(operand=operand, pattern=pattern, negated=negated):
            matched = _like(operand, pattern)
            return ~matched if negated else matched
        case Range(operand=operand, low=low, high=high, negated=negated):
            measured = _column(operand, native=False)
            inside = (measured >= _column(low, False)) & (measured <= _column(high, False))
            return ~inside if negated else inside
        case NullTest(operand=operand, negated=negated):
            tested = _column(operand, native=True)
            return tested.is_not_null() if negated else tested.is_null()
        case Conjunction(parts=parts):
            return reduce(operator.and_, (_expr(part) for part in parts))
        case Disjunction(parts=parts):
            return reduce(operator.or_, (_expr(part) for part in parts))
        case Negation(operand=operand):
            return ~_expr(operand)


def _arithmetic(op: Operator, left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """Float arithmetic where NaN (inf - inf) and division by zero become NULL."""
    if op is Operator.DIV:
        result = pl.when(right == 0.0).then(None).otherwise(left / right)
    else:
        result = _ARITHMETIC[op](left, right)
    return result.fill_nan(None)


def _like(operand: Node, text: str) -> pl.Expr:
    pattern = read_pattern(text)
    categorical = _is_native(operand)
    value = _column(operand, native=categorical)
    if pattern.kind is PatternKind.EQUALS:
        return value == pl.lit(pattern.literal, dtype=pl.String)
    if pattern.kind is PatternKind.PREFIX:
        return (value.cat if categorical else value.str).starts_with(pattern.literal)
    if pattern.kind is PatternKind.SUFFIX:
        return (value.cat if categorical else value.str).ends_with(pattern.literal)
    value = value.cast(pl.String) if categorical else value
    if pattern.kind is PatternKind.INFIX:
        return value.str.contains(pattern.literal, literal=True)
    return value.str.contains(f"(?s)^{pattern.regex}$")
