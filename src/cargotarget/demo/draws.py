"""Quick draws for the generator's hot path.

``random.Random.choice`` and ``randint`` reject and redraw bits to stay exactly uniform, which
costs several times one ``random()`` call; at a million consignments that shows. These draws
scale one ``random()`` instead: still deterministic per seed, and uniform to within 2**-53.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """One of ``items``, each equally likely."""
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, both included."""
    return low + int(rng.random() * (high - low + 1))
