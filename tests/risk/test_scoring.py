"""Scores to lanes: bands, random control selection, capacity."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from cargotarget.risk.scoring import (
    USED_SCHEMA,
    Lane,
    ScoringConfig,
    apply_capacity,
    lanes_for,
    random_selected,
)


def test_bands_map_scores_to_lanes() -> None:
    config = ScoringConfig(yellow_from=30, red_from=60)
    scores = np.array([0.0, 29.9, 30.0, 59.0, 60.0, 500.0])
    assert lanes_for(scores, config) == [
        Lane.GREEN,
        Lane.GREEN,
        Lane.YELLOW,
        Lane.YELLOW,
        Lane.RED,
        Lane.RED,
    ]


def test_bands_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="yellow_from <= red_from"):
        ScoringConfig(yellow_from=70, red_from=60)


def test_random_selection_rate_is_kept_and_reproducible() -> None:
    keys = [f"BILL{i}:1" for i in range(20_000)]
    config = ScoringConfig(random_rate=0.02)
    chosen = random_selected(keys, config)
    assert 0.015 < chosen.mean() < 0.025
    assert (random_selected(keys, config) == chosen).all()
    other = random_selected(keys, ScoringConfig(random_rate=0.02, random_key="another secret"))
    assert (other != chosen).any()
    assert not random_selected(keys, ScoringConfig(random_rate=0)).any()


def test_capacity_drops_the_lowest_red_selections_per_port_and_day() -> None:
    frame = pl.DataFrame(
        {
            "lane": ["red", "red", "red", "red", "yellow", "red"],
            "score": [90.0, 70.0, 80.0, 65.0, 40.0, 61.0],
            "port": ["JMKIN", "JMKIN", "JMKIN", "JMKIN", "JMKIN", "LKCMB"],
            "day": ["d1", "d1", "d1", "d1", "d1", "d1"],
            "random": [False, False, False, True, False, False],
        }
    )
    lanes = apply_capacity(frame, ScoringConfig(capacity={"JMKIN": 2}))
    # 90 and 80 keep the two places; 70 drops; the random pick and other ports are untouched.
    assert lanes.to_list() == ["red", "yellow", "red", "red", "yellow", "red"]


def test_no_capacity_changes_nothing() -> None:
    frame = pl.DataFrame(
        {"lane": ["red"], "score": [99.0], "port": ["JMKIN"], "day": ["d"], "random": [False]}
    )
    assert apply_capacity(frame, ScoringConfig()).to_list() == ["red"]


def test_capacity_counts_the_selections_already_made_that_day() -> None:
    frame = pl.DataFrame(
        {
            "lane": ["red", "red", "red"],
            "score": [90.0, 70.0, 80.0],
            "port": ["JMKIN", "JMKIN", "JMKIN"],
            "day": ["d1", "d1", "d2"],
            "random": [False, False, False],
        }
    )
    used = pl.DataFrame({"port": ["JMKIN"], "day": ["d1"], "used": [1]}, schema=USED_SCHEMA)
    lanes = apply_capacity(frame, ScoringConfig(capacity={"JMKIN": 2}), used)
    assert lanes.to_list() == ["red", "yellow", "red"]
