"""The hits of an assessment: rules over the frame, watch lists over parties and values.

Each function yields ``(row, hit)`` pairs, ``row`` being the consignment's place in the batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache

import polars as pl

from cargotarget.model.rules import RuleVersion
from cargotarget.risk.batch import BatchEvaluator
from cargotarget.risk.fields import Catalogue
from cargotarget.risk.language import parse_condition
from cargotarget.risk.tree import Condition
from cargotarget.screening import Screener, ValueScreen, WatchEntry
from cargotarget.screening.entries import Severity
from cargotarget.store.assessments import Hit, StoredFiling

#: What a watch-list hit adds to the score, by the entry's severity.
SEVERITY_WEIGHT = {
    Severity.LOW: 10.0,
    Severity.MEDIUM: 30.0,
    Severity.HIGH: 60.0,
    Severity.CRITICAL: 100.0,
}


def rule_hits(
    frame: pl.DataFrame,
    target: Sequence[StoredFiling],
    rules: Sequence[RuleVersion],
    catalogue: Catalogue,
) -> Iterator[tuple[int, Hit]]:
    """Every rule hit within the rule's scope, with the values of the fields it read."""
    if not rules or frame.height == 0:
        return
    conditions = [_condition(rule.content.condition, catalogue) for rule in rules]
    found = BatchEvaluator(conditions, catalogue).evaluate(frame)
    for index, (rule, condition) in enumerate(zip(rules, conditions, strict=True)):
        rows = found.rows_for_rule(index)
        if len(rows) == 0:
            continue
        fields = sorted(condition.fields)
        values = frame.select(fields)[rows.tolist()].to_dicts()
        for row, evidence in zip(rows.tolist(), values, strict=True):
            if _in_scope(rule, target[row]):
                yield (
                    row,
                    Hit(
                        kind="rule",
                        weight=rule.content.weight,
                        rule_version_id=rule.id,
                        evidence={
                            "rule": rule.code,
                            "name": rule.content.name,
                            "action": rule.content.action,
                            "fields": _plain(evidence),
                        },
                    ),
                )


@lru_cache(maxsize=4096)
def _condition(text: str, catalogue: Catalogue) -> Condition:
    """A parsed condition, kept: a catalogue only ever gains fields, so a condition that
    parsed once parses the same again."""
    return parse_condition(text, catalogue)


def _in_scope(rule: RuleVersion, stored: StoredFiling) -> bool:
    route = stored.consignment.route
    return rule.content.scope.covers(
        flow=stored.flow,
        mode=stored.voyage.mode,
        port_of_discharge=route.port_of_discharge,
        port_of_loading=route.port_of_loading,
    )


def _plain(values: Mapping[str, object]) -> dict[str, object]:
    return {
        k: v if isinstance(v, str | int | float | bool) or v is None else str(v)
        for k, v in values.items()
    }


def watchlist_hits(
    target: Sequence[StoredFiling],
    entries: Sequence[WatchEntry],
    thresholds: Mapping[str, float],
    on: date,
) -> Iterator[tuple[int, Hit]]:
    """Party names screened against the listed names; containers, vessels, bills, HS codes,
    countries, ports and keywords against the listed values."""
    if not entries:
        return
    owners: list[int] = []
    names: list[str] = []
    for row, stored in enumerate(target):
        for party in stored.consignment.parties:
            owners.append(row)
            names.append(party.name)
    screening = Screener(entries, thresholds=thresholds).screen_names(names, on=on)
    for i in range(len(screening)):
        hit = screening.hit(i)
        yield (
            owners[int(screening.name[i])],
            Hit(
                kind="watchlist",
                weight=SEVERITY_WEIGHT[hit.entry.severity],
                watchlist_entry=f"{hit.entry.list_name}:{hit.entry.entry_id}",
                evidence={
                    "explanation": hit.explain(),
                    "filed": hit.query,
                    "listed": hit.matched_name,
                    "score": round(hit.score, 1),
                    "reason": hit.entry.reason,
                },
            ),
        )
    values = ValueScreen(entries)
    for row, stored in enumerate(target):
        for found in values.screen_consignment(stored.consignment, stored.voyage, on=on):
            yield (
                row,
                Hit(
                    kind="watchlist",
                    weight=SEVERITY_WEIGHT[found.entry.severity],
                    watchlist_entry=f"{found.entry.list_name}:{found.entry.entry_id}",
                    evidence={
                        "field": found.field,
                        "filed": found.value,
                        "listed": found.listed,
                        "reason": found.entry.reason,
                    },
                ),
            )
