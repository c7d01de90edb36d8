"""Screening many names at once: block by block, on every core.

Filed names get their blocking keys, keys shared with the index form *blocks* (the filed
names and the listed forms under one key), and each block is scored as one small matrix with
rapidfuzz's ``process.cdist``, which scores a matrix far faster than pair by pair. A pair
that shares several keys is scored in several blocks and kept once. Pairs that reach the
cut-off score are then checked for word cover (:mod:`cargotarget.screening.scoring`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import msgspec
import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from cargotarget.screening.index import IdArray, IntArray, NameIndex
from cargotarget.screening.keys import WordHandles, form_keys
from cargotarget.screening.normalise import name_key
from cargotarget.screening.parallel import run_forked, spans
from cargotarget.screening.scoring import is_covered

ScoreArray = npt.NDArray[np.float32]

SMALL_BLOCK = 48
"""Blocks with at most this many pairs are scored pair by pair: cheaper than a matrix call."""


class Matches(msgspec.Struct, frozen=True):
    """Pairs of (filed name, listed form) that scored at least the cut-off and have word
    cover, as parallel columns sorted by filed name then form."""

    query: IdArray
    form: IdArray
    score: ScoreArray


class _Blocks(msgspec.Struct, frozen=True):
    """What the scoring workers inherit: both sides' forms and the blocks to score."""

    index: NameIndex
    queries: Sequence[str]
    query_ids: IdArray
    query_starts: IntArray
    query_counts: IntArray
    listed_slots: IntArray
    cutoff: float


def match_forms(
    index: NameIndex, queries: Sequence[str], *, cutoff: float, workers: int = 1
) -> Matches:
    """Every (filed name, listed form) pair scoring at least ``cutoff`` with word cover.

    ``queries`` are normal forms (:func:`cargotarget.screening.normalise.name_key`).
    """
    chunks = spans(len(queries), max(1, workers) * 4)
    parts = run_forked(_query_keys, (index, queries, {}), chunks, workers)
    keys = np.concatenate([p[0] for p in parts]) if parts else np.empty(0, np.int64)
    owners = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, np.int32)
    order = np.argsort(keys, kind="stable")
    keys, owners = keys[order], owners[order]
    distinct, starts, counts = np.unique(keys, return_index=True, return_counts=True)
    _, query_slots, listed_slots = np.intersect1d(
        distinct, index.keys, assume_unique=True, return_indices=True
    )
    blocks = _Blocks(
        index=index,
        queries=queries,
        query_ids=owners,
        query_starts=starts[query_slots].astype(np.int64),
        query_counts=counts[query_slots].astype(np.int64),
        listed_slots=listed_slots.astype(np.int64),
        cutoff=cutoff,
    )
    cost = blocks.query_counts * index.counts[blocks.listed_slots]
    found = run_forked(_score_blocks, blocks, _balanced(cost, max(1, workers) * 4), workers)
    return Matches(*_merge(found))


def name_keys(texts: Sequence[str], workers: int = 1) -> list[str]:
    """The normal form (:func:`cargotarget.screening.normalise.name_key`) of every text."""
    parts = run_forked(_name_keys, texts, spans(len(texts), max(1, workers) * 2), workers)
    return [key for part in parts for key in part]


def _name_keys(texts: Sequence[str], span: tuple[int, int]) -> list[str]:
    return [name_key(text) for text in texts[span[0] : span[1]]]


def expand(starts: IntArray, stops: IntArray) -> tuple[IntArray, IntArray]:
    """For ranges ``starts[i]:stops[i]``, every (i, position) pair, as two columns."""
    counts = (stops - starts).astype(np.int64)
    rows = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    offsets = np.cumsum(counts) - counts
    positions = starts.astype(np.int64)[rows] + np.arange(len(rows), dtype=np.int64) - offsets[rows]
    return rows, positions


def _query_keys(
    state: tuple[NameIndex, Sequence[str], dict[str, WordHandles]], span: tuple[int, int]
) -> tuple[IntArray, IdArray]:
    """Blocking keys of the filed names ``span[0]`` to ``span[1]`` as (key, name id) columns.

    The near-word cache in ``state`` is each worker's own copy and lasts across its chunks.
    """
    index, queries, cache = state
    keys: list[int] = []
    counts: list[int] = []
    for query_id in range(*span):
        handles = []
        for word in queries[query_id].split():
            found = cache.get(word)
            if found is None:
                found = cache[word] = index.handles(word)
            handles.append(found)
        query_keys = form_keys(handles, listed=False) if handles else ()
        keys.extend(query_keys)
        counts.append(len(query_keys))
    owners = np.repeat(np.arange(*span, dtype=np.int32), counts)
    return np.asarray(keys, dtype=np.int64), owners


