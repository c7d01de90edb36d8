"""Track records learned from history: first seen, shipments, findings, usual trade."""

from __future__ import annotations

import pytest

from cargotarget.risk.indicators import History, Outcome
from tests.risk.indicators.builders import (
    BASE,
    assess,
    bill,
    days,
    filed,
    found,
    goods,
    history,
    value,
)


def test_first_seen_days_and_shipment_counts(past: History) -> None:
    frame = assess(filed(bill("BL-NEW")), past=past)
    assert value(frame, "shipper_first_seen_days") == pytest.approx(100.0)
    assert value(frame, "consignee_first_seen_days") == pytest.approx(100.0)
    assert value(frame, "shipper_shipment_count") == 2.0
    assert value(frame, "consignee_shipment_count") == 2.0


def test_a_party_never_seen_before(past: History) -> None:
    frame = assess(filed(bill("BL-NEW", shipper="Brand New Exporter")), past=past)
    assert value(frame, "shipper_first_seen_days") == 0.0
    assert value(frame, "shipper_shipment_count") == 0.0


def test_the_bills_own_earlier_versions_do_not_count(past: History) -> None:
    """BL-B amended once more: the shipper was seen first on BL-A, and BL-B is not an
    earlier shipment of its own."""
    frame = assess(filed(bill("BL-B"), BASE), past=past)
    assert value(frame, "shipper_first_seen_days") == pytest.approx(100.0)
    assert value(frame, "shipper_shipment_count") == 1.0
    amended_a = assess(filed(bill("BL-A"), BASE), past=past)
    assert value(amended_a, "shipper_first_seen_days") == pytest.approx(30.0)


def test_history_is_unknown_without_a_party_or_a_filing_time(past: History) -> None:
    frame = assess(filed(bill("BL-NEW", shipper=None)), past=past)
    assert value(frame, "shipper_first_seen_days") is None
    assert value(frame, "shipper_shipment_count") is None
    untimed = assess(filed(bill("BL-NEW"), None), past=past)
    assert value(untimed, "consignee_shipment_count") is None


def test_earlier_findings_count_only_when_recorded_before_filing() -> None:
    past = history(
        (filed(bill("BL-A"), BASE - days(100)), found(BASE - days(90))),
        (filed(bill("BL-B"), BASE - days(40)), found(BASE - days(12))),
        (filed(bill("BL-C"), BASE - days(20)), found(BASE + days(2))),
        (filed(bill("BL-E"), BASE - days(15)), Outcome(examined=True, finding=True)),
        (filed(bill("BL-F"), BASE - days(14)), Outcome(examined=True, finding=False)),
    )
    frame = assess(filed(bill("BL-NEW")), past=past)
    assert value(frame, "shipper_earlier_findings") == 2.0
    assert value(frame, "consignee_earlier_findings") == 2.0
    assert value(frame, "shipper_days_since_finding") == pytest.approx(12.0)
    assert value(frame, "consignee_days_since_finding") == pytest.approx(12.0)


def test_no_findings_means_zero_and_no_days() -> None:
    past = history(filed(bill("BL-A"), BASE - days(10)))
    frame = assess(filed(bill("BL-NEW")), past=past)
    assert value(frame, "shipper_earlier_findings") == 0.0
    assert value(frame, "shipper_days_since_finding") is None


def _bananas(count: int) -> History:
    return history(*(filed(bill(f"BL-{n}"), BASE - days(50 - n)) for n in range(count)))


@pytest.mark.parametrize(
    ("hs", "earlier", "expected"),
    [("847130", 5, True), ("080310", 5, False), ("847130", 4, None)],
)
def test_consignee_unusual_chapter(hs: str, earlier: int, expected: bool | None) -> None:
    current = bill("BL-NEW", items=[goods("LAPTOP COMPUTERS", hs)])
    assert value(assess(filed(current), past=_bananas(earlier)), "consignee_unusual_chapter") is (
        expected
    )
