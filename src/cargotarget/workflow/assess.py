"""Assessment: indicators, rules, watch lists, the active model's points, score and lane for
every new consignment version.

Runs after every ingest over the current versions that have no assessment yet. Each assessment
is stored immutably with the rule versions in force, every hit with its evidence (the field
values the rule read, or the watch-list entry, forms and score), the indicator values, the
score and the lane.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import polars as pl
from sqlalchemy import Connection, Engine

from cargotarget.risk.fields import Catalogue
from cargotarget.risk.indicators.config import IndicatorConfig
from cargotarget.risk.indicators.registry import INDICATORS
from cargotarget.risk.scoring import (
    USED_SCHEMA,
    Lane,
    ScoringConfig,
    apply_capacity,
    lanes_for,
)
from cargotarget.risk.scoring import random_selected as random_draw
from cargotarget.settings import Settings
from cargotarget.store.assessments import (
    Hit,
    NewAssessment,
    StoredFiling,
    red_selections,
    save_assessments,
    stored_filings,
    unassessed_versions,
)
from cargotarget.store.rules import active_rules
from cargotarget.workflow.history import (
    filing_frame,
    history_for,
    indicator_values,
    record_history,
)
from cargotarget.workflow.hits import rule_hits, watchlist_hits
from cargotarget.workflow.ml_scoring import model_scorer
from cargotarget.workflow.watchlists import list_entries, watchlists


@dataclass(frozen=True)
class AssessConfig:
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    indicators: IndicatorConfig = field(default_factory=IndicatorConfig)

    @classmethod
    def from_settings(cls, settings: Settings) -> AssessConfig:
        """Lanes, random control selection and port capacity as the settings say."""
        scoring = ScoringConfig(
            yellow_from=settings.lane_yellow_from,
            red_from=settings.lane_red_from,
            random_rate=settings.random_rate,
            random_key=settings.random_key,
            capacity=dict(settings.port_capacity),
        )
        return cls(scoring=scoring)


@dataclass
class AssessSummary:
    assessed: int = 0
    rules: int = 0
    lanes: Counter[str] = field(default_factory=Counter)
    random: int = 0
    seconds: float = 0.0


def assess_pending(
    engine: Engine,
    catalogue: Catalogue,
    config: AssessConfig | None = None,
    at: datetime | None = None,
) -> AssessSummary:
    """Assess every current consignment version that has no assessment yet."""
    started = time.perf_counter()
    config = config or AssessConfig()
    at = at or datetime.now(UTC)
    with engine.begin() as conn:
        pending = unassessed_versions(conn)
        if not pending:
            return AssessSummary()
        target = stored_filings(conn, pending)
        inputs = filing_frame(target, catalogue)
        keys = record_history(conn, target, inputs)
        history = history_for(conn, keys)
        rules = active_rules(conn, at)
        entries = list_entries(conn, on=at.date())
        thresholds = {w.name: float(w.threshold) for w in watchlists(conn)}
        used = _used_capacity(conn, target, config.scoring)
        model = model_scorer(conn, at)
    frame = indicator_values(inputs, history, catalogue, config.indicators)
    weights = np.zeros(len(target))
    hits: list[list[Hit]] = [[] for _ in target]
    scored = enumerate(model.hits(frame, target, keys)) if model else ()
    for row, hit in [
        *rule_hits(frame, target, rules, catalogue),
        *watchlist_hits(target, entries, thresholds, at.date()),
        *scored,
    ]:
        hits[row].append(hit)
        weights[row] += hit.weight
    label = model.version.label if model else None
    new = _assessments(target, frame, weights, hits, config.scoring, used, label)
    with engine.begin() as conn:
        save_assessments(conn, new, at=at, ruleset=",".join(str(r.id) for r in rules))
    return AssessSummary(
        assessed=len(new),
        rules=len(rules),
        lanes=Counter(a.lane for a in new),
        random=sum(a.random_selected for a in new),
        seconds=time.perf_counter() - started,
    )


def _assessments(
    target: list[StoredFiling],
    frame: pl.DataFrame,
    weights: np.ndarray,
    hits: list[list[Hit]],
    config: ScoringConfig,
    used: pl.DataFrame | None = None,
    model_version: str | None = None,
) -> list[NewAssessment]:
    chosen = random_draw([f"{s.consignment_id}:{s.version_id}" for s in target], config)
    banded = [
        Lane.RED if pick else lane
        for pick, lane in zip(chosen, lanes_for(weights, config), strict=True)
    ]
    day = [str(s.voyage.arrival_at.date()) if s.voyage.arrival_at else "" for s in target]
    capacity_frame = pl.DataFrame(
        {
            "lane": [lane.value for lane in banded],
            "score": weights,
            "port": [s.consignment.route.port_of_discharge or "" for s in target],
            "day": day,
            "random": chosen,
        }
    )
    final = apply_capacity(capacity_frame, config, used).to_list()
    names = [i.name for i in INDICATORS if i.name in frame.columns]
    values = frame.select(names).to_dicts()
    return [
        NewAssessment(
            consignment_id=s.consignment_id,
            version_id=s.version_id,
            score=float(weights[i]),
            lane=final[i],
            random_selected=bool(chosen[i]),
            capacity_dropped=final[i] != banded[i].value,
            indicators={k: v for k, v in values[i].items() if v is not None and v is not False},
            hits=tuple(hits[i]),
            model_version=model_version,
        )
        for i, s in enumerate(target)
    ]


def _used_capacity(
    conn: Connection, target: list[StoredFiling], config: ScoringConfig
) -> pl.DataFrame | None:
    """Red selections already stored for the ports with a capacity and the arrival days of
    ``target`` (the consignments of ``target`` themselves have no assessment of their current
    version yet, so they are not counted)."""
    days = sorted(
        {
            (port, s.voyage.arrival_at.date())
            for s in target
            if s.voyage.arrival_at is not None
            and (port := s.consignment.route.port_of_discharge or "") in config.capacity
        }
    )
    if not days:
        return None
    counted = red_selections(conn, days)
    return pl.DataFrame(
        {
            "port": [port for port, _ in days],
            "day": [str(day) for _, day in days],
            "used": counted,
        },
        schema=USED_SCHEMA,
    )
