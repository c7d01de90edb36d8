"""How closely a filed name matches a listed name, and the evidence for it.

The score is rapidfuzz's ``fuzz.ratio`` (Indel similarity, 0 to 100) of the two normal forms,
whose words are sorted, so word order does not count. A score alone lets a long shared word
carry two otherwise different names ("CONSTRUCTION HUZIKA" and "CONSTRUCTION ZIJA" score 89),
so a hit also needs *word cover*: every word of the name with fewer words (of both, when they
have as many) must have a counterpart in the other within the edits the shorter of the two
words allows (:func:`cargotarget.screening.vocabulary.allowed_edits`). The cover is kept as
evidence.
"""

from __future__ import annotations

import msgspec
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from cargotarget.screening.vocabulary import allowed_edits

ALGORITHM = "rapidfuzz fuzz.ratio over sorted words, with word cover"
"""How a name score is computed, as hits name it."""


class WordMatch(msgspec.Struct, frozen=True, kw_only=True):
    """One word of the shorter name and the word of the other name that covers it."""

    word: str
    counterpart: str
    edits: int


def name_score(query_key: str, listed_key: str) -> float:
    """The similarity (0 to 100) of two normal forms."""
    return float(fuzz.ratio(query_key, listed_key))


def word_cover(query_words: list[str], listed_words: list[str]) -> tuple[WordMatch, ...] | None:
    """The counterpart of every word of the shorter name, or None when one has none."""
    sides: tuple[tuple[list[str], list[str]], ...]
    if len(query_words) < len(listed_words):
        sides = ((query_words, listed_words),)
    elif len(listed_words) < len(query_words):
        sides = ((listed_words, query_words),)
    else:
        sides = ((query_words, listed_words), (listed_words, query_words))
    matches: list[WordMatch] = []
    seen: set[tuple[str, str]] = set()
    for words, others in sides:
        for word in words:
            match = _counterpart(word, others)
            if match is None:
                return None
            if (match.counterpart, match.word) not in seen:
                seen.add((match.word, match.counterpart))
                matches.append(match)
    return tuple(matches)


def _counterpart(word: str, others: list[str]) -> WordMatch | None:
    """The closest word of ``others`` within the edits the shorter of the two words allows."""
    best: WordMatch | None = None
    for other in others:
        allowed = allowed_edits(min(len(word), len(other)))
        edits = Levenshtein.distance(word, other, score_cutoff=allowed)
        if edits <= allowed and (best is None or edits < best.edits):
            best = WordMatch(word=word, counterpart=other, edits=edits)
            if edits == 0:
                break
    return best


def is_covered(query_key: str, listed_key: str) -> bool:
    """Whether two normal forms have word cover: :func:`word_cover` without the evidence,
    for checking many pairs."""
    if query_key == listed_key:
        return True
    query_words, listed_words = query_key.split(), listed_key.split()
    if len(query_words) != len(listed_words):
        shorter, longer = sorted((query_words, listed_words), key=len)
        return _all_have_counterparts(shorter, longer)
    return _all_have_counterparts(query_words, listed_words) and _all_have_counterparts(
        listed_words, query_words
    )


def _all_have_counterparts(words: list[str], others: list[str]) -> bool:
    """Whether every word of ``words`` has a counterpart among ``others``."""
    present = set(others)
    distance = Levenshtein.distance
    for word in words:
        if word in present:
            continue
        length = len(word)
        for other in others:
            allowed = allowed_edits(min(length, len(other)))
            if allowed and distance(word, other, score_cutoff=allowed) <= allowed:
                break
        else:
            return False
    return True
