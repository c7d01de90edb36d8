"""Assessment on a real database: rule hits with evidence, watch-list hits, lanes, versions."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import msgspec
from sqlalchemy import func, select

from cargotarget.model.manifest import MessageFunction
from cargotarget.model.rules import RuleContent
from cargotarget.settings import Settings
from cargotarget.store.assessment_tables import assessment
from cargotarget.store.assessments import StoredAssessment, latest_assessment
from cargotarget.store.queries import find_ids
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.assess import AssessConfig, assess_pending
from cargotarget.workflow.watchlists import ListFormat, create_watchlist, import_watchlist
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.rule_factories import add_people, rule

#: The assessments run a month from today; the expiring rule's validity ends before that.
NOW = datetime.now(UTC) + timedelta(days=30)
WATCHLIST = (
    b"id,kind,value,name,aliases,address,city,postcode,country,identifiers,reason,severity,"
    b"source,valid_from,expires\n"
    b'P1,party,,"GLOBAL TRADING CO., LTD.",,,,,HK,,front company,high,,,\n'
)


def _activate(space: Workspace, content: RuleContent) -> None:
    with space.engine.begin() as conn:
        lifecycle.save_rule(conn, content, "alice", catalogue=space.catalogue)
        lifecycle.submit(conn, content.code, "alice")
        lifecycle.approve(conn, content.code, "bob")


def _assessment(space: Workspace, bill: str) -> StoredAssessment:
    with space.engine.connect() as conn:
        found = latest_assessment(conn, find_ids(conn, bill)[0])
    assert found is not None
    return found


def test_rules_and_watch_lists_hit_with_evidence(workspace: Workspace) -> None:
    with workspace.engine.begin() as conn:
        add_people(conn)
        create_watchlist(conn, "LOOKOUTS", "alice")
        import_watchlist(conn, "LOOKOUTS", WATCHLIST, ListFormat.CSV, "alice", file_name="l.csv")
    _activate(workspace, rule(weight=70.0))
    _activate(
        workspace,
        rule(
            "EXP-0001", condition="hs_code LIKE '0803%'", valid_to=date.today() + timedelta(days=10)
        ),
    )
    data = as_json(
        manifest(
            consignment("HIT1"),
            consignment(
                "LIST1", hs="090111", description="COFFEE", shipper="Global Trading Company Limited"
            ),
            consignment("CLEAN", hs="090111", description="COFFEE"),
        )
    )
    workspace.intake.ingest(io.BytesIO(data), provider="MAEU")
    summary = assess_pending(workspace.engine, workspace.catalogue, at=NOW)
    assert (summary.assessed, summary.rules) == (3, 1)

    hit = _assessment(workspace, "HIT1")
    assert hit.score == 70.0
    assert hit.lane == "red"
    [rule_hit] = hit.hits
    assert rule_hit.evidence["rule"] == "NARC-0001"
    assert rule_hit.evidence["fields"] == {"hs_code": "080390", "origin_country": "CO"}

    listed = _assessment(workspace, "LIST1")
    [watch_hit] = listed.hits
    assert watch_hit.kind == "watchlist"
    assert watch_hit.evidence["listed"] == "GLOBAL TRADING CO., LTD."
    assert watch_hit.evidence["score"] >= 88
    assert listed.score == watch_hit.weight > 0

    clean = _assessment(workspace, "CLEAN")
    assert clean.hits == ()
    assert clean.score == 0


def test_each_version_is_assessed_once_and_amendments_again(workspace: Workspace) -> None:
    workspace.intake.ingest(io.BytesIO(as_json(manifest(consignment("B1")))), provider="MAEU")
    assert assess_pending(workspace.engine, workspace.catalogue, at=NOW).assessed == 1
    assert assess_pending(workspace.engine, workspace.catalogue, at=NOW).assessed == 0
    amended = msgspec.structs.replace(
        manifest(
            consignment("B1", description="USED TYRES", hs="401220"),
            function=MessageFunction.REPLACE,
        ),
        filed_at=datetime(2026, 3, 12, tzinfo=UTC),
    )
    workspace.intake.ingest(io.BytesIO(as_json(amended)), provider="MAEU")
    assert assess_pending(workspace.engine, workspace.catalogue, at=NOW).assessed == 1
    with workspace.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(assessment)).scalar_one() == 2
    latest = _assessment(workspace, "B1")
    assert latest.indicators["earlier_version_count"] == 1


def test_lanes_random_selection_and_capacity_follow_the_settings(workspace: Workspace) -> None:
    with workspace.engine.begin() as conn:
        add_people(conn)
    _activate(workspace, rule(weight=70.0))
    bills = [f"CAP{n}" for n in range(3)]
    data = as_json(manifest(*(consignment(bill) for bill in bills)))
    workspace.intake.ingest(io.BytesIO(data), provider="MAEU")
    settings = Settings(
        database_url="sqlite://", port_capacity={"JMKIN": 2}, random_rate=0.0, lane_red_from=65
    )
    config = AssessConfig.from_settings(settings)
    assert assess_pending(workspace.engine, workspace.catalogue, config, at=NOW).assessed == 3
    found = [_assessment(workspace, bill) for bill in bills]
    assert sorted(a.lane for a in found) == ["red", "red", "yellow"]
    assert [a.capacity_dropped for a in found].count(True) == 1
    assert not any(a.random_selected for a in found)
    later = as_json(manifest(consignment("CAP9")))
    workspace.intake.ingest(io.BytesIO(later), provider="MAEU")
    assess_pending(workspace.engine, workspace.catalogue, config, at=NOW)
    assert _assessment(workspace, "CAP9").capacity_dropped  # the day's two places are taken
    stricter = AssessConfig.from_settings(Settings(database_url="sqlite://", lane_red_from=80))
    assert stricter.scoring.red_from == 80
    assert stricter.scoring.capacity == {}
