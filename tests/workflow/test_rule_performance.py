"""Per-rule performance from planted results: a rule goes live, cargo is assessed, outcomes are
recorded; hits, examined, findings, hit rate and the last finding come out exact, and the
stale and noisy flags follow the policy."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import msgspec

from cargotarget.model.manifest import MessageFunction
from cargotarget.store.outcomes import NewOutcome, record_outcomes
from cargotarget.store.rule_performance import Figures, rule_figures
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.rule_performance import (
    PerformancePolicy,
    performance_of,
    rule_performance,
    rules_performance,
)
from cargotarget.workflow.rules import approve, save_rule, submit
from cargotarget.workflow.workbench import consignments_by_bill
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.rule_factories import add_people, rule

T1 = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 3, 22, 15, 30, tzinfo=UTC)


def _ingest(
    workspace: Workspace, reference: str, *bills: tuple[str, str], replace: bool = False
) -> None:
    described = "FRESH BANANAS, RIPE" if replace else "FRESH BANANAS"
    goods = [consignment(bill, hs=hs, description=described) for bill, hs in bills]
    function = MessageFunction.REPLACE if replace else MessageFunction.ORIGINAL
    body = as_json(manifest(*goods, reference=reference, function=function))
    workspace.intake.ingest(io.BytesIO(body), provider="MAEU", filename=f"{reference}.json")
    assess_pending(workspace.engine, workspace.catalogue)


def _go_live(workspace: Workspace, code: str, **changes: object) -> None:
    with workspace.engine.begin() as conn:
        save_rule(conn, rule(code, **changes), "alice", catalogue=workspace.catalogue)
        submit(conn, code, "alice")
        approve(conn, code, "bob")


def _outcome(workspace: Workspace, bill: str, at: datetime, result: str) -> NewOutcome:
    with workspace.engine.connect() as conn:
        (cid,) = consignments_by_bill(conn, bill)
    return NewOutcome(consignment_id=cid, examined_at=at, selection="rule", result=result)


def test_figures_are_counted_from_hits_and_outcomes(workspace: Workspace) -> None:
    with workspace.engine.begin() as conn:
        add_people(conn)
    _go_live(workspace, "NARC-0001")
    bananas = [("B1", "080390"), ("B2", "080390"), ("B3", "080310")]
    _ingest(workspace, "MAN-1", *bananas, ("T1", "610910"))
    _ingest(workspace, "MAN-2", ("B2", "080390"), replace=True)  # B2 assessed twice
    outcomes = [
        _outcome(workspace, "B1", T1, "no_finding"),
        _outcome(workspace, "B2", T1, "seizure"),
        _outcome(workspace, "B2", T2, "discrepancy"),  # one consignment, two findings
        _outcome(workspace, "T1", T2 + timedelta(days=1), "seizure"),  # not hit by the rule
    ]
    with workspace.engine.begin() as conn:
        record_outcomes(conn, outcomes, at=T2)
    with workspace.engine.connect() as conn:
        whole = rule_figures(conn)
        now = T2 + timedelta(days=10)
        listed = rules_performance(conn, now=now)
        one, by_version = rule_performance(conn, "narc-0001", now=now)
    assert whole == {"NARC-0001": Figures(hits=4, examined=2, findings=1, last_finding=T2)}
    assert whole["NARC-0001"].hit_rate == 0.5
    assert listed["NARC-0001"] == one
    assert (one.hits, one.examined, one.findings, one.hit_rate) == (4, 2, 1, 0.5)
    assert (one.last_finding, one.days_since_finding) == (T2, 10)
    assert not one.stale
    assert not one.noisy
    assert by_version == {1: one}


def test_versions_are_counted_apart_and_together(workspace: Workspace) -> None:
    with workspace.engine.begin() as conn:
        add_people(conn)
    _go_live(workspace, "NARC-0001")
    _ingest(workspace, "MAN-1", ("B1", "080390"))
    _go_live(workspace, "NARC-0001", weight=55.0)
    _ingest(workspace, "MAN-2", ("B2", "080390"), ("B3", "080390"))
    with workspace.engine.begin() as conn:
        record_outcomes(conn, [_outcome(workspace, "B3", T1, "seizure")], at=T2)
    with workspace.engine.connect() as conn:
        one, by_version = rule_performance(conn, "NARC-0001", now=T2)
    assert (one.hits, one.examined, one.findings) == (3, 1, 1)
    assert {v: (p.hits, p.examined, p.findings) for v, p in by_version.items()} == {
        1: (1, 0, 0),
        2: (2, 1, 1),
    }


def test_stale_and_noisy_rules_are_flagged() -> None:
    policy = PerformancePolicy(stale_days=30, noisy_hits=10, noisy_share=0.1)
    found = Figures(hits=40, examined=8, findings=2, last_finding=T1)
    assert not performance_of(found, T1 + timedelta(days=30), policy).stale
    assert performance_of(found, T1 + timedelta(days=31), policy).stale
    assert performance_of(found, T1, policy).noisy  # 2 findings < 10 % of 40 hits
    assert not performance_of(msgspec.structs.replace(found, findings=4), T1, policy).noisy
    never = Figures(hits=5, examined=3, findings=0)
    assert performance_of(never, T1, policy).stale
    assert not performance_of(never, T1, policy).noisy  # too few hits to call it noisy
    unexamined = Figures(hits=5)
    assert not performance_of(unexamined, T1, policy).stale
    assert performance_of(unexamined, T1, policy).hit_rate is None
