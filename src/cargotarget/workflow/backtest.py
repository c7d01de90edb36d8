"""Back-testing (dry run): what a candidate rule, weight or lane threshold would have done to
the cargo of the last N days, before it goes live.

The consignments considered are the current versions of the bills filed (or, without a filing
time, arriving) in the ``days`` before ``at``; cancelled bills are left out. Their indicator
frame is built exactly as an assessment builds it, from the whole stored history (indicators
only read what was filed before each row), read from the history rows without writing any.
The rules in force at ``at`` are run with and without the candidate, which stands in for the
active version of its rule where there is one.

Scores are the weights of the rules hit plus the watch-list hits, as in an assessment; random
control selection and port capacity are left out, since a candidate changes neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt
import polars as pl
from sqlalchemy import Engine

from cargotarget.model.rules import RuleVersion
from cargotarget.risk.fields import Catalogue
from cargotarget.risk.indicators.config import IndicatorConfig
from cargotarget.risk.scoring import Lane, ScoringConfig, lanes_for
from cargotarget.store.assessments import Examined, Hit, StoredFiling, examinations, stored_filings
from cargotarget.store.queries import current_versions_between
from cargotarget.store.rules import active_rules
from cargotarget.workflow.backtest_report import (
    BacktestReport,
    Mask,
    findings,
    lanes,
    rule_effects,
    tally,
    tally_masks,
    threats,
)
from cargotarget.workflow.candidates import Candidate
from cargotarget.workflow.history import filing_frame, indicator_values, stored_history
from cargotarget.workflow.hits import rule_hits, watchlist_hits
from cargotarget.workflow.watchlists import list_entries, watchlists

EXAMPLES = 5
TOP_OVERLAPS = 5


def backtest(
    engine: Engine,
    catalogue: Catalogue,
    candidate: Candidate,
    *,
    days: int,
    at: datetime | None = None,
    scoring: ScoringConfig | None = None,
) -> BacktestReport:
    """Run ``candidate`` over the consignments filed in the ``days`` before ``at`` (now), the
    lanes now being those of ``scoring`` (the default thresholds without it)."""
    if days < 1:
        raise ValueError("a back-test covers at least one day")
    at = at or datetime.now(UTC)
    scoring = scoring or ScoringConfig()
    since = at - timedelta(days=days)
    with engine.connect() as conn:
        target = stored_filings(conn, current_versions_between(conn, since, at))
        history = stored_history(conn)
        rules = active_rules(conn, at)
        entries = list_entries(conn, on=at.date())
        thresholds = {w.name: float(w.threshold) for w in watchlists(conn)}
        exams = examinations(conn)
    frame = indicator_values(filing_frame(target, catalogue), history, catalogue, IndicatorConfig())
    listed = np.zeros(len(target))
    for row, found in watchlist_hits(target, entries, thresholds, at.date()):
        listed[row] += found.weight
    run = _evaluate(frame, target, rules, candidate.as_version(at), listed, catalogue)
    return _report(run, candidate, exams, scoring, (since, at))


def _evaluate(
    frame: pl.DataFrame,
    target: Sequence[StoredFiling],
    rules: Sequence[RuleVersion],
    trial: RuleVersion,
    listed: npt.NDArray[np.float64],
    catalogue: Catalogue,
) -> _Run:
    """The rules in force and the candidate over ``frame``, with the scores without and with
    the candidate (``listed`` holding the watch-list scores)."""
    size = len(target)
    replaced = next((r for r in rules if r.code == trial.code), None)
    others = [r for r in rules if r is not replaced]
    active = _masks(rule_hits(frame, target, rules, catalogue), rules, size)
    hit = _masks(rule_hits(frame, target, [trial], catalogue), [trial], size)[trial.code]
    base = listed.copy()
    for rule in others:
        base += rule.content.weight * active[rule.code]
    now = base if replaced is None else base + replaced.content.weight * active[replaced.code]
    return _Run(
        rules=[*others, trial],
        replaced=replaced,
        masks={**{r.code: active[r.code] for r in others}, trial.code: hit},
        score_now=now,
        score_after=base + trial.content.weight * hit,
        target=target,
    )


def _report(
    run: _Run,
    candidate: Candidate,
    exams: Sequence[Examined],
    scoring: ScoringConfig,
    window: tuple[datetime, datetime],
) -> BacktestReport:
    trial, target, rows = run.rules[-1], run.target, run.rows
    after = candidate.scoring or scoring
    lanes_now, lanes_after = lanes_for(run.score_now, scoring), lanes_for(run.score_after, after)
    red_now, red_after = _red(lanes_now), _red(lanes_after)
    ids = [s.consignment_id for s in target]
    since, at = window
    return BacktestReport(
        candidate=candidate.label,
        code=trial.code,
        threat=trial.content.threat,
        weight=trial.content.weight,
        replaces=None if run.replaced is None else run.replaced.version,
        at=at,
        since=since,
        days=(at - since).days,
        considered=len(target),
        hits=len(rows),
        share=len(rows) / len(target) if target else 0.0,
        by_port=tally(target[r].consignment.route.port_of_discharge or "unknown" for r in rows),
        by_threat=threats(run.rules, run.masks, len(target)),
        rules=rule_effects(run.rules, run.masks, red_now, red_after, trial.code),
        overlap=run.overlap,
        overlapping=tally_masks(run.overlaps, TOP_OVERLAPS),
        outcomes=findings(run.hit, ids, exams, red_now, red_after),
        lanes_now=lanes(lanes_now, scoring),
        lanes_after=lanes(lanes_after, after),
        examples=tuple(sorted({target[r].consignment.bill_number for r in rows})[:EXAMPLES]),
    )


@dataclass(frozen=True)
class _Run:
    """The rules with the candidate (last), the active version it stands in for, the rows each
    rule hits, and the scores without and with the candidate."""

    rules: list[RuleVersion]
    replaced: RuleVersion | None
    masks: dict[str, Mask]
    score_now: npt.NDArray[np.float64]
    score_after: npt.NDArray[np.float64]
    target: Sequence[StoredFiling]

    @property
    def hit(self) -> Mask:
        return self.masks[self.rules[-1].code]

    @property
    def rows(self) -> list[int]:
        return [int(r) for r in np.flatnonzero(self.hit)]

    @property
    def overlaps(self) -> dict[str, Mask]:
        """The candidate's hits that each other rule also hits."""
        return {r.code: self.hit & self.masks[r.code] for r in self.rules[:-1]}

    @property
    def overlap(self) -> int:
        """The candidate's hits that any other rule also hits."""
        shared = np.zeros(len(self.target), dtype=bool)
        for mask in self.overlaps.values():
            shared |= mask
        return int(shared.sum())


def _masks(
    found: Iterable[tuple[int, Hit]], rules: Sequence[RuleVersion], size: int
) -> dict[str, Mask]:
    """The rows each of ``rules`` (by code) hit."""
    masks = {rule.code: np.zeros(size, dtype=bool) for rule in rules}
    for row, hit in found:
        masks[str(hit.evidence["rule"])][row] = True
    return masks


def _red(found: Sequence[Lane]) -> npt.NDArray[np.bool_]:
    return np.array([lane is Lane.RED for lane in found], dtype=bool)
