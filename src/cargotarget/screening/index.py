"""The candidate index over listed names: which listed names a filed name is compared with.

Built once per set of watch lists from the normal forms of every listed name and alias. Each
form is filed under its blocking keys (:mod:`cargotarget.screening.keys`); a filed name is
compared only with the forms that share one of its keys, never with the whole list.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from cargotarget.screening.keys import WordHandles, form_keys, word_handles
from cargotarget.screening.parallel import run_forked, spans
from cargotarget.screening.vocabulary import Vocabulary, build_vocabulary

IntArray = npt.NDArray[np.int64]
IdArray = npt.NDArray[np.int32]

DEFAULT_COMMON_ABOVE = 200
"""Words held by more listed names than this are paired with others instead of blocking alone."""


class NameIndex:
    """Listed normal forms and the postings of their blocking keys.

    ``keys`` holds the distinct keys in ascending order; the forms filed under ``keys[k]``
    are ``postings[starts[k]:starts[k] + counts[k]]`` (form ids, positions in ``forms``).
    """

    def __init__(
        self,
        forms: Sequence[str],
        *,
        common_above: int = DEFAULT_COMMON_ABOVE,
        workers: int = 1,
    ) -> None:
        self.forms: list[str] = list(forms)
        self.vocabulary, encoded = build_vocabulary(
            (form.split() for form in self.forms), common_above=common_above
        )
        chunks = spans(len(self.forms), max(1, workers) * 4)
        parts = run_forked(_listed_keys, (self.vocabulary, encoded), chunks, workers)
        del encoded
        key_column = np.concatenate([p[0] for p in parts]) if parts else np.empty(0, np.int64)
        form_column = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, np.int32)
        order = np.argsort(key_column, kind="stable")
        sorted_keys = key_column[order]
        self.postings: IdArray = form_column[order]
        self.keys: IntArray
        self.keys, starts, counts = np.unique(sorted_keys, return_index=True, return_counts=True)
        self.starts: IntArray = starts.astype(np.int64)
        self.counts: IntArray = counts.astype(np.int64)

    def handles(self, word: str) -> WordHandles:
        """What a filed word contributes to keys: the listed words within one edit of it."""
        vocabulary = self.vocabulary
        own = vocabulary.ids.get(word)
        listed_common = own is not None and vocabulary.common[own]
        return word_handles(
            word, vocabulary.near(word), vocabulary.common, with_ends=not listed_common
        )

    def query_keys(
        self, words: Sequence[str], cache: dict[str, WordHandles] | None = None
    ) -> set[int]:
        """The blocking keys of a filed name, given its words (``cache`` keeps word handles)."""
        if cache is None:
            return form_keys([self.handles(word) for word in words], listed=False)
        handles = []
        for word in words:
            found = cache.get(word)
            if found is None:
                found = cache[word] = self.handles(word)
            handles.append(found)
        return form_keys(handles, listed=False)

    def candidates(self, form: str) -> IdArray:
        """Ids of the listed forms that share a blocking key with the normal form ``form``."""
        words = form.split()
        if not words:
            return np.empty(0, np.int32)
        probe = np.fromiter(self.query_keys(words), dtype=np.int64)
        slots = present(self.keys, probe)
        parts = [
            self.postings[self.starts[s] : self.starts[s] + self.counts[s]] for s in slots.tolist()
        ]
        if not parts:
            return np.empty(0, np.int32)
        return np.unique(np.concatenate(parts))


def present(keys: IntArray, probe: IntArray) -> IntArray:
    """Positions in the sorted ``keys`` of those ``probe`` values that are present."""
    slots = np.searchsorted(keys, probe)
    inside = slots < len(keys)
    slots, probe = slots[inside], probe[inside]
    found: IntArray = slots[keys[slots] == probe]
    return found


def _listed_keys(
    state: tuple[Vocabulary, list[list[int]]], span: tuple[int, int]
) -> tuple[IntArray, IdArray]:
    """Blocking keys of the listed forms ``span[0]`` to ``span[1]``, as (key, form id) columns."""
    vocabulary, encoded = state
    common = vocabulary.common
    words = vocabulary.words
    handles: dict[int, WordHandles] = {}
    keys: list[int] = []
    owners: list[int] = []
    for form_id in range(*span):
        form_handles = []
        for word_id in encoded[form_id]:
            found = handles.get(word_id)
            if found is None:
                found = handles[word_id] = word_handles(
                    words[word_id], (word_id,), common, with_ends=True
                )
            form_handles.append(found)
        form_keys_ = form_keys(form_handles, listed=True)
        keys.extend(form_keys_)
        owners.extend([form_id] * len(form_keys_))
    return np.asarray(keys, dtype=np.int64), np.asarray(owners, dtype=np.int32)