def _balanced(cost: IntArray, parts: int) -> list[tuple[int, int]]:
    """Contiguous ranges of blocks with about equal total cost (comparisons plus a fixed
    overhead per block)."""
    if len(cost) == 0:
        return []
    total = np.cumsum(cost + 64)
    bounds = np.searchsorted(total, total[-1] * np.arange(1, parts) / parts)
    edges = [0, *sorted(set(bounds.tolist())), len(cost)]
    return [(a, b) for a, b in pairwise(edges) if a < b]


def _score_blocks(blocks: _Blocks, span: tuple[int, int]) -> tuple[IdArray, IdArray, ScoreArray]:
    """Score blocks ``span[0]`` to ``span[1]``; keep pairs at the cut-off with word cover."""
    index, queries, query_ids = blocks.index, blocks.queries, blocks.query_ids
    forms, postings = index.forms, index.postings
    found: list[tuple[IdArray, IdArray, ScoreArray]] = []
    small_queries: list[int] = []
    small_forms: list[int] = []
    for block in range(*span):
        q_start = int(blocks.query_starts[block])
        q_count = int(blocks.query_counts[block])
        slot = int(blocks.listed_slots[block])
        l_start = int(index.starts[slot])
        l_count = int(index.counts[slot])
        if q_count * l_count <= SMALL_BLOCK:
            for q in query_ids[q_start : q_start + q_count].tolist():
                small_queries.extend([q] * l_count)
                small_forms.extend(postings[l_start : l_start + l_count].tolist())
            continue
        q_ids = query_ids[q_start : q_start + q_count]
        l_ids = postings[l_start : l_start + l_count]
        matrix = process.cdist(
            [queries[i] for i in q_ids.tolist()],
            [forms[i] for i in l_ids.tolist()],
            scorer=fuzz.ratio,
            score_cutoff=blocks.cutoff,
            dtype=np.float32,
        )
        rows, columns = np.nonzero(matrix)
        if len(rows):
            found.append((q_ids[rows], l_ids[columns], matrix[rows, columns]))
    found.append(_score_pairs(index, queries, small_queries, small_forms, blocks.cutoff))
    return _covered(index, queries, found)


def _score_pairs(
    index: NameIndex,
    queries: Sequence[str],
    query_ids: list[int],
    form_ids: list[int],
    cutoff: float,
) -> tuple[IdArray, IdArray, ScoreArray]:
    """The pairs among ``query_ids[i]``, ``form_ids[i]`` that reach ``cutoff``, scored."""
    forms = index.forms
    scores = process.cpdist(
        [queries[q] for q in query_ids],
        [forms[f] for f in form_ids],
        scorer=fuzz.ratio,
        score_cutoff=cutoff,
        dtype=np.float32,
    )
    reached = np.flatnonzero(scores)
    return (
        np.asarray(query_ids, dtype=np.int32)[reached],
        np.asarray(form_ids, dtype=np.int32)[reached],
        scores[reached],
    )


def _covered(
    index: NameIndex, queries: Sequence[str], found: list[tuple[IdArray, IdArray, ScoreArray]]
) -> tuple[IdArray, IdArray, ScoreArray]:
    """The distinct pairs among those ``found`` that have word cover."""
    query_col, form_col, scores = _merge(found)
    forms = index.forms
    keep = np.fromiter(
        (
            is_covered(queries[q], forms[f])
            for q, f in zip(query_col.tolist(), form_col.tolist(), strict=True)
        ),
        dtype=bool,
        count=len(query_col),
    )
    return query_col[keep], form_col[keep], scores[keep]


def _merge(
    found: list[tuple[IdArray, IdArray, ScoreArray]],
) -> tuple[IdArray, IdArray, ScoreArray]:
    """One duplicate-free set of (filed name, listed form, score) columns, sorted by name
    then form, from parts that may repeat pairs."""
    if not found:
        return np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0, np.float32)
    query_col = np.concatenate([f[0] for f in found])
    form_col = np.concatenate([f[1] for f in found])
    score_col = np.concatenate([f[2] for f in found])
    pairs = (query_col.astype(np.int64) << 32) | form_col
    _, first = np.unique(pairs, return_index=True)
    return query_col[first], form_col[first], score_col[first]
