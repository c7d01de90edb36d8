"""Blocking keys: which listed names a filed name is compared with, and why that is enough.

A filed name and a listed name can only be a hit (see :mod:`cargotarget.screening.scoring`)
when every word of the name with fewer words has a counterpart in the other. So two names
are compared when they share a key:

- a *rare* word (used by few listed names) that both hold, or hold within one edit;
- a pair of *common* words both hold ("GLOBAL" and "TRADING");
- a common word plus the first or last four letters of a long word (two edits are allowed
  in words of ten letters or more, which one-edit neighbours do not reach);
- a common word (or the ends of a long word) standing almost alone in the name.

Pair keys carry a role: a name is *covered* when every one of its words has a common
neighbour. A pair of names sharing only common words can be a hit only if at
least one of them is covered, so covered names meet everything under a pair key while
uncovered ones meet covered ones only; this keeps the blocks of very common word pairs small.
The one known gap: a long word whose only counterpart differs by two edits, one in each of
its first and last four letters, with no other shared key. A rare key is the word id itself;
the others are Python hashes of tuples, valid within one process and the processes it forks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

LONG_WORD = 10
"""Words at least this long may differ by two edits and get end-of-word keys."""

END = 4
"""How many letters an end-of-word key holds."""

MIN_SCORE = 80.0
"""The lowest threshold the keys are built for: the "almost alone" rule depends on it."""

_PAIR, _SHAPE, _ALONE = "pair", "shape", "alone"
_COVERED, _UNCOVERED = 1, 0
_ALONE_FACTOR = 200.0 / MIN_SCORE - 1.0


def word_ends(word: str) -> tuple[int, ...]:
    """Keys for the first and last ``END`` letters of a long word (none for shorter words)."""
    if len(word) < LONG_WORD:
        return ()
    return (hash(("^", word[:END])), hash(("$", word[-END:])))


def stands_alone(form_length: int, word_length: int) -> bool:
    """Whether a name of ``form_length`` letters could reach ``MIN_SCORE`` against a one-word
    name that one of its words (``word_length`` letters) covers.

    The one-word name has at most ``word_length`` plus its allowed edits letters, and the
    score is at most twice that over the sum of both lengths; beyond this length it cannot
    reach the floor, whatever the rest of the name holds.
    """
    edits = 2 if word_length >= LONG_WORD else 1
    return form_length <= (word_length + edits) * _ALONE_FACTOR


class WordHandles(NamedTuple):
    """What one word of a name contributes to its keys, worked out once per distinct word:
    the rare and the common listed word ids it stands for, its end keys and its length."""

    rare: tuple[int, ...]
    common: tuple[int, ...]
    ends: tuple[int, ...]
    length: int


def word_handles(
    word: str, ids: Sequence[int], common: Sequence[bool], *, with_ends: bool
) -> WordHandles:
    """The handles of ``word``, given the listed word ids it stands for.

    A listed word always gets its end keys; a filed word not when it is itself a common
    listed word, whose end keys would only repeat its pair keys in far larger blocks.
    """
    rare = tuple(i for i in ids if not common[i])
    shared = tuple(i for i in ids if common[i])
    return WordHandles(rare, shared, word_ends(word) if with_ends else (), len(word))


def form_keys(words: Sequence[WordHandles], *, listed: bool) -> set[int]:
    """The blocking keys of one name, given the handles of its words.

    ``listed`` says which side the name is on, which decides how role-tagged keys are tagged.
    """
    keys: set[int] = set()
    with_common = 0
    anchored: list[WordHandles] = []
    for word in words:
        keys.update(word.rare)
        if word.common:
            with_common += 1
            anchored.append(word)
        elif word.ends:
            anchored.append(word)
    if not anchored:
        return keys
    longest = max([word.length for word in words])
    form_length = sum([word.length for word in words]) + len(words) - 1
    if stands_alone(form_length, longest):
        _add_alone_keys(keys, anchored, form_length, _roles(len(words) == 1, listed))
    if with_common and len(anchored) >= 2:
        _add_pair_keys(keys, words, _roles(with_common == len(words), listed))
    return keys


def _roles(covered: bool, listed: bool) -> tuple[int, ...]:
    """The roles a name's role-tagged keys carry: a listed name its own; a filed name that
    is covered meets both kinds of listed names, an uncovered one only covered ones."""
    if listed:
        return (_COVERED if covered else _UNCOVERED,)
    return (_COVERED, _UNCOVERED) if covered else (_COVERED,)


def _add_alone_keys(
    keys: set[int], anchored: list[WordHandles], form_length: int, roles: tuple[int, ...]
) -> None:
    """Keys that meet a one-word name with names where one word stands almost alone.

    A one-word name meets every such name; a longer name meets one-word names only.
    """
    for word in anchored:
        if stands_alone(form_length, word.length):
            for role in roles:
                keys.update([hash((_ALONE, word_id, role)) for word_id in word.common])
                keys.update([hash((_ALONE, end, role)) for end in word.ends])


def _add_pair_keys(keys: set[int], words: Sequence[WordHandles], roles: tuple[int, ...]) -> None:
    """Keys for common words paired with each other (tagged with ``roles``) and with the
    ends of long words."""
    count = len(words)
    for i in range(count):
        for a in words[i].common:
            for j in range(count):
                if j == i:
                    continue
                for end in words[j].ends:
                    keys.add(hash((_SHAPE, a, end)))
                if j > i:
                    for b in words[j].common:
                        for role in roles:
                            keys.add(hash((_PAIR, min(a, b), max(a, b), role)))
