"""Per-rule performance read from the recorded results, with the rules worth a second look
flagged: stale ones (examined, but no finding for a long time) and noisy ones (many hits,
few findings).

The counts come from one SQL aggregate each (:mod:`cargotarget.store.rule_performance`), so
the rules page stays fast with a national year of cargo stored.
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from sqlalchemy import Connection

from cargotarget.store.rule_performance import Figures, rule_figures


class PerformancePolicy(msgspec.Struct, frozen=True, kw_only=True):
    """When a rule is flagged. Stale: it has examined hits, but no finding in ``stale_days``
    (or none ever). Noisy: at least ``noisy_hits`` hits and fewer findings than
    ``noisy_share`` of them (the default: under one finding per 50 hits)."""

    stale_days: int = 180
    noisy_hits: int = 50
    noisy_share: float = 0.02


DEFAULT_POLICY = PerformancePolicy()


class Performance(msgspec.Struct, frozen=True, kw_only=True):
    """How a rule (all its versions) or one version has done; ``hit_rate`` is findings per
    examined consignment, ``days_since_finding`` counts from the last finding to now."""

    hits: int
    examined: int
    findings: int
    hit_rate: float | None
    last_finding: datetime | None
    days_since_finding: int | None
    stale: bool
    noisy: bool


def performance_of(
    figures: Figures, now: datetime, policy: PerformancePolicy = DEFAULT_POLICY
) -> Performance:
    """The figures with the flags they earn at ``now``."""
    last = figures.last_finding
    days = None if last is None else max(0, (now - last).days)
    stale = figures.examined > 0 and (days is None or days > policy.stale_days)
    noisy = (
        figures.hits >= policy.noisy_hits and figures.findings < figures.hits * policy.noisy_share
    )
    return Performance(
        hits=figures.hits,
        examined=figures.examined,
        findings=figures.findings,
        hit_rate=figures.hit_rate,
        last_finding=last,
        days_since_finding=days,
        stale=stale,
        noisy=noisy,
    )


def rules_performance(
    conn: Connection,
    *,
    now: datetime | None = None,
    policy: PerformancePolicy = DEFAULT_POLICY,
) -> dict[str, Performance]:
    """The performance of every rule that ever hit, by code, over all its versions."""
    at = now or datetime.now(UTC)
    return {str(code): performance_of(f, at, policy) for code, f in rule_figures(conn).items()}


def rule_performance(
    conn: Connection,
    code: str,
    *,
    now: datetime | None = None,
    policy: PerformancePolicy = DEFAULT_POLICY,
) -> tuple[Performance, dict[int, Performance]]:
    """The performance of rule ``code`` over all its versions, and of each version by number."""
    at = now or datetime.now(UTC)
    code = code.strip().upper()
    whole = rule_figures(conn, code=code).get(code, Figures())
    versions = rule_figures(conn, code=code, by_version=True)
    return performance_of(whole, at, policy), {
        int(v): performance_of(f, at, policy) for v, f in versions.items()
    }


NO_HITS = performance_of(Figures(), datetime(2000, 1, 1, tzinfo=UTC))
