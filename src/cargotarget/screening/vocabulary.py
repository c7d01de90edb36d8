"""The words of a watch list's names: ids, how many names use each, and near spellings.

Screening compares words, not only whole names: a filed word and a listed word are *near*
when they are within one edit (a typo, a transliteration variant such as SERGEI / SERGEY,
a doubled letter). Near words are found through the deletion neighbourhood of each listed
word, so no word is compared with every other word.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Levenshtein

MIN_NEAR_LENGTH = 3
"""Words shorter than this are only ever equal to themselves (initials, "LI" and "LIU")."""


def allowed_edits(length: int) -> int:
    """How many edits a word of ``length`` letters may differ by and still count as the same
    word: none for initials and two-letter words, one up to nine letters, two beyond."""
    if length < MIN_NEAR_LENGTH:
        return 0
    return 1 if length <= 9 else 2


def deletions(word: str) -> list[str]:
    """Every spelling of ``word`` with one letter left out."""
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


class Vocabulary:
    """The distinct words of the listed names, each with an id and a document frequency.

    A word used by more than ``common_above`` names is *common*: on its own it says little
    about identity ("TRADING", "MOHAMMED"), so the index pairs it with other words instead
    of comparing every name that holds it.
    """

    def __init__(self, ids: dict[str, int], frequency: npt.NDArray[np.int64], common_above: int):
        self.ids = ids
        self.words: list[str] = list(ids)
        self.frequency = frequency
        self.common_above = common_above
        self.common: list[bool] = (frequency > common_above).tolist()
        deleted: defaultdict[str, list[int]] = defaultdict(list)
        for word, word_id in ids.items():
            if len(word) >= MIN_NEAR_LENGTH:
                for variant in deletions(word):
                    deleted[variant].append(word_id)
        self._deleted: dict[str, list[int]] = dict(deleted)

    def near(self, word: str) -> list[int]:
        """Ids of the listed words within one edit of ``word`` (itself first, if listed);
        words shorter than ``MIN_NEAR_LENGTH`` on either side only match themselves."""
        own = self.ids.get(word)
        found = [] if own is None else [own]
        if len(word) < MIN_NEAR_LENGTH:
            return found
        candidates: set[int] = set(self._deleted.get(word, ()))
        for variant in deletions(word):
            listed = self.ids.get(variant)
            if listed is not None:
                candidates.add(listed)
            candidates.update(self._deleted.get(variant, ()))
        if own is not None:
            candidates.discard(own)
        for candidate in candidates:
            other = self.words[candidate]
            if (
                len(other) >= MIN_NEAR_LENGTH
                and Levenshtein.distance(word, other, score_cutoff=1) <= 1
            ):
                found.append(candidate)
        return found


def build_vocabulary(
    token_lists: Iterable[Sequence[str]], *, common_above: int
) -> tuple[Vocabulary, list[list[int]]]:
    """The vocabulary of some names, and each name's words as word ids."""
    ids: dict[str, int] = {}
    encoded = [[ids.setdefault(token, len(ids)) for token in tokens] for tokens in token_lists]
    flat = [token for tokens in encoded for token in set(tokens)]
    frequency = np.bincount(np.asarray(flat, dtype=np.int64), minlength=len(ids))
    return Vocabulary(ids, frequency.astype(np.int64), common_above), encoded
