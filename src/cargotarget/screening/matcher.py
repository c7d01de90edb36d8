"""Party screening: filed names (and addresses) against the names of listed parties.

A :class:`Screener` is built once from watch-list entries: every listed name and alias is
normalised and indexed. A filed name is normalised the same way, compared only with the
listed names that share a blocking key (:mod:`cargotarget.screening.keys`), scored with
rapidfuzz, and kept when it reaches its list's threshold with word cover on a day the entry
is in force. Each hit carries the entry, both normal forms, the score and the evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import msgspec
import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from cargotarget.model.manifest import Address
from cargotarget.screening.batch import Matches, expand, match_forms, name_keys
from cargotarget.screening.entries import EntryKind, WatchEntry
from cargotarget.screening.hits import NameHit
from cargotarget.screening.index import DEFAULT_COMMON_ABOVE, NameIndex
from cargotarget.screening.keys import MIN_SCORE
from cargotarget.screening.normalise import normalise_address, normalise_name
from cargotarget.screening.scoring import ALGORITHM, WordMatch, word_cover

DEFAULT_THRESHOLD = 88.0
"""The score a name must reach on a list that sets no threshold of its own."""

_NEVER = np.iinfo(np.int32).max
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class Screener:
    """Listed names of some watch lists, ready to screen filed names against.

    ``thresholds`` maps a list name to its threshold (``default_threshold`` otherwise);
    thresholds below ``MIN_SCORE`` are refused, since the index is built for that floor.
    """

    def __init__(
        self,
        entries: Iterable[WatchEntry],
        *,
        thresholds: Mapping[str, float] | None = None,
        default_threshold: float = DEFAULT_THRESHOLD,
        kinds: frozenset[EntryKind] = frozenset({EntryKind.PARTY}),
        common_above: int = DEFAULT_COMMON_ABOVE,
        workers: int = 1,
    ) -> None:
        self.entries = [e for e in entries if e.kind in kinds and e.names]
        self.thresholds = dict(thresholds or {})
        self.default_threshold = default_threshold
        for threshold in [default_threshold, *self.thresholds.values()]:
            if not MIN_SCORE <= threshold <= 100:
                raise ValueError(f"threshold {threshold} is outside {MIN_SCORE:.0f} to 100")
        self.workers = workers
        names = [(i, name) for i, entry in enumerate(self.entries) for name in entry.names]
        keys = name_keys([name for _, name in names], workers)
        distinct = list(dict.fromkeys(key for key in keys if key))
        position = {key: n for n, key in enumerate(distinct)}
        self.index = NameIndex(distinct, common_above=common_above, workers=workers)
        form_ids = np.asarray([position.get(key, -1) for key in keys], dtype=np.int64)
        kept = form_ids >= 0
        order = np.argsort(form_ids[kept], kind="stable")
        self._owner_entry = np.asarray([i for i, _ in names], dtype=np.int32)[kept][order]
        self._owner_name = np.asarray([name for _, name in names], dtype=object)[kept][order]
        self._owner_start = np.searchsorted(form_ids[kept][order], np.arange(len(distinct) + 1))
        self._threshold = np.asarray(
            [self.threshold(e.list_name) for e in self.entries], dtype=np.float32
        )
        self._from = np.asarray(
            [e.valid_from.toordinal() if e.valid_from else 0 for e in self.entries], np.int32
        )
        self._until = np.asarray(
            [e.expires.toordinal() if e.expires else _NEVER for e in self.entries], np.int32
        )

    def threshold(self, list_name: str) -> float:
        """The score a name must reach to hit an entry of ``list_name``."""
        return self.thresholds.get(list_name, self.default_threshold)

    @property
    def cutoff(self) -> float:
        """The lowest threshold of any list: what candidates are scored against."""
        return min([self.default_threshold, *self.thresholds.values()])

    def screen_name(
        self, name: str, *, on: date, address: Address | str | None = None
    ) -> list[NameHit]:
        """Every listed party that ``name`` hits on day ``on``, best score first."""
        form = normalise_name(name)
        if not form.key:
            return []
        candidates = self.index.candidates(form.key)
        forms = self.index.forms
        scored = process.extract(
            form.key,
            [forms[c] for c in candidates.tolist()],
            scorer=fuzz.ratio,
            score_cutoff=self.cutoff,
            limit=None,
        )
        hits: list[NameHit] = []
        for matched_form, score, position in scored:
            words = word_cover(form.key.split(), matched_form.split())
            if words is not None:
                hits.extend(
                    self._hits_for(name, form.key, int(candidates[position]), score, on, words)
                )
        best: dict[int, NameHit] = {}
        for hit in sorted(hits, key=lambda hit: -hit.score):
            best.setdefault(id(hit.entry), hit)
        hits = list(best.values())
        if address is not None:
            hits = [_with_address(hit, address) for hit in hits]
        return sorted(hits, key=lambda hit: (-hit.score, hit.entry.entry_id))

    def screen_names(
        self, names: Sequence[str], *, on: date, workers: int | None = None
    ) -> BatchScreening:
        """Screen many filed names at once (a manifest, a day, a year) on day ``on``.

        Each distinct name is normalised once, and names are matched block by block on
        ``workers`` processes; the result holds hits as columns and explains them on demand.
        """
        workers = self.workers if workers is None else workers
        distinct_names = list(dict.fromkeys(names))
        keys = name_keys(distinct_names, workers)
        distinct_keys = list(dict.fromkeys(key for key in keys if key))
        matches = match_forms(self.index, distinct_keys, cutoff=self.cutoff, workers=workers)
        query, form, entry, slot, score = self._entry_hits(matches, on)
        # Filed names sharing a normal form share its hits: group names by form, then expand.
        key_ids = {key: k for k, key in enumerate(distinct_keys)}
        name_ids = {name: n for n, name in enumerate(distinct_names)}
        key_of_name = np.asarray([key_ids.get(key, -1) for key in keys], dtype=np.int64)
        key_of = key_of_name[np.asarray([name_ids[name] for name in names], dtype=np.int64)]
        by_key = np.argsort(key_of, kind="stable")
        key_start = np.searchsorted(key_of[by_key], np.arange(len(distinct_keys) + 1))
        rows, positions = expand(key_start[query], key_start[query + 1])
        return BatchScreening(
            screener=self,
            names=names,
            name=by_key[positions].astype(np.int64),
            entry=entry[rows],
            form=form[rows],
            slot=slot[rows],
            score=score[rows],
            on=on,
        )

    def _entry_hits(
        self, matches: Matches, on: date
    ) -> tuple[IntArray, IntArray, IntArray, IntArray, FloatArray]:
        """Matched forms turned into entry hits: (filed form, listed form, entry, owner slot,
        score) columns, kept where the entry's threshold is reached and it is in force on
        ``on``, one per filed form and entry (its best-scoring listed name)."""
        rows, slot = expand(self._owner_start[matches.form], self._owner_start[matches.form + 1])
        entry = self._owner_entry[slot].astype(np.int64)
        score = matches.score[rows].astype(np.float64)
        day = on.toordinal()
        keep = (
            (score >= self._threshold[entry])
            & (self._from[entry] <= day)
            & (day < self._until[entry])
        )
        rows, slot, entry, score = rows[keep], slot[keep], entry[keep], score[keep]
        query = matches.query[rows].astype(np.int64)
        order = np.lexsort((-score, entry, query))
        pair = query[order] * max(1, len(self.entries)) + entry[order]
        first = order[np.unique(pair, return_index=True)[1]]
        form = matches.form[rows].astype(np.int64)
        return query[first], form[first], entry[first], slot[first], score[first]

    def explain(self, name: str, slot: int, score: float) -> NameHit:
        """The hit of filed ``name`` on the listed name at owner ``slot`` with ``score``."""
        entry_id = int(self._owner_entry[slot])
        form_id = int(np.searchsorted(self._owner_start, slot, side="right") - 1)
        key = normalise_name(name).key
        matched_form = self.index.forms[form_id]
        return NameHit(
            entry=self.entries[entry_id],
            query=name,
            query_form=key,
            matched_name=str(self._owner_name[slot]),
            matched_form=matched_form,
            score=score,
            threshold=float(self._threshold[entry_id]),
            algorithm=ALGORITHM,
            words=word_cover(key.split(), matched_form.split()) or (),
        )

    def _hits_for(
        self,
        name: str,
        key: str,
        form_id: int,
        score: float,
        on: date,
        words: tuple[WordMatch, ...],
    ) -> list[NameHit]:
        """The hits one matched listed form gives: one per owning entry in force on ``on``."""
        hits = []
        day = on.toordinal()
        for slot in range(self._owner_start[form_id], self._owner_start[form_id + 1]):
            entry_id = int(self._owner_entry[slot])
            threshold = float(self._threshold[entry_id])
            if score < threshold or not self._from[entry_id] <= day < self._until[entry_id]:
                continue
            hits.append(
                NameHit(
                    entry=self.entries[entry_id],
                    query=name,
                    query_form=key,
                    matched_name=str(self._owner_name[slot]),
                    matched_form=self.index.forms[form_id],
                    score=float(score),
                    threshold=threshold,
                    algorithm=ALGORITHM,
                    words=words,
                )
            )
        return hits


def _with_address(hit: NameHit, address: Address | str) -> NameHit:
    """``hit`` with the similarity of the filed address and the listed one, when listed."""
    listed = hit.entry.address
    if listed is None:
        return hit
    score = fuzz.token_set_ratio(normalise_address(address), normalise_address(listed))
    return msgspec.structs.replace(hit, address_score=float(score))


class BatchScreening(msgspec.Struct, frozen=True, kw_only=True):
    """The hits of many filed names, as parallel columns: ``names[name[i]]`` hit
    ``screener.entries[entry[i]]`` with ``score[i]`` through the listed name at ``slot[i]``,
    whose normal form is ``screener.index.forms[form[i]]``."""

    screener: Screener
    names: Sequence[str]
    name: IntArray
    entry: IntArray
    form: IntArray
    slot: IntArray
    score: FloatArray
    on: date

    def __len__(self) -> int:
        return len(self.name)

    def hit(self, row: int) -> NameHit:
        """Hit ``row``, explained."""
        name = self.names[int(self.name[row])]
        return self.screener.explain(name, int(self.slot[row]), float(self.score[row]))

    def hits_of(self, position: int) -> list[NameHit]:
        """The explained hits of the filed name at ``position``, best first."""
        rows = np.flatnonzero(self.name == position)
        return sorted((self.hit(int(r)) for r in rows), key=lambda h: -h.score)
