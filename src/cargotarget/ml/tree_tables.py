"""The learned score's small trees as truth tables, scored a column at a time.

LightGBM walks every tree for every row, a few dozen nanoseconds a tree on this kind of
machine, mostly spent on branches the processor cannot predict: about 3 s for a million rows
and the 100 trees of seven leaves the learned score grows. A tree of at most
:data:`MAX_SPLITS` splits has at most ``2 ** MAX_SPLITS`` ways down: each split's answer for a
block of rows is one vectorised comparison of a feature column with the threshold, the answers
packed as the bits of one byte per row pick the leaf from a table of the tree's leaf values,
and no branch depends on the data. Blocks of rows are scored on several threads (NumPy lets
go of the interpreter lock for the work on arrays).

The decision is LightGBM's own (``Tree::NumericalDecision``): the float32 value widened to a
double goes left when ``value <= threshold``, which for a float32 value is the same as
``value <= t`` with ``t`` the largest float32 not above the threshold; NaN goes where the
split sends missing values (as 0 unless NaN is its missing value). A model with a categorical
split, zero as a missing value, linear leaves or a larger tree is not tabulated
(:func:`tree_tables` returns None) and LightGBM scores it. A test compares the raw scores with
LightGBM's on trained models with missing values.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from cargotarget.ml.model import booster_of

MAX_SPLITS = 8
"""The most splits a tree may have to be tabulated (a table of 256 leaf values)."""
BLOCK = 32_768
"""Rows scored together: the columns of a block stay in the processor's cache."""


@dataclass(frozen=True, eq=False)
class Split:
    """One split of a tree: the feature column, the float32 threshold, where NaN goes."""

    feature: int
    threshold: np.float32
    nan_left: bool


@dataclass(frozen=True, eq=False)
class TreeTables:
    """Per tree, its splits (bit ``j`` of a row's pattern is the answer of split ``j``) and
    the leaf value of every pattern."""

    splits: tuple[tuple[Split, ...], ...]
    tables: tuple[np.ndarray, ...]


def _float32_at_most(threshold: float) -> np.float32:
    """The largest float32 not above ``threshold``."""
    with np.errstate(over="ignore"):
        near = np.float32(threshold)
    return np.nextafter(near, np.float32(-np.inf)) if float(near) > threshold else near


def _tabulate(root: dict[str, Any]) -> tuple[tuple[Split, ...], np.ndarray] | None:
    """The splits of a dumped tree and its table, or None when it cannot be tabulated."""
    splits: list[dict[str, Any]] = []
    bits: dict[int, int] = {}  # a split's bit, by the identity of its node
    stack = [root]
    while stack:
        node = stack.pop()
        if "split_index" in node:
            if node.get("decision_type") != "<=" or node.get("missing_type") not in ("None", "NaN"):
                return None
            bits[id(node)] = len(splits)
            splits.append(node)
            stack += [node["left_child"], node["right_child"]]
        elif "leaf_coeff" in node:  # a linear model in the leaf
            return None
    if len(splits) > MAX_SPLITS:
        return None
    table = np.empty(1 << len(splits), dtype=np.float64)
    for pattern in range(table.size):
        node = root
        while "split_index" in node:
            node = node["left_child"] if pattern >> bits[id(node)] & 1 else node["right_child"]
        table[pattern] = node["leaf_value"]
    described = tuple(
        Split(
            feature=int(split["split_feature"]),
            threshold=_float32_at_most(float(split["threshold"])),
            nan_left=(
                bool(split["default_left"])
                if split["missing_type"] == "NaN"
                else float(split["threshold"]) >= 0.0
            ),
        )
        for split in splits
    )
    return described, table


def tables_of_dump(dump: dict[str, Any]) -> TreeTables | None:
    """The tables of LightGBM's ``dump_model()`` output, or None (see the module notes)."""
    if dump.get("num_tree_per_iteration", 1) != 1:
        return None
    splits, tables = [], []
    for tree in dump["tree_info"]:
        made = _tabulate(tree["tree_structure"])
        if made is None:
            return None
        splits.append(made[0])
        tables.append(made[1])
    return TreeTables(splits=tuple(splits), tables=tuple(tables))


@lru_cache(maxsize=8)
def tree_tables(text: str) -> TreeTables | None:
    """The tables of a model's booster text, made once per model."""
    return tables_of_dump(booster_of(text).dump_model())


def raw_scores(tables: TreeTables, matrix: np.ndarray, threads: int) -> np.ndarray:
    """The raw score (log-odds) of every row of ``matrix`` (float32, the model's features in
    its order; column order is fastest), on at most ``threads`` threads."""
    out = np.zeros(matrix.shape[0], dtype=np.float64)
    starts = range(0, matrix.shape[0], BLOCK)

    def score(start: int) -> None:
        block = matrix[start : start + BLOCK]
        columns: dict[int, np.ndarray] = {}
        missing: dict[int, np.ndarray] = {}
        total = out[start : start + BLOCK]
        pattern = np.empty(block.shape[0], dtype=np.uint8)
        for splits, table in zip(tables.splits, tables.tables, strict=True):
            pattern.fill(0)
            for bit, split in enumerate(splits):
                column = columns.get(split.feature)
                if column is None:
                    column = columns[split.feature] = np.ascontiguousarray(block[:, split.feature])
                left = column <= split.threshold
                if split.nan_left:
                    gaps = missing.get(split.feature)
                    if gaps is None:
                        gaps = missing[split.feature] = np.isnan(column)
                    left |= gaps
                pattern |= left.view(np.uint8) << np.uint8(bit)
            total += table[pattern]

    if threads > 1 and len(starts) > 1:
        with ThreadPoolExecutor(min(threads, len(starts))) as pool:
            list(pool.map(score, starts))
    else:
        for start in starts:
            score(start)
    return out
