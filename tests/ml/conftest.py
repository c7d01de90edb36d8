"""Shared data of the learned-score tests: one demo with simulated examinations, and a model
trained on its earlier weeks (built once per session: the demo takes seconds to generate)."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from cargotarget.ml.training import TrainedModel, train_model
from tests.ml.demo_examples import DemoExamples, demo_examples


@pytest.fixture(scope="session")
def demo() -> DemoExamples:
    return demo_examples(12_000, seed=7, control=0.1)


@pytest.fixture(scope="session")
def until(demo: DemoExamples) -> datetime:
    """The end of the training window: 60 % into the demo's filing period."""
    first, last = demo.inputs["filed_at"].min(), demo.inputs["filed_at"].max()
    assert isinstance(first, datetime)
    assert isinstance(last, datetime)
    return first + (last - first) * 0.6


@pytest.fixture(scope="session")
def trained(demo: DemoExamples, until: datetime) -> TrainedModel:
    return train_model(demo.inputs, demo.outcomes, until=until, seed=11)


@pytest.fixture(scope="session")
def later(demo: DemoExamples, until: datetime) -> pl.DataFrame:
    """The last version of every consignment filed after the training window."""
    rows = demo.inputs.filter(pl.col("filed_at") >= until)
    return rows.unique("consignment_id", keep="last", maintain_order=True)
