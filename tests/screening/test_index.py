"""The candidate index against brute force: on small random lists it never misses a pair that
scoring every name against every listed name finds."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from cargotarget.screening import name_key
from cargotarget.screening.batch import match_forms
from cargotarget.screening.index import NameIndex
from cargotarget.screening.scoring import is_covered

SYLLABLES = ("KA", "LO", "MI", "RA", "SE", "TU", "VAN", "DOR", "EL", "IN", "OV", "AS", "BER", "GH")
COMMON = ["TRADING", "GLOBAL", "MOHAMMED", "LI", "INTERNATIONAL", "SERGEI"]


def word(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return rng.choice(COMMON)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 5)))


def noisy(rng: random.Random, text: str) -> str:
    """``text`` with a typo, a dropped or added word, or words swapped."""
    words = text.split()
    change = rng.randrange(4)
    if change == 0:
        i = rng.randrange(len(words))
        at = rng.randrange(len(words[i]))
        words[i] = words[i][:at] + rng.choice("AEIOUKLMN") + words[i][at + 1 :]
    elif change == 1 and len(words) > 1:
        del words[rng.randrange(len(words))]
    elif change == 2:
        words.append(word(rng))
    else:
        rng.shuffle(words)
    return " ".join(words)


def brute_force(queries: list[str], forms: list[str], cutoff: float) -> set[tuple[int, int]]:
    scores = process.cdist(queries, forms, scorer=fuzz.ratio, score_cutoff=cutoff)
    return {
        (q, f)
        for q in range(len(queries))
        for f in range(len(forms))
        if scores[q, f] and is_covered(queries[q], forms[f])
    }


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), cutoff=st.sampled_from([80.0, 85.0, 90.0]))
def test_index_finds_what_brute_force_finds(seed: int, cutoff: float) -> None:
    rng = random.Random(seed)
    listed = [" ".join(word(rng) for _ in range(rng.randint(1, 4))) for _ in range(120)]
    forms = list(dict.fromkeys(k for k in map(name_key, listed) if k))
    filed = [noisy(rng, rng.choice(listed)) if rng.random() < 0.6 else word(rng) for _ in range(80)]
    queries = [k for k in map(name_key, filed) if k]
    index = NameIndex(forms, common_above=5)
    expected = brute_force(queries, forms, cutoff)
    found = match_forms(index, queries, cutoff=cutoff)
    assert set(zip(found.query.tolist(), found.form.tolist(), strict=True)) == expected
    for q, query in enumerate(queries):
        candidates = set(index.candidates(query).tolist())
        assert {f for (qq, f) in expected if qq == q} <= candidates
