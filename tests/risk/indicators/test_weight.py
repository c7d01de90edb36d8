"""Weight against norms learned from history, empty containers with weight, packing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cargotarget.risk.frame import Filing
from cargotarget.risk.indicators import IndicatorConfig
from tests.risk.indicators.builders import (
    BASE,
    assess,
    bill,
    column,
    container,
    days,
    filed,
    goods,
    history,
    outcomes,
    value,
)


def _bananas(count: int, *, weight: float = 20000.0, at_hours: float = -24.0) -> list[Filing]:
    """``count`` bills of 1,000 cartons of bananas in one container, the last filed
    ``at_hours`` from BASE and each other a day earlier."""
    return [
        filed(
            bill(f"H{n}", items=[goods(weight=weight)]),
            BASE + timedelta(hours=at_hours) - days(n),
        )
        for n in range(count)
    ]


def _ratios(past: list[Filing], weight: float = 40000.0, packages: int = 1000) -> list[object]:
    current = bill("NEW", items=[goods(weight=weight, packages=packages)])
    frame = assess(filed(current), past=history(*past))
    return [value(frame, f"weight_per_{unit}_ratio") for unit in ("package", "container")]


def test_weight_ratios_to_the_heading_norm() -> None:
    assert _ratios(_bananas(20)) == [pytest.approx(2.0), pytest.approx(2.0)]


def test_too_few_earlier_bills_give_no_norm() -> None:
    assert _ratios(_bananas(19)) == [None, None]
    config = IndicatorConfig(norm_min_samples=19)
    current = bill("NEW", items=[goods(weight=10000.0)])
    frame = assess(filed(current), past=history(*_bananas(19)), config=config)
    assert value(frame, "weight_per_package_ratio") == pytest.approx(0.5)


def test_norms_are_learned_before_the_day_of_filing() -> None:
    """A bill filed earlier on the same day is not yet part of the norm."""
    same_day = _bananas(1, at_hours=-1.0)
    assert _ratios([*_bananas(19), *same_day]) == [None, None]


def test_the_norm_is_a_median_robust_to_outliers() -> None:
    outlier = _bananas(1, weight=1_000_000.0, at_hours=-24.0 * 30)
    assert _ratios([*_bananas(20), *outlier]) == [pytest.approx(2.0), pytest.approx(2.0)]


def test_amendments_count_once_in_the_norm() -> None:
    amended = _bananas(19, at_hours=-23.0)
    assert _ratios([*_bananas(19), *amended]) == [None, None]


def test_no_ratio_without_weight_or_packages() -> None:
    assert _ratios(_bananas(20), packages=0) == [None, pytest.approx(2.0)]


def test_other_headings_do_not_make_the_norm() -> None:
    coffee = [
        filed(bill(f"C{n}", items=[goods("GREEN COFFEE", "090111")]), BASE - days(n + 1))
        for n in range(20)
    ]
    assert _ratios(coffee) == [None, None]


def test_empty_container_with_weight() -> None:
    empty, full = container(full=False), container(full=True)
    cases = {
        "empty with a load": bill(items=[goods(weight=18_000.0)], containers=[empty]),
        "empty at its tare": bill(items=[goods(weight=2_200.0)], containers=[empty]),
        "two empties at their tare": bill(
            items=[goods(weight=9_600.0)], containers=[empty, container("TGHU9876541", full=False)]
        ),
        "full with a load": bill(items=[goods(weight=18_000.0)], containers=[full]),
        "empty without weight": bill(items=[goods(weight=None)], containers=[empty]),
    }
    assert outcomes("empty_container_with_weight", cases) == {
        "empty with a load": True,
        "empty at its tare": False,
        "two empties at their tare": False,
        "full with a load": False,
        "empty without weight": False,
    }


def test_coarse_packaging() -> None:
    bills = [bill(items=[goods(kind=kind)]) for kind in ("PX", "VR", "CT")]
    assert column("coarse_packaging", *bills) == [True, True, False]
