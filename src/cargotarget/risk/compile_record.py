"""Compile a checked condition into a plain Python function over one record's field values.

This is the single-consignment path: assessing one bill as it arrives needs no frame. The
function gives the same answer as the Polars expression of :mod:`.compile_polars` for the same
values, NULLs included (property tests hold the two to it): ``None`` stands for NULL, and AND,
OR and NOT follow SQL's three-valued logic. The function is built from closures, never ``eval``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from cargotarget.risk.fields import ValueType
from cargotarget.risk.functions import FUNCTIONS
from cargotarget.risk.patterns import PythonMatcher, read_pattern
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

Record = Mapping[str, object]
Evaluator = Callable[[Record], object]
RecordFunction = Callable[[Record], bool | None]

_COMPARE: dict[Comparator, Callable[[Any, Any], object]] = {
    Comparator.EQ: operator.eq,
    Comparator.NE: operator.ne,
    Comparator.LT: operator.lt,
    Comparator.LE: operator.le,
    Comparator.GT: operator.gt,
    Comparator.GE: operator.ge,
}
_ARITHMETIC: dict[Operator, Callable[[float, float], float]] = {
    Operator.ADD: operator.add,
    Operator.SUB: operator.sub,
    Operator.MUL: operator.mul,
}


def to_record_function(condition: Condition | Node) -> RecordFunction:
    """The condition as a function of one record: True, False or None (NULL).

    A record maps field names to values; a missing field is NULL. Numbers may be given as int
    or float, dates as ``date`` (a ``datetime`` counts by its date).
    """
    evaluate = _compile(condition.tree if isinstance(condition, Condition) else condition)

    def function(record: Record) -> bool | None:
        result = evaluate(record)
        return None if result is None else bool(result)

    return function


def _read(name: str, kind: ValueType) -> Evaluator:
    def number(record: Record) -> object:
        value = record.get(name)
        if value is None:
            return None
        value = float(value)  # type: ignore[arg-type]
        return None if math.isnan(value) else value

    def day(record: Record) -> object:
        value = record.get(name)
        return value.date() if isinstance(value, datetime) else value

    if kind is ValueType.NUMBER:
        return number
    if kind is ValueType.DATE:
        return day
    return lambda record: record.get(name)


def _both(left: Evaluator, right: Evaluator, combine: Callable[[Any, Any], object]) -> Evaluator:
    def evaluate(record: Record) -> object:
        a, b = left(record), right(record)
        return None if a is None or b is None else combine(a, b)

    return evaluate


def _and(parts: list[Evaluator]) -> Evaluator:
    def evaluate(record: Record) -> object:
        unknown = False
        for part in parts:
            value = part(record)
            if value is None:
                unknown = True
            elif not value:
                return False
        return None if unknown else True

    return evaluate


def _or(parts: list[Evaluator]) -> Evaluator:
    def evaluate(record: Record) -> object:
        unknown = False
        for part in parts:
            value = part(record)
            if value is None:
                unknown = True
            elif value:
                return True
        return None if unknown else False

    return evaluate


def _not(inner: Evaluator) -> Evaluator:
    def evaluate(record: Record) -> object:
        value = inner(record)
        return None if value is None else not value

    return evaluate


def _arithmetic(op: Operator) -> Callable[[object, object], object]:
    """Float arithmetic as Polars does it, with NULL for division by zero and for NaN."""

    def combine(a: object, b: object) -> object:
        x, y = float(a), float(b)  # type: ignore[arg-type]
        if op is Operator.DIV:
            if y == 0.0:
                return None
            result = x / y
        else:
            result = _ARITHMETIC[op](x, y)
        return None if math.isnan(result) else result

    return combine


def _unary(inner: Evaluator, test: Callable[[object], object], negated: bool) -> Evaluator:
    def evaluate(record: Record) -> object:
        value = inner(record)
        return None if value is None else bool(test(value)) != negated

    return evaluate


def _compile(node: Node) -> Evaluator:
    match node:
        case FieldRef(name=name, type=kind):
            return _read(name, kind)
        case Constant(value=value):
            return lambda record: value
        case Call(function=name, args=args):
            body, compiled = FUNCTIONS[name].python, [_compile(arg) for arg in args]
            return lambda record: body([arg(record) for arg in compiled])
        case Arithmetic(operator=op, left=left, right=right):
            return _both(_compile(left), _compile(right), _arithmetic(op))
        case Comparison(comparator=comparator, left=left, right=right):
            return _both(_compile(left), _compile(right), _COMPARE[comparator])
        case Membership(operand=operand, values=values, negated=negated):
            members = frozenset(values)
            return _unary(_compile(operand), members.__contains__, negated)
        case Pattern(operand=operand, pattern=pattern, negated=negated):
            matcher = PythonMatcher(read_pattern(pattern))
            return _unary(_compile(operand), lambda value: matcher(str(value)), negated)
        case Range(operand=operand, low=low, high=high, negated=negated):
            measured = _compile(operand)
            inside = _and(
                [
                    _both(measured, _compile(low), operator.ge),
                    _both(measured, _compile(high), operator.le),
                ]
            )
            return _not(inside) if negated else inside
        case NullTest(operand=operand, negated=negated):
            inner = _compile(operand)
            return lambda record: (inner(record) is None) != negated
        case Conjunction(parts=parts):
            return _and([_compile(part) for part in parts])
        case Disjunction(parts=parts):
            return _or([_compile(part) for part in parts])
        case Negation(operand=operand):
            return _not(_compile(operand))
