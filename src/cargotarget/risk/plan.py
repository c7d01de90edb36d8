"""How one rule runs over a frame: where its candidate rows come from, and in which order its
tests narrow them down.

A rule is a conjunction of tests (one test if it has no top-level AND). It hits a row only where
every test is true, so each test only has to look at the rows that passed the tests before it.
The candidates come from the index of a categorical test when one is selective (the rows of
``origin_country = 'CO'`` are one slice of the index); otherwise the most selective tests read
their whole columns until few rows can be left. The remaining tests run on those rows only, in
the order that removes rows most cheaply: small codes are cheaper to read than numbers, and a
test that removes many rows goes first.

Tests under OR and NOT keep SQL's three-valued logic: a row passes ``NOT x`` only where ``x`` is
false, not where it is NULL, so each test answers both "where true" and "where false".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from cargotarget.risk.encoding import Mask, Rows
from cargotarget.risk.kernels import CodeKernel, Kernel
from cargotarget.risk.tree import Conjunction, Disjunction, Negation, Node

#: While more than this share of the rows may pass, a test reads its whole column (one pass
#: over a column costs about as much as gathering a twentieth of it); below it, the rows left
#: are listed and the next tests read only those rows.
SPARSE_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Form:
    """The logical shape of a rule over its numbered leaves: a leaf (``leaf`` is its number),
    or ``and``, ``or``, ``not`` of forms."""

    operator: str
    leaf: int = -1
    parts: tuple[Form, ...] = ()


def leaves(tree: Node) -> list[Node]:
    """The tests of ``tree`` below its AND, OR and NOT, in order."""
    if isinstance(tree, Conjunction | Disjunction):
        return [leaf for part in tree.parts for leaf in leaves(part)]
    if isinstance(tree, Negation):
        return leaves(tree.operand)
    return [tree]


def form_of(tree: Node, numbering: Mapping[Node, int]) -> Form:
    if isinstance(tree, Conjunction | Disjunction):
        operator = "and" if isinstance(tree, Conjunction) else "or"
        return Form(operator, parts=tuple(form_of(part, numbering) for part in tree.parts))
    if isinstance(tree, Negation):
        return Form("not", parts=(form_of(tree.operand, numbering),))
    return Form("leaf", leaf=numbering[tree])


@dataclass(frozen=True, eq=False)
class Logic:
    """AND (``every``) or OR of tests, under SQL's three-valued logic."""

    every: bool
    parts: tuple[Step, ...]
    rows_estimate: float

    def estimate(self) -> float:
        return self.rows_estimate

    @property
    def cost(self) -> float:
        return sum(part.cost for part in self.parts)

    def where(self, rows: Rows | None, want: bool) -> Mask:
        # A conjunction is true where all parts are true and false where any is false.
        all_parts = self.every == want
        masks = (part.where(rows, want) for part in self.parts)
        combined = next(masks)
        for mask in masks:
            combined = combined & mask if all_parts else combined | mask
        return combined


@dataclass(frozen=True, eq=False)
class Inverse:
    """NOT: true where the operand is false, false where it is true, NULL where NULL."""

    operand: Step

    def estimate(self) -> float:
        return self.operand.estimate()

    @property
    def cost(self) -> float:
        return self.operand.cost

    def where(self, rows: Rows | None, want: bool) -> Mask:
        return self.operand.where(rows, not want)


Step = Kernel | Logic | Inverse


def compile_step(form: Form, kernels: Sequence[Kernel], row_count: int) -> Step:
    """The test of ``form`` over the kernels of its leaves."""
    if form.operator == "leaf":
        return kernels[form.leaf]
    parts = tuple(compile_step(part, kernels, row_count) for part in form.parts)
    if form.operator == "not":
        return Inverse(parts[0])
    return Logic(form.operator == "and", parts, row_count / 2)


@dataclass(frozen=True, slots=True)
class RulePlan:
    """How a rule runs. ``anchor``: the categorical test whose rows (from its column's index)
    are the first candidates; without one, the ``dense`` tests read their whole columns, most
    selective first, until few rows are left. ``sparse``: the tests then run on the listed
    survivors only, cheapest per row removed first."""

    anchor: CodeKernel | None
    dense: tuple[Step, ...]
    sparse: tuple[Step, ...]


def plan_rule(form: Form, kernels: Sequence[Kernel], row_count: int) -> RulePlan:
    """Choose how one rule finds its first candidates and the order of its tests, from how
    selective each test is estimated to be."""
    conjuncts = form.parts if form.operator == "and" else (form,)
    steps = sorted(
        (compile_step(part, kernels, row_count) for part in conjuncts),
        key=lambda step: step.estimate(),
    )
    few = SPARSE_SHARE * row_count
    anchor = next((step for step in steps if isinstance(step, CodeKernel)), None)
    if anchor is not None and anchor.estimate() <= few:
        rest = [step for step in steps if step is not anchor]
        return RulePlan(anchor, (), tuple(sorted(rest, key=lambda s: _rank(s, row_count))))
    left, dense = float(row_count), 0
    while dense < len(steps) and (dense == 0 or left > few):
        left *= steps[dense].estimate() / max(row_count, 1)
        dense += 1
    sparse = sorted(steps[dense:], key=lambda s: _rank(s, row_count))
    return RulePlan(None, tuple(steps[:dense]), tuple(sparse))


def _rank(step: Step, row_count: int) -> float:
    """Cost per row over the share of rows removed: filters run best in this order."""
    kept = step.estimate() / max(row_count, 1)
    return step.cost / max(1.0 - kept, 1e-6)


def run_rule(plan: RulePlan) -> Rows:
    """The rows where every test of the rule is true, ascending."""
    if plan.anchor is not None:
        rows = plan.anchor.anchor()
        unsorted = plan.anchor.column.indexed and plan.anchor.code_count > 1
    else:
        passed = plan.dense[0].where(None, want=True)
        for step in plan.dense[1:]:
            passed &= step.where(None, want=True)
        rows, unsorted = np.flatnonzero(passed), False
    for step in plan.sparse:
        if not len(rows):
            break
        rows = rows[step.where(rows, want=True)]
    return np.sort(rows) if unsorted else rows
