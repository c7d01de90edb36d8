"""The figures, lists and charts from hand-made frames: the filing rule by mode, lead-time
percentiles, filings that cannot be measured, empty periods and the chart geometry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cargotarget.reports.charts import horizontal_bars, vertical_bars
from cargotarget.reports.deadlines import FilingRule
from cargotarget.reports.lateness import late_filings, lead_histogram
from cargotarget.reports.timeliness import figures_by
from cargotarget.reports.timeliness_frames import COUNTS, FILINGS, MASTERS, NOTICES, frame

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
EMPTY = {"masters": frame([], MASTERS), "notices": frame([], NOTICES)}


def _filing(
    row: int, hours_ahead: float | None, *, mode: str = "sea", version: int = 1,
    arrival_ahead: float | None = None, provider: str = "P",
) -> tuple[object, ...]:  # fmt: skip
    departs = T0 + timedelta(hours=hours_ahead) if hours_ahead is not None else None
    arrives = T0 + timedelta(hours=arrival_ahead) if arrival_ahead is not None else None
    return (row, row, provider, "JMKIN", mode, f"B{row}", 1, "V1", version, T0, departs, arrives)


def test_lead_time_percentiles_interpolate() -> None:
    filings = frame([_filing(i, h) for i, h in enumerate([2, 10, 30, 50], 1)], FILINGS)
    (overall,) = figures_by(None, FilingRule(), filings=filings, counts=None, **EMPTY)
    assert overall.lead_before_loading_median_hours == pytest.approx(20.0)
    assert overall.lead_before_loading_p10_hours == pytest.approx(2 + 0.3 * 8)
    assert (overall.measured, overall.on_time, overall.late_filings) == (4, 2, 2)
    assert overall.lead_before_arrival_median_hours is None  # no arrival known


def test_air_is_measured_against_arrival_and_unknown_times_are_not_measured() -> None:
    rows = [
        _filing(1, 1, mode="air", arrival_ahead=5),  # due 1 h before now + 5 h: on time
        _filing(2, 1, mode="air", arrival_ahead=3),  # due 1 h ago: late
        _filing(3, None),  # a sea voyage with no departure: no deadline
    ]
    filings = frame(rows, FILINGS)
    (overall,) = figures_by(None, FilingRule(air_hours=4), filings=filings, counts=None, **EMPTY)
    assert (overall.filings, overall.measured, overall.on_time) == (3, 2, 1)
    assert overall.on_time_share == pytest.approx(0.5)
    by_departure = FilingRule(air_hours=4, air_before="departure")
    (strict,) = figures_by(None, by_departure, filings=filings, counts=None, **EMPTY)
    assert strict.on_time == 0  # both flights leave within the hour
    (late,) = late_filings(filings, FilingRule(air_hours=4), limit=10)
    assert (late.bill_number, late.hours_late) == ("B2", pytest.approx(1.0))


def test_an_empty_period_gives_an_overall_row_of_zeros() -> None:
    filings, counts = frame([], FILINGS), frame([], COUNTS)
    (overall,) = figures_by(None, FilingRule(), filings=filings, counts=counts, **EMPTY)
    assert (overall.key, overall.messages, overall.filings, overall.measured) == ("all", 0, 0, 0)
    assert overall.on_time_share is None
    assert overall.rejection_rate is None
    assert figures_by("provider", FilingRule(), filings=filings, counts=counts, **EMPTY) == []
    assert sum(b.count for b in lead_histogram(filings)) == 0


def test_a_provider_that_only_sent_rejected_messages_has_a_row() -> None:
    counts = frame([("X", "message", 3), ("X", "rejected_message", 3)], COUNTS)
    filings = frame([], FILINGS)
    (row,) = figures_by("provider", FilingRule(), filings=filings, counts=counts, **EMPTY)
    assert (row.key, row.messages, row.rejected_messages, row.rejection_rate) == ("X", 3, 3, 1.0)


def test_histogram_bins_by_hours_before_loading() -> None:
    rows = [_filing(i, h) for i, h in enumerate([-3, 0, 5.9, 6, 24, 200], 1)]
    rows.append(_filing(9, 30, version=2))  # amendments are not original filings
    bins = {b.label: b.count for b in lead_histogram(frame(rows, FILINGS))}
    assert bins == {
        "after loading": 1, "0-6 h": 2, "6-12 h": 1, "12-24 h": 0, "24-48 h": 1,
        "48-72 h": 0, "72-168 h": 0, "168 h or more": 1,
    }  # fmt: skip


@given(
    mode=st.sampled_from(["sea", "air", "road"]),
    hours=st.floats(0, 500),
    departs=st.none() | st.integers(-1000, 1000),
    arrives=st.none() | st.integers(-1000, 1000),
    before=st.sampled_from(["arrival", "departure"]),
)
def test_one_voyage_due_time_agrees_with_the_frame_rule(
    mode: str, hours: float, departs: int | None, arrives: int | None, before: str
) -> None:
    rule = FilingRule(sea_hours=hours, air_hours=hours / 2, air_before=before)  # type: ignore[arg-type]
    departure = T0 + timedelta(hours=departs) if departs is not None else None
    arrival = T0 + timedelta(hours=arrives) if arrives is not None else None
    one = pl.DataFrame(
        {"mode": [mode], "departure_at": [departure], "arrival_at": [arrival]},
        schema={
            "mode": pl.String,
            "departure_at": FILINGS["departure_at"],
            "arrival_at": FILINGS["arrival_at"],
        },
    )
    assert one.select(rule.deadline()).item() == rule.due(mode, departure, arrival)


def test_chart_bars_are_proportional_and_keep_their_labels() -> None:
    chart = horizontal_bars("on time", [("A", 1.0), ("B", 0.25), ("<b>", None)], share=True)
    widths = [bar.width for bar in chart.bars]
    assert widths[1] == pytest.approx(widths[0] / 4)
    assert widths[2] == 0
    assert [bar.shown for bar in chart.bars] == ["100%", "25%", "n/a"]
    assert chart.bars[2].label == "<b>"  # escaped by the template, not here
    columns = vertical_bars("lead", [("a", 2), ("b", 4), ("c", 0)])
    assert columns.bars[0].height == pytest.approx(columns.bars[1].height / 2)
    assert columns.bars[1].y + columns.bars[1].height == columns.bars[0].y + columns.bars[0].height
