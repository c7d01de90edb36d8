"""The timeliness figures of a known filing history, on both databases: late filings,
amendments after the deadline, rejections, a master without houses and voyage notices
without a manifest, each worked out by hand from the history's schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cargotarget.model.providers import IdentifierScheme, ProviderKind
from cargotarget.model.users import Role
from cargotarget.reports.deadlines import FilingRule
from cargotarget.reports.timeliness import Figures
from cargotarget.reports.timeliness_report import TimelinessReport
from cargotarget.workflow.accounts import register_user
from cargotarget.workflow.providers import add_identifier, link_account, register_provider
from cargotarget.workflow.timeliness import (
    NoticeRequest,
    announce_voyage,
    read_timeliness,
    timeliness_window,
)
from cargotarget.workflow.workspace import Workspace
from tests.reports.timeliness_data import Built, build_history

RULE = FilingRule()
HOURS = pytest.approx  # receipt is stamped by the clock: a few seconds either way
NEAR = 0.05


def _report(space: Workspace, built: Built, **filters: str) -> TimelinessReport:
    now = datetime.now(UTC)
    window = timeliness_window(built.start - timedelta(days=2), built.end, now=now, **filters)
    with space.engine.connect() as conn:
        return read_timeliness(conn, RULE, window, now=now)


def _by(rows: list[Figures]) -> dict[str, Figures]:
    return {row.key: row for row in rows}


def test_figures_per_provider_and_overall(workspace: Workspace) -> None:
    built = build_history(workspace)
    report = _report(workspace, built)
    maeu, fwdr = _by(report.providers)["MAEU"], _by(report.providers)["FWDR"]
    # MAEU: M1, M2, S1 (A1, 48 h ahead) and S2, S3 (B2, 10 h ahead); S1 and S2 amended.
    assert (maeu.filings, maeu.amendments, maeu.consignments) == (5, 2, 5)
    assert (maeu.measured, maeu.on_time, maeu.late_filings) == (5, 3, 2)
    assert maeu.on_time_share == pytest.approx(3 / 5)
    assert maeu.amendments_after_deadline == 1  # S2's amendment; S1's was in time
    # Lead before loading, hours: 10, 10, 48, 48, 48 -> median 48; p10 at 0.4 of 10..10.
    assert maeu.lead_before_loading_median_hours == HOURS(48, abs=NEAR)
    assert maeu.lead_before_loading_p10_hours == HOURS(10, abs=NEAR)
    # Before arrival: 60, 60, 120, 120, 120.
    assert maeu.lead_before_arrival_median_hours == HOURS(120, abs=NEAR)
    assert maeu.lead_before_arrival_p10_hours == HOURS(60, abs=NEAR)
    # Messages: A1-1, B2-1, A1-2, B2-2, the non-manifest and B2-3. Refused: the non-manifest
    # whole and MAEUBAD1; received: 5 filings + 2 amendments + the 2 refused.
    assert maeu.messages == 6
    assert (maeu.rejected_messages, maeu.quarantined_consignments) == (1, 1)
    assert maeu.rejection_rate == pytest.approx(2 / 9)
    assert (maeu.masters_without_houses, maeu.voyages_missing_houses) == (1, 1)
    assert (fwdr.filings, fwdr.on_time, fwdr.messages, fwdr.rejection_rate) == (1, 1, 1, 0.0)
    assert fwdr.masters_without_houses == 0
    overall = report.overall
    assert (overall.filings, overall.on_time, overall.messages) == (6, 4, 7)
    assert overall.rejection_rate == pytest.approx(2 / 10)
    assert [m.bill_number for m in report.masters] == ["MAEUM2"]


def test_late_list_names_bill_voyage_deadline_and_delay(workspace: Workspace) -> None:
    built = build_history(workspace)
    late = _report(workspace, built).late
    assert {(f.bill_number, f.kind, f.version) for f in late} == {
        ("MAEUS2", "amendment", 2),
        ("MAEUS2", "filing", 1),
        ("MAEUS3", "filing", 1),
    }
    assert late[0].kind == "amendment"  # the most recent first
    for filing in late:
        assert filing.voyage_number == "B2"
        assert filing.deadline == built.b2_departure - timedelta(hours=24)
        assert filing.hours_late == HOURS(14, abs=NEAR)


def test_histogram_counts_each_original_filing_once(workspace: Workspace) -> None:
    built = build_history(workspace)
    bins = {b.label: b.count for b in _report(workspace, built).histogram}
    assert bins["6-12 h"] == 2  # S2, S3
    assert bins["24-48 h"] + bins["48-72 h"] == 4  # M1, M2, S1, H1 (48 h less a moment)
    assert sum(bins.values()) == 6


def test_filters_by_port_and_provider(workspace: Workspace) -> None:
    built = build_history(workspace)
    fwdr = _report(workspace, built, provider="FWDR")
    assert [row.key for row in fwdr.providers] == ["FWDR"]
    assert fwdr.overall.filings == 1
    assert fwdr.late == []
    elsewhere = _report(workspace, built, port="USNYC")
    assert elsewhere.overall.filings == 0
    assert elsewhere.overall.rejection_rate is None  # rejections have no port
    kingston = _report(workspace, built, port="JMKIN")
    assert kingston.ports_limited
    assert kingston.overall.filings == 6
    assert kingston.overall.messages == 5  # those that filed at JMKIN: not the refused ones


def test_reader_scoped_to_other_ports_sees_nothing(workspace: Workspace) -> None:
    built = build_history(workspace)
    now = datetime.now(UTC)
    window = timeliness_window(built.start, built.end, ports=frozenset({"USNYC"}), now=now)
    with workspace.engine.connect() as conn:
        report = read_timeliness(conn, RULE, window, now=now)
    assert (report.overall.filings, report.providers, report.late, report.masters) == (
        0,
        [],
        [],
        [],
    )


def _announce(space: Workspace, number: str, etd: datetime, provider: str = "MAEU") -> None:
    wanted = NoticeRequest(
        carrier_code="maeu", mode="sea", voyage_number=number, port="JMKIN", etd=etd
    )
    with space.engine.begin() as conn:
        announce_voyage(conn, RULE, wanted, provider=provider, actor=provider)


def test_notices_without_a_manifest_by_their_due_time(workspace: Workspace) -> None:
    built = build_history(workspace)
    now = datetime.now(UTC)
    _announce(workspace, "C3", now - timedelta(hours=30))  # never filed; re-announced below
    _announce(workspace, "C3", now - timedelta(hours=2))  # due 26 h ago: counts once
    _announce(workspace, "B2", built.b2_departure)  # due 14 h ago; the manifest came later
    _announce(workspace, "A1", built.a1_departure)  # due in 24 h: not yet counted
    report = _report(workspace, built)
    assert report.overall.notices_without_manifest == 2
    assert sorted(n.voyage_number for n in report.notices) == ["B2", "C3"]
    assert _by(report.ports)["JMKIN"].notices_without_manifest == 2
    # A day and more later, A1's notice is due: its manifest came before, so it stays out.
    later = now + timedelta(hours=30)
    window = timeliness_window(
        built.start - timedelta(days=2), later + timedelta(hours=1), now=later
    )
    with workspace.engine.connect() as conn:
        report = read_timeliness(conn, RULE, window, now=later)
    assert sorted(n.voyage_number for n in report.notices) == ["B2", "C3"]


def test_filers_are_grouped_under_their_registered_provider(workspace: Workspace) -> None:
    built = build_history(workspace)
    with workspace.engine.begin() as conn:
        register_user(conn, "maersk-api", [Role.DATA_PROVIDER])
        register_provider(conn, "MAERSK", "Maersk Line", ProviderKind.CARRIER, actor="admin")
        add_identifier(conn, "MAERSK", IdentifierScheme.SCAC, "MAEU", actor="admin")
        link_account(conn, "MAERSK", "maersk-api", actor="admin")
    _announce(workspace, "C3", datetime.now(UTC) - timedelta(hours=2), provider="maersk-api")
    report = _report(workspace, built)
    providers = _by(report.providers)
    assert set(providers) == {"MAERSK", "FWDR"}  # MAEU (its SCAC) and its account as one
    assert (providers["MAERSK"].filings, providers["MAERSK"].messages) == (5, 6)
    assert providers["MAERSK"].notices_without_manifest == 1
    assert {f.provider for f in report.late} == {"MAERSK"}
    only = _report(workspace, built, provider="MAERSK")
    assert [row.key for row in only.providers] == ["MAERSK"]
    assert (only.overall.filings, only.overall.late_filings) == (5, 2)
    assert _report(workspace, built, provider="MAEU").overall.filings == 5  # by its SCAC too
