"""What a name screening hit says: which entry, which of its names, how close, and why."""

from __future__ import annotations

import msgspec

from cargotarget.screening.entries import WatchEntry
from cargotarget.screening.scoring import WordMatch


class NameHit(msgspec.Struct, frozen=True, kw_only=True):
    """A filed name that matched a listed name closely enough.

    ``query_form`` and ``matched_form`` are the two normal forms that were scored;
    ``words`` pairs every word of the shorter name with the word that covers it;
    ``address_score`` compares the filed and listed addresses when both are known.
    """

    entry: WatchEntry
    query: str
    query_form: str
    matched_name: str
    matched_form: str
    score: float
    threshold: float
    algorithm: str
    words: tuple[WordMatch, ...] = ()
    address_score: float | None = None

    def explain(self) -> str:
        """One line an officer can read: what matched what, how closely, and why it counts."""
        pairs = ", ".join(
            w.word if w.edits == 0 else f"{w.word}~{w.counterpart} ({w.edits} edit)"
            for w in self.words
        )
        address = "" if self.address_score is None else f"; address {self.address_score:.0f}"
        return (
            f"{self.query!r} matched {self.matched_name!r} on {self.entry.list_name} "
            f"entry {self.entry.entry_id} ({self.entry.reason}, {self.entry.severity}): "
            f"{self.query_form!r} vs {self.matched_form!r} scored {self.score:.1f} "
            f">= {self.threshold:.0f} by {self.algorithm}; words {pairs}{address}"
        )
