"""Back-tests on a real database: hits, ports, threats, overlap with active rules, findings
from recorded outcomes, the days window, and the lanes a new weight or threshold gives."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import msgspec
import pytest

from cargotarget.model.manifest import Consignment, MessageFunction, Route
from cargotarget.model.rules import RuleContent, ThreatCategory
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.backtest import backtest
from cargotarget.workflow.backtest_report import BacktestReport, Lanes
from cargotarget.workflow.candidates import (
    Candidate,
    changed,
    condition_candidate,
    pack_candidate,
    stored_candidate,
)
from cargotarget.workflow.outcomes import import_outcomes
from cargotarget.workflow.pack_syntax import PackFormat
from cargotarget.workflow.rule_checks import RuleRejected
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.rule_factories import add_people, rule

AT = datetime(2026, 3, 20, tzinfo=UTC)
SHIPPER = "Bananeras del Pacifico S.A."
#: Active: hits the bills of SHIPPER (H1, H2, C1 in the window, OLD1 before it).
SHIP = rule(
    "SHIP-0001",
    name="Shipper under review",
    condition=f"shipper_name = '{SHIPPER}'",
    threat=ThreatCategory.REVENUE,
    weight=30.0,
)
#: The draft under test: hits the bananas (H1, H2, H3 in the window, OLD1 before it).
BANANAS = rule("NARC-0009", condition="hs_code LIKE '0803%'", weight=40.0)
OUTCOMES = (
    "bill_number,examined_at,result,commodity\n"
    "H1,2026-03-15T08:00Z,seizure,cocaine\n"
    "H3,2026-03-15T09:00Z,no_finding,\n"
    "C1,2026-03-16T10:00Z,discrepancy,\n"
    "OLD1,2026-01-20T10:00Z,seizure,cocaine\n"
)


def _at(port: str, item: Consignment) -> Consignment:
    route = Route(port_of_loading="COCTG", port_of_discharge=port, origin_country="CO")
    return msgspec.structs.replace(item, route=route)


def _save(space: Workspace, content: RuleContent, *, activate: bool) -> None:
    with space.engine.begin() as conn:
        lifecycle.save_rule(conn, content, "alice", catalogue=space.catalogue)
        if activate:
            lifecycle.submit(conn, content.code, "alice")
            lifecycle.approve(conn, content.code, "bob")


@pytest.fixture
def cargo(workspace: Workspace) -> Workspace:
    recent = manifest(
        consignment("H1"),
        _at("JMMBJ", consignment("H2")),
        consignment("H3", shipper="Tropical Export Ltda"),
        consignment("C1", hs="090111", description="COFFEE"),
    )
    old = msgspec.structs.replace(
        manifest(consignment("OLD1"), reference="MAN-OLD"),
        filed_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    for filed in (old, recent):
        workspace.intake.ingest(io.BytesIO(as_json(filed)), provider="MAEU")
    with workspace.engine.begin() as conn:
        add_people(conn)
        import_outcomes(conn, OUTCOMES.encode(), at=AT)
    _save(workspace, SHIP, activate=True)
    _save(workspace, BANANAS, activate=False)
    return workspace


def _run(space: Workspace, candidate: Candidate, days: int = 30) -> BacktestReport:
    return backtest(space.engine, space.catalogue, candidate, days=days, at=AT)


def _stored(space: Workspace, code: str) -> Candidate:
    with space.engine.connect() as conn:
        return stored_candidate(conn, code, space.catalogue)


def test_a_draft_rule_is_run_over_the_window(cargo: Workspace) -> None:
    report = _run(cargo, _stored(cargo, "NARC-0009"))
    assert report.candidate == "NARC-0009 version 1"
    assert (report.considered, report.hits, report.replaces) == (4, 3, None)
    assert report.share == pytest.approx(0.75)
    assert report.by_port == {"JMKIN": 2, "JMMBJ": 1}
    assert report.by_threat == {"narcotics": 3, "revenue": 3}
    assert report.examples == ("H1", "H2", "H3")
    assert (report.overlap, report.overlapping) == (2, {"SHIP-0001": 2})
    assert [(e.code, e.hits, e.red_now, e.red_after) for e in report.rules] == [
        ("NARC-0009", 3, 0, 2),
        ("SHIP-0001", 3, 0, 2),
    ]
    # H1 found cocaine, H3 nothing; C1's discrepancy is not a hit; OLD1 is outside the window.
    o = report.outcomes
    assert (o.examined, o.findings, o.hit_rate) == (2, 1, 0.5)
    assert (o.into_red, o.out_of_red) == (1, 0)
    # Now: SHIP-0001 alone puts H1, H2, C1 in yellow (30); with the draft H1, H2 reach 70.
    assert report.lanes_now == Lanes(yellow_from=30, red_from=60, green=1, yellow=3, red=0)
    assert report.lanes_after == Lanes(yellow_from=30, red_from=60, green=0, yellow=2, red=2)


def test_the_window_leaves_out_older_filings(cargo: Workspace) -> None:
    report = _run(cargo, _stored(cargo, "NARC-0009"), days=90)
    assert (report.considered, report.hits) == (5, 4)
    assert report.examples == ("H1", "H2", "H3", "OLD1")
    assert (report.outcomes.examined, report.outcomes.findings) == (3, 2)
    assert _run(cargo, _stored(cargo, "NARC-0009"), days=1).considered == 0


def test_only_current_versions_of_bills_not_cancelled_count(cargo: Workspace) -> None:
    amended = manifest(consignment("C1"), function=MessageFunction.REPLACE, reference="MAN-A")
    cancelled = manifest(consignment("H3"), function=MessageFunction.CANCEL, reference="MAN-C")
    for filed in (amended, cancelled):
        filed = msgspec.structs.replace(filed, filed_at=datetime(2026, 3, 12, tzinfo=UTC))
        cargo.intake.ingest(io.BytesIO(as_json(filed)), provider="MAEU")
    report = _run(cargo, _stored(cargo, "NARC-0009"))
    assert (report.considered, report.hits, report.examples) == (3, 3, ("C1", "H1", "H2"))


def test_a_lower_red_threshold_changes_the_lanes(cargo: Workspace) -> None:
    candidate = changed(_stored(cargo, "NARC-0009"), cargo.catalogue, red=35.0)
    report = _run(cargo, candidate)
    assert report.lanes_now.red == 0
    assert report.lanes_after == Lanes(yellow_from=30, red_from=35, green=0, yellow=1, red=3)
    assert [(e.code, e.red_after) for e in report.rules] == [("NARC-0009", 3), ("SHIP-0001", 2)]
    with pytest.raises(RuleRejected, match="yellow_from <= red_from"):
        changed(candidate, cargo.catalogue, red=20.0)


def test_a_new_weight_for_an_active_rule_replaces_it(cargo: Workspace) -> None:
    candidate = changed(_stored(cargo, "SHIP-0001"), cargo.catalogue, weight=65.0)
    assert candidate.label == "SHIP-0001 version 1 with changes"
    report = _run(cargo, candidate)
    assert (report.hits, report.replaces, report.overlap, report.overlapping) == (3, 1, 0, {})
    assert report.lanes_now == Lanes(yellow_from=30, red_from=60, green=1, yellow=3, red=0)
    assert report.lanes_after == Lanes(yellow_from=30, red_from=60, green=1, yellow=0, red=3)
    # H1 (seizure) and C1 (discrepancy) move into red.
    assert (report.outcomes.into_red, report.outcomes.out_of_red) == (2, 0)


def test_a_bare_condition_under_an_active_code_stands_in_for_it(cargo: Workspace) -> None:
    candidate = condition_candidate(
        "shipper_name = 'Tropical Export Ltda'", cargo.catalogue, weight=30.0, code="SHIP-0001"
    )
    report = _run(cargo, candidate)
    assert (report.candidate, report.hits, report.replaces, report.examples) == (
        "SHIP-0001 (not saved)",
        1,
        1,
        ("H3",),
    )
    assert (report.lanes_after.green, report.lanes_after.yellow) == (3, 1)


def test_an_invalid_candidate_is_refused_with_the_position(cargo: Workspace) -> None:
    with pytest.raises(RuleRejected) as refused:
        condition_candidate("origin_country = 3", cargo.catalogue, weight=10.0)
    [problem] = refused.value.problems
    assert (problem.field, problem.line, problem.column) == ("condition", 1, 16)
    assert "cannot compare origin_country" in problem.message
    pack = (
        b"rules:\n"
        b"  - {code: GOOD-0001, name: a, rationale: b, threat: other, weight: 5,\n"
        b"     action: target, condition: \"hs_code LIKE '0803%'\"}\n"
        b"  - {code: BAD-0001, name: a, rationale: b, threat: other, weight: 5,\n"
        b"     action: target, condition: hs_headng = '0803'}\n"
    )
    with pytest.raises(RuleRejected, match=r"rule 2 \(BAD-0001\), condition, line 1, column 1"):
        pack_candidate(pack, PackFormat.YAML, "bad-0001", cargo.catalogue)
    good = pack_candidate(pack, PackFormat.YAML, "GOOD-0001", cargo.catalogue)
    assert _run(cargo, good).hits == 3
    with pytest.raises(RuleRejected, match="weight: must be a number between"):
        changed(good, cargo.catalogue, weight=5000.0)
