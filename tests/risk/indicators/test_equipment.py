"""Containers: types that help concealment, seals, and records of findings."""

from __future__ import annotations

import pytest

from tests.risk.indicators.builders import (
    BASE,
    assess,
    bill,
    column,
    container,
    days,
    filed,
    found,
    history,
    outcomes,
    value,
)

SIZE_TYPES = {
    "45R1": True,
    "22U1": True,
    "42P1": True,
    "22T6": True,
    "45H0": True,
    "4532": True,
    "45G1": False,
    "2210": False,
    "unknown": False,
}


def test_concealment_container_type() -> None:
    cases = {
        code: bill(containers=[container(size_type=None if code == "unknown" else code)])
        for code in SIZE_TYPES
    }
    assert outcomes("concealment_container_type", cases) == SIZE_TYPES
    boxes = [container("MSCU1000001", "22G1"), container("MSCU1000002", "45R1")]
    assert column("concealment_container_type", bill(containers=boxes)) == [True]


def test_missing_seals() -> None:
    cases = {
        "sealed": bill(containers=[container(seals=("SL1",))]),
        "unsealed": bill(containers=[container(seals=())]),
        "empty and unsealed": bill(containers=[container(full=False, seals=())]),
        "one of two unsealed": bill(
            containers=[container("A", seals=("SL1",)), container("B", seals=())]
        ),
        "no container": bill(containers=[]),
    }
    assert outcomes("missing_seals", cases) == {
        "sealed": False,
        "unsealed": True,
        "empty and unsealed": False,
        "one of two unsealed": True,
        "no container": False,
    }


def test_seals_changed_against_the_previous_version() -> None:
    past = history(
        filed(bill("BL1", containers=[container(seals=("SL1", "SL2"))]), BASE - days(2)),
        filed(bill("BL2", containers=[container(seals=("SL7",))]), BASE - days(2)),
    )
    same_seals = bill("BL1", containers=[container(seals=("SL2", "SL1"))])
    new_seal = bill("BL2", containers=[container(seals=("SL8",))])
    first = bill("BL3")
    frame = assess(filed(same_seals), filed(new_seal), filed(first), past=past)
    assert frame["seals_changed"].to_list() == [False, True, False]


def test_container_findings() -> None:
    seized = "MSCU7777777"
    past = history(
        (
            filed(bill("H1", containers=[container(seized)]), BASE - days(60)),
            found(BASE - days(50)),
        ),
        (filed(bill("H2", containers=[container(seized)]), BASE - days(20)), found(BASE - days(5))),
        (filed(bill("H3", containers=[container(seized)]), BASE - days(3)), found(BASE + days(1))),
    )
    with_seized = bill("NEW1", containers=[container("MSCU1000001"), container(seized)])
    clean = bill("NEW2", containers=[container("MSCU1000001")])
    no_containers = bill("NEW3", containers=[])
    frame = assess(filed(with_seized), filed(clean), filed(no_containers), past=past)
    assert frame["container_earlier_findings"].to_list() == [2.0, 0.0, None]
    assert value(frame, "container_days_since_finding") == pytest.approx(5.0)
    assert frame["container_days_since_finding"].to_list()[1:] == [None, None]
