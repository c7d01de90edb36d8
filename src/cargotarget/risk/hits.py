"""Which rules hit which consignments: a sparse result of evaluating many rules over a frame.

Hits are few (a rule that hits most of the cargo is a bad rule), so they are kept as row
numbers grouped by rule, the order they are found in. The grouping by row (the rules that hit
one consignment, for its explanation) is built on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]


class RuleHits:
    """The rows each rule hit, for ``rule_count`` rules over ``row_count`` rows.

    The hits of rule ``i`` are ``rows[rule_starts[i]:rule_starts[i + 1]]``, ascending.
    """

    def __init__(self, row_count: int, per_rule: Sequence[npt.NDArray[np.integer]]) -> None:
        self.row_count = row_count
        self.rule_count = len(per_rule)
        counts = np.fromiter((len(rows) for rows in per_rule), np.int64, len(per_rule))
        self.rule_starts: Ints = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self.rows: Ints = (
            np.concatenate(per_rule).astype(np.int64, copy=False)
            if per_rule
            else np.zeros(0, np.int64)
        )

    def rows_for_rule(self, rule: int) -> Ints:
        return self.rows[self.rule_starts[rule] : self.rule_starts[rule + 1]]

    def hit_counts(self) -> Ints:
        """The number of rows each rule hit."""
        return np.diff(self.rule_starts)

    @property
    def pair_count(self) -> int:
        return len(self.rows)

    def pairs(self) -> tuple[Ints, Ints]:
        """Every hit as parallel arrays of (row, rule), grouped by rule."""
        rules = np.repeat(np.arange(self.rule_count, dtype=np.int64), self.hit_counts())
        return self.rows, rules

    @cached_property
    def by_row(self) -> tuple[Ints, Ints]:
        """The hits grouped by row (CSR): the rules hitting row ``r`` are
        ``rules[row_starts[r]:row_starts[r + 1]]``, ascending."""
        rows, rules = self.pairs()
        order = np.argsort(rows, kind="stable")
        counts = np.bincount(rows, minlength=self.row_count)
        row_starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return row_starts, rules[order]

    def rules_for(self, row: int) -> list[int]:
        """The rules that hit ``row``, in rule order."""
        row_starts, rules = self.by_row
        return [int(rule) for rule in rules[row_starts[row] : row_starts[row + 1]]]

    def as_sets(self) -> list[frozenset[int]]:
        """The rows hit by each rule, as sets (for comparisons in tests and reports)."""
        return [frozenset(self.rows_for_rule(i).tolist()) for i in range(self.rule_count)]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleHits):
            return NotImplemented
        return (
            self.row_count == other.row_count
            and np.array_equal(self.rule_starts, other.rule_starts)
            and np.array_equal(self.rows, other.rows)
        )

    def __repr__(self) -> str:
        return f"RuleHits({self.rule_count} rules, {self.row_count} rows, {self.pair_count} hits)"
