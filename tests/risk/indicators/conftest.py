"""Fixtures of the indicator tests: the settings and an empty history."""

from __future__ import annotations

import pytest

from cargotarget.risk.indicators import History, IndicatorConfig


@pytest.fixture
def config() -> IndicatorConfig:
    return IndicatorConfig()


@pytest.fixture
def no_history() -> History:
    return History.empty()
