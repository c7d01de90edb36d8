"""Evaluate many rules over a frame of consignments at once, fast.

The plain way, one Polars expression per rule (:func:`evaluate_each`), scans every column a
rule reads for every rule. :class:`BatchEvaluator` gives exactly the same hits with far less
work:

1. every distinct test (leaf) of every rule is prepared once, however many rules share it
   (:mod:`.leafset`, :mod:`.kernels`): a categorical test becomes a lookup table over the
   column's dictionary, so it is decided once per distinct value, not once per row;
2. each rule takes its candidate rows from the index of its most selective categorical test,
   or scans its most selective test, and checks its other tests on the candidates only, most
   selective first (:mod:`.plan`);
3. the indexes are built in worker threads while the rules that scan run (numpy releases the
   GIL while it sorts and compares).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor

import numpy as np
import polars as pl

from cargotarget.risk.compile_polars import hit_expression
from cargotarget.risk.encoding import Rows
from cargotarget.risk.fields import Catalogue, default_catalogue
from cargotarget.risk.frame import schema
from cargotarget.risk.hits import RuleHits
from cargotarget.risk.kernels import CodeKernel
from cargotarget.risk.leafset import LeafSet
from cargotarget.risk.plan import RulePlan, plan_rule, run_rule
from cargotarget.risk.tree import Condition

#: A column is indexed when at least this many rules take their candidates from it; for
#: fewer, scanning its codes once per distinct test is cheaper than sorting it.
INDEX_USES = 8


def evaluate_each(frame: pl.DataFrame, conditions: Sequence[Condition]) -> RuleHits:
    """The hits of each condition by its own Polars expression: the reference result, and the
    baseline the batch evaluator is measured against."""
    if not conditions:
        return RuleHits(frame.height, [])
    names = [f"rule {i}" for i in range(len(conditions))]
    flags = frame.with_columns(
        hit_expression(c).alias(name) for name, c in zip(names, conditions, strict=True)
    ).select(names)
    return RuleHits(frame.height, [np.flatnonzero(column.to_numpy()) for column in flags])


class BatchEvaluator:
    """Evaluates a fixed list of rule conditions over frames with the catalogue's schema
    (see :func:`cargotarget.risk.frame.conform`); NaN must not stand for NULL in the frame.

    The rules are read and their tests classified once, here; each :meth:`evaluate` builds
    what depends on the data (encodings, lookup tables, indexes) and runs the rules. A column
    is indexed when at least ``index_uses`` rules take their candidates from it.
    """

    def __init__(
        self,
        conditions: Sequence[Condition],
        catalogue: Catalogue | None = None,
        threads: int = 2,
        index_uses: int = INDEX_USES,
    ) -> None:
        self.conditions = list(conditions)
        self.index_uses = index_uses
        self.catalogue = catalogue if catalogue is not None else default_catalogue()
        self.threads = max(1, threads)
        self.leafset = LeafSet([c.tree for c in self.conditions], self.catalogue)
        self.fields = sorted(frozenset().union(*(c.fields for c in self.conditions)))

    def evaluate(self, frame: pl.DataFrame) -> RuleHits:
        """The rows each condition is true on."""
        self._check_schema(frame)
        with ThreadPoolExecutor(self.threads) as pool:
            kernels = self.leafset.kernels(frame, pool)
            plans = [plan_rule(form, kernels, frame.height) for form in self.leafset.forms]
            indexing = _build_indexes(plans, pool, self.index_uses)
            per_rule: list[Rows | None] = [
                run_rule(plan) if plan.anchor is None else None for plan in plans
            ]
            for job in indexing:
                job.result()
            found = [
                rows if rows is not None else run_rule(plan)
                for rows, plan in zip(per_rule, plans, strict=True)
            ]
        return RuleHits(frame.height, found)

    def _check_schema(self, frame: pl.DataFrame) -> None:
        expected = schema(self.catalogue)
        wrong = [
            name
            for name in self.fields
            if name not in frame.columns or frame.schema[name] != expected[name]
        ]
        if wrong:
            raise ValueError(
                f"columns missing or of the wrong type: {', '.join(wrong)}; "
                "pass the frame through cargotarget.risk.frame.conform first"
            )


def _build_indexes(
    plans: Sequence[RulePlan], pool: Executor, index_uses: int
) -> list[Future[None]]:
    """Start indexing the columns many rules take their candidates from, for the codes those
    rules ask for; the rows of the few others are found by scanning the codes."""
    anchors: dict[int, list[CodeKernel]] = defaultdict(list)
    for plan in plans:
        if plan.anchor is not None:
            anchors[id(plan.anchor.column)].append(plan.anchor)
    return [
        pool.submit(group[0].column.build_index, np.logical_or.reduce([k.true for k in group]))
        for group in anchors.values()
        if len(group) >= index_uses
    ]
