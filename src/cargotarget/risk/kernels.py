"""Kernels for the leaf predicates of rules: each answers "where is this true / false?".

A leaf is a predicate without AND, OR or NOT (``origin_country IN ('CO','EC')``,
``gross_weight_kg > 20000``). Three kinds, cheapest first:

- a leaf over one categorical or boolean field is decided once per distinct value of the field
  (a lookup table over its codes), then tested per row on the codes; the rows where it holds
  come from the column's index without a scan;
- a comparison of one number or date field with constants runs in numpy on the float values;
- anything else is evaluated by its Polars expression over the whole frame, once.

Each kernel gives the rows where the leaf is true and where it is false: under NOT, false
matters, and NULL is neither. Kernels also estimate how many rows their leaf holds on, so that
a rule can test its most selective leaf first.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from cargotarget.risk.encoding import CodedColumn, CodeTest, Floats, Mask, Rows, code_test
from cargotarget.risk.encoding import float_value as _float
from cargotarget.risk.fields import ValueType
from cargotarget.risk.patterns import PatternKind, read_pattern
from cargotarget.risk.tree import (
    Comparator,
    Comparison,
    Constant,
    FieldRef,
    Membership,
    Node,
    NullTest,
    Pattern,
    Range,
    Scalar,
)

_FLOAT_TESTS: dict[Comparator, Callable[[Floats, float], Mask]] = {
    Comparator.EQ: operator.eq,
    Comparator.NE: operator.ne,
    Comparator.LT: operator.lt,
    Comparator.LE: operator.le,
    Comparator.GT: operator.gt,
    Comparator.GE: operator.ge,
}
_MIRRORED = {
    Comparator.LT: Comparator.GT,
    Comparator.LE: Comparator.GE,
    Comparator.GT: Comparator.LT,
    Comparator.GE: Comparator.LE,
}


@dataclass(eq=False)
class CodeKernel:
    """A leaf over one coded column: ``true`` and ``false`` mark codes, NULL is neither."""

    column: CodedColumn
    true: Mask
    false: Mask
    #: Relative cost of testing one row: a gather of small codes from a table that stays in
    #: the processor's cache.
    cost: float = 1.0

    @cached_property
    def _true_test(self) -> CodeTest:
        return code_test(self.true)

    @cached_property
    def _false_test(self) -> CodeTest:
        return code_test(self.false)

    @cached_property
    def _estimate(self) -> float:
        return self.column.estimate(self.true)

    def estimate(self) -> float:
        return self._estimate

    def where(self, rows: Rows | None, want: bool) -> Mask:
        codes = self.column.codes if rows is None else self.column.codes.take(rows)
        return self._true_test(codes) if want else self._false_test(codes)

    def anchor(self) -> Rows:
        """The rows where the leaf is true, ascending within each code."""
        return self.column.rows_where(self.true, self._true_test)

    @property
    def code_count(self) -> int:
        return int(np.count_nonzero(self.true))


@dataclass(eq=False)
class FloatKernel:
    """A comparison of one number or date field with constants; NaN in ``values`` is NULL."""

    values: Floats
    test: Callable[[Floats], Mask]
    negated: bool
    sample: Floats
    #: Relative cost of testing one row: a gather of eight-byte floats from a large array.
    cost: float = 3.0

    @cached_property
    def _estimate(self) -> float:
        hits = self._decide(self.sample, want=True)
        return float(np.count_nonzero(hits)) * len(self.values) / max(len(self.sample), 1)

    def estimate(self) -> float:
        return self._estimate

    def where(self, rows: Rows | None, want: bool) -> Mask:
        return self._decide(self.values if rows is None else self.values.take(rows), want)

    def _decide(self, values: Floats, want: bool) -> Mask:
        inside = self.test(values)
        if want != self.negated:
            return inside
        outside: Mask = ~inside & ~np.isnan(values)
        return outside


@dataclass(eq=False)
class StateKernel:
    """A leaf evaluated by Polars over all rows: ``state`` is 1 true, 0 false, -1 NULL."""

    state: npt.NDArray[np.int8]
    cost: float = 1.0

    @cached_property
    def _estimate(self) -> float:
        return float(np.count_nonzero(self.state == 1))

    def estimate(self) -> float:
        return self._estimate

    def where(self, rows: Rows | None, want: bool) -> Mask:
        state = self.state if rows is None else self.state.take(rows)
        found: Mask = state == (1 if want else 0)
        return found


Kernel = CodeKernel | FloatKernel | StateKernel

#: A leaf comparing one numeric field with constants: the field, the test and its negation.
FloatTest = tuple[str, Callable[[Floats], Mask], bool]


def float_test(node: Node) -> FloatTest | None:
    """For a leaf comparing one number or date field with constants: the field, the test of
    its values (true where the leaf holds; NaN never holds) and whether the leaf is negated."""
    match node:
        case Comparison(comparator=comparator, left=FieldRef() as ref, right=Constant() as c):
            return ref.name, _compare(comparator, _float(c.value)), False
        case Comparison(comparator=comparator, left=Constant() as c, right=FieldRef() as ref):
            mirrored = _MIRRORED.get(comparator, comparator)
            return ref.name, _compare(mirrored, _float(c.value)), False
        case Range(operand=FieldRef() as ref, low=Constant() as low, high=Constant() as high):
            lo, hi = _float(low.value), _float(high.value)
            return ref.name, lambda v: (v >= lo) & (v <= hi), node.negated
        case Membership(operand=FieldRef() as ref, values=values, negated=negated):
            members = np.array([_float(v) for v in values])
            return ref.name, lambda v: np.isin(v, members), negated
        case NullTest(operand=FieldRef() as ref, negated=negated):
            return ref.name, np.isnan, negated
    return None


def _compare(comparator: Comparator, constant: float) -> Callable[[Floats], Mask]:
    test = _FLOAT_TESTS[comparator]
    if comparator is Comparator.NE:
        return lambda values: (values != constant) & ~np.isnan(values)
    return lambda values: test(values, constant)


def _inside(node: Node, column: CodedColumn, index: dict[object, int]) -> tuple[Mask, bool] | None:
    """The codes where an equality, IN, prefix or NULL test of a coded field (or the field
    itself, if boolean) holds, and whether the test is negated; None for other leaves."""
    values: tuple[Scalar, ...]
    match node:
        case (
            Comparison(comparator=Comparator.EQ | Comparator.NE as comparator, left=FieldRef())
            | Comparison(comparator=Comparator.EQ | Comparator.NE as comparator, right=FieldRef())
        ) if isinstance(node.left, Constant) or isinstance(node.right, Constant):
            constant = node.right if isinstance(node.right, Constant) else node.left
            assert isinstance(constant, Constant)
            values, negated = (constant.value,), comparator is Comparator.NE
        case Membership(operand=FieldRef(), values=values, negated=negated):
            pass
        case FieldRef(type=ValueType.BOOLEAN):
            values, negated = (True,), False
        case NullTest(operand=FieldRef(), negated=negated):
            return ~column.known, negated
        case Pattern(operand=FieldRef(), pattern=text, negated=negated):
            pattern = read_pattern(text)
            if pattern.kind is not PatternKind.PREFIX:
                return None
            prefixed = column.prefixed(pattern.literal)
            return None if prefixed is None else (prefixed, negated)
        case _:
            return None
    inside = np.zeros(column.size, dtype=np.bool_)
    inside[[index[v] for v in values if v in index]] = True
    return inside, negated


def code_lookup(node: Node, column: CodedColumn, index: dict[object, int]) -> CodeKernel | None:
    """The kernel of an equality, IN or prefix test of a coded field, decided from the
    dictionary's values directly; None for other leaves (Polars decides those)."""
    found = _inside(node, column, index)
    if found is None:
        return None
    inside, negated = found
    outside = column.known & ~inside
    return CodeKernel(column, outside, inside) if negated else CodeKernel(column, inside, outside)
