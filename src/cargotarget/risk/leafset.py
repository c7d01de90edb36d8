"""The distinct leaves of a set of rules, and their kernels over one frame.

Rules written by many analysts share tests (``mode = 'sea'``, ``dangerous_goods``): each
distinct leaf is numbered and classified once, when the rules are loaded, and its kernel built
once per frame. Leaves over the same column share that column's encoding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Executor

import numpy as np
import polars as pl

from cargotarget.risk.compile_polars import to_polars
from cargotarget.risk.encoding import CodedColumn, code_boolean, code_categorical, floats
from cargotarget.risk.fields import Catalogue, FieldType
from cargotarget.risk.kernels import (
    CodeKernel,
    FloatKernel,
    FloatTest,
    Kernel,
    StateKernel,
    code_lookup,
    float_test,
)
from cargotarget.risk.plan import Form, form_of, leaves
from cargotarget.risk.tree import Node, Pattern, field_names

#: Rows sampled to estimate how selective a numeric test is.
SAMPLE_SIZE = 2048

_CODED = (FieldType.CATEGORY, FieldType.BOOLEAN)
_FLOATS = (FieldType.NUMBER, FieldType.DATE)


def _state(leaf: Node) -> pl.Expr:
    """1 where ``leaf`` is true, 0 where false, -1 where NULL."""
    return to_polars(leaf).cast(pl.Int8).fill_null(-1)


class LeafSet:
    """The leaves of ``trees``, numbered in order of first appearance, and each tree's form."""

    def __init__(self, trees: Sequence[Node], catalogue: Catalogue) -> None:
        self.leaves: list[Node] = list(dict.fromkeys(leaf for t in trees for leaf in leaves(t)))
        numbering = {leaf: i for i, leaf in enumerate(self.leaves)}
        self.forms: list[Form] = [form_of(tree, numbering) for tree in trees]
        self.coded: dict[str, list[int]] = defaultdict(list)
        self.numeric: dict[str, list[tuple[int, FloatTest]]] = defaultdict(list)
        self.rest: list[int] = []
        for i, leaf in enumerate(self.leaves):
            names = field_names(leaf)
            field = catalogue.get(next(iter(names))) if len(names) == 1 else None
            kind = field.type if field is not None else None
            test = float_test(leaf) if kind in _FLOATS else None
            if field is not None and kind in _CODED:
                self.coded[field.name].append(i)
            elif test is not None:
                self.numeric[test[0]].append((i, test))
            else:
                self.rest.append(i)

    def kernels(self, frame: pl.DataFrame, pool: Executor) -> list[Kernel]:
        """The kernel of every leaf over ``frame``, by leaf number; coded columns are encoded
        in ``pool`` while the numbers are read."""
        built: list[Kernel | None] = [None] * len(self.leaves)
        jobs = [pool.submit(self._coded, frame, name, ids) for name, ids in self.coded.items()]
        found = [*self._numeric(frame), *self._states(frame)]
        for job in jobs:
            found.extend(job.result())
        for i, kernel in found:
            built[i] = kernel
        kernels = [kernel for kernel in built if kernel is not None]
        assert len(kernels) == len(built), "every leaf has a kernel"
        return kernels

    def _coded(
        self, frame: pl.DataFrame, name: str, ids: Sequence[int]
    ) -> list[tuple[int, Kernel]]:
        """Kernels of the leaves over one coded column: equality, IN and prefixes from the
        dictionary's values, any other test by Polars over the dictionary (a row per value).
        A column tested by LIKE is coded in the order of its values (a prefix is a run)."""
        series = frame[name]
        ordered = any(isinstance(self.leaves[i], Pattern) for i in ids)
        column = (
            code_boolean(series)
            if series.dtype == pl.Boolean
            else code_categorical(series, ordered=ordered)
        )
        index = column.value_index()
        found: list[tuple[int, Kernel]] = []
        others: list[int] = []
        for i in ids:
            kernel = code_lookup(self.leaves[i], column, index)
            if kernel is None:
                others.append(i)
            else:
                found.append((i, kernel))
        if others:
            found.extend(self._by_dictionary(column, name, others))
        return found

    def _by_dictionary(
        self, column: CodedColumn, name: str, ids: Sequence[int]
    ) -> list[tuple[int, Kernel]]:
        values = pl.DataFrame({name: column.dictionary})
        states = values.select(_state(self.leaves[i]).alias(str(i)) for i in ids)
        found: list[tuple[int, Kernel]] = []
        for i, state in zip(ids, states.iter_columns(), strict=True):
            array = state.to_numpy()
            found.append((i, CodeKernel(column, array == 1, array == 0)))
        return found

    def _numeric(self, frame: pl.DataFrame) -> list[tuple[int, Kernel]]:
        found: list[tuple[int, Kernel]] = []
        for name, tests in self.numeric.items():
            values = floats(frame[name])
            sample = np.ascontiguousarray(values[:: max(1, len(values) // SAMPLE_SIZE)])
            for i, (_, test, negated) in tests:
                found.append((i, FloatKernel(values, test, negated, sample)))
        return found

    def _states(self, frame: pl.DataFrame) -> list[tuple[int, Kernel]]:
        """Leaves that only Polars can evaluate, all in one pass over the frame."""
        if not self.rest:
            return []
        names = [f"leaf {i}" for i in self.rest]
        states = frame.with_columns(
            _state(self.leaves[i]).alias(name) for i, name in zip(self.rest, names, strict=True)
        ).select(names)
        return [
            (i, StateKernel(state.to_numpy()))
            for i, state in zip(self.rest, states.iter_columns(), strict=True)
        ]
