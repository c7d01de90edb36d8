"""What the indicators learn from: the stored filings and examination outcomes as a
:class:`History`, and the indicator frame of the consignments being assessed."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from sqlalchemy import Connection

from cargotarget.risk.fields import Catalogue
from cargotarget.risk.frame import Filing, conform
from cargotarget.risk.indicators.config import IndicatorConfig
from cargotarget.risk.indicators.history import History, Outcome
from cargotarget.risk.indicators.inputs import indicator_frame
from cargotarget.risk.indicators.registry import compute_indicators
from cargotarget.store.assessments import Examined, StoredFiling, examinations, stored_filings


def as_filing(stored: StoredFiling) -> Filing:
    return Filing(
        consignment=stored.consignment,
        voyage=stored.voyage,
        flow=stored.flow,
        filed_at=stored.filed_at,
        amendment_count=stored.version - 1,
    )


def load_history(conn: Connection) -> tuple[list[StoredFiling], History]:
    """Every stored version (oldest first) and the history the indicators learn from."""
    everything = stored_filings(conn)
    return everything, history_of(everything, examinations(conn))


def history_of(everything: Sequence[StoredFiling], exams: Sequence[Examined]) -> History:
    """Every stored version, with the examination outcome of its consignment where known (a
    finding outweighs later examinations that found nothing)."""
    outcomes: dict[int, Outcome] = {}
    for exam in exams:
        known = outcomes.get(exam.consignment_id)
        if known is None or not known.finding:
            outcomes[exam.consignment_id] = Outcome(
                finding=exam.finding, finding_at=exam.examined_at
            )
    return History.from_filings(
        [as_filing(s) for s in everything], [outcomes.get(s.consignment_id) for s in everything]
    )


def indicator_values(
    target: Sequence[StoredFiling],
    history: History,
    catalogue: Catalogue,
    config: IndicatorConfig,
) -> pl.DataFrame:
    """The rule frame of ``target``: its fields and every indicator, learned from ``history``."""
    frame = indicator_frame([as_filing(s) for s in target], catalogue)
    return conform(compute_indicators(frame, history, config), catalogue)
