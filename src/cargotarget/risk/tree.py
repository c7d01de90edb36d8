"""The checked rule tree: what a condition means once parsed, typed and whitelisted.

Both compilers and the batch evaluator read this tree, never the SQL text or sqlglot's syntax
tree, so that the three cannot drift apart. Nodes are immutable and hashable: equal predicates
in different rules are recognised as one and evaluated once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cargotarget.risk.fields import ValueType

Scalar = str | float | bool | date


class Comparator(StrEnum):
    EQ = "="
    NE = "<>"
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


class Operator(StrEnum):
    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "/"


@dataclass(frozen=True, slots=True)
class FieldRef:
    """A field's value in the record; ``categorical`` fields are dictionary-encoded in frames."""

    name: str
    type: ValueType
    categorical: bool = False


@dataclass(frozen=True, slots=True)
class Constant:
    value: Scalar
    type: ValueType


@dataclass(frozen=True, slots=True)
class Call:
    """A call of a whitelisted function (see :mod:`cargotarget.risk.functions`)."""

    function: str
    args: tuple[Node, ...]
    type: ValueType


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """``left <operator> right`` over numbers; division by zero gives NULL."""

    operator: Operator
    left: Node
    right: Node

    @property
    def type(self) -> ValueType:
        return ValueType.NUMBER


@dataclass(frozen=True, slots=True)
class Comparison:
    comparator: Comparator
    left: Node
    right: Node

    @property
    def type(self) -> ValueType:
        return ValueType.BOOLEAN


@dataclass(frozen=True, slots=True)
class Membership:
    """``operand [NOT] IN (values)``; the values are constants of the operand's type."""

    operand: Node
    values: tuple[Scalar, ...]
    negated: bool = False

    @property
    def type(self) -> ValueType:
        return ValueType.BOOLEAN


@dataclass(frozen=True, slots=True)
class Pattern:
    """``operand [NOT] LIKE pattern``: ``%`` any run of characters, ``_`` one character."""

    operand: Node
    pattern: str
    negated: bool = False

    @property
    def type(self) -> ValueType:
        return ValueType.BOOLEAN


@dataclass(frozen=True, slots=True)
class Range:
    """``operand [NOT] BETWEEN low AND high``, bounds included."""

    operand: Node
    low: Node
    high: Node
    negated: bool = False

    @property
    def type(self) -> ValueType:
        return ValueType.BOOLEAN


@dataclass(frozen=True, slots=True)
class NullTest:
    """``operand IS [NOT] NULL``: the only test that is never NULL itself."""

    operand: Node
    negated: bool = False

    @property
    def type(self) -> ValueType:
        return ValueType.BOOLEAN


@dataclass(frozen=True, slots=True)
class Conjunction:
    parts: tuple[Node, ...]

    @property
    def type(self) -> ValueType:
        return ValueType.BOOLEAN


@dataclass(frozen=True, slots=True)
class Disjunction:
    parts: tuple[Node, ...]

    @property
    def type(self) -> ValueType:
        return ValueType.BOOLEAN


@dataclass(frozen=True, slots=True)
class Negation:
    operand: Node

    @property
    def type(self) -> ValueType:
        return ValueType.BOOLEAN


Node = (
    FieldRef
    | Constant
    | Call
    | Arithmetic
    | Comparison
    | Membership
    | Pattern
    | Range
    | NullTest
    | Conjunction
    | Disjunction
    | Negation
)

LOGICAL = (Conjunction, Disjunction, Negation)


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``node``."""
    match node:
        case FieldRef() | Constant():
            return ()
        case Call(args=args):
            return args
        case Arithmetic(left=left, right=right) | Comparison(left=left, right=right):
            return (left, right)
        case Membership(operand=operand) | Pattern(operand=operand) | NullTest(operand=operand):
            return (operand,)
        case Range(operand=operand, low=low, high=high):
            return (operand, low, high)
        case Conjunction(parts=parts) | Disjunction(parts=parts):
            return parts
        case Negation(operand=operand):
            return (operand,)


def field_names(node: Node) -> frozenset[str]:
    """The names of the fields ``node`` reads."""
    if isinstance(node, FieldRef):
        return frozenset((node.name,))
    return frozenset().union(*(field_names(child) for child in children(node)))


#: A value type as a message names it: "gross_weight_kg is a number".
ARTICLES = {
    ValueType.TEXT: "text",
    ValueType.NUMBER: "a number",
    ValueType.BOOLEAN: "true or false",
    ValueType.DATE: "a date",
}


def _shown(value: Scalar) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return repr(value.isoformat() if isinstance(value, date) else value)


def describe(node: Node) -> str:
    """How an operand is named in a message: ``gross_weight_kg (a number)``, ``'CO' (text)``."""
    if isinstance(node, FieldRef):
        return f"{node.name} ({ARTICLES[node.type]})"
    if isinstance(node, Constant):
        return f"{_shown(node.value)} ({ARTICLES[node.type]})"
    return f"an expression giving {ARTICLES[node.type]}"


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed and checked rule condition: the analyst's text and what it means."""

    text: str
    tree: Node

    @property
    def fields(self) -> frozenset[str]:
        return field_names(self.tree)
