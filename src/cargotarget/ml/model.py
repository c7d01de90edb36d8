"""A trained model as it is kept: the booster, the features it reads, its calibration and
what is known about how it was made; and the refusal to train on too little."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import lightgbm as lgb
import msgspec
import numpy as np
import polars as pl

from cargotarget.ml.calibration import Calibration


class TrainingRefused(Exception):
    """The examination outcomes cannot train a model worth using (too few, no finding)."""


class TrainedModel(msgspec.Struct, frozen=True, kw_only=True):
    """A trained model: ``booster`` (LightGBM's model text), ``features`` (column names, in
    the order the booster reads them), ``calibration``, LightGBM ``params``, ``metrics`` on
    the validation part (see :func:`.evaluation.quality_metrics`), the training window
    (filing times of the first and last example), example ``counts``, the ``seed`` and when it
    was trained."""

    booster: str
    features: tuple[str, ...]
    calibration: Calibration
    params: dict[str, str | int | float | bool]
    metrics: dict[str, float]
    window_start: datetime
    window_end: datetime
    counts: dict[str, int]
    seed: int
    trained_at: datetime

    def to_bytes(self) -> bytes:
        return msgspec.msgpack.encode(self)

    @classmethod
    def from_bytes(cls, data: bytes) -> TrainedModel:
        """The model encoded by :meth:`to_bytes`; ValueError for anything else."""
        try:
            return msgspec.msgpack.decode(data, type=cls)
        except msgspec.DecodeError as error:
            raise ValueError(f"not a stored model: {error}") from error


@lru_cache(maxsize=8)
def booster_of(text: str) -> lgb.Booster:
    """The booster of a model's text, parsed once: parsing takes far longer than scoring a
    small batch, and the same few models score every assessment."""
    return lgb.Booster(model_str=text)


def model_matrix(model: TrainedModel, features: pl.DataFrame) -> np.ndarray:
    """The columns of ``features`` the model reads, in its order, as a float32 matrix (in
    the column order Polars hands over: copying it into row order costs more than LightGBM
    gains from it); ValueError naming a missing column."""
    missing = [name for name in model.features if name not in features.columns]
    if missing:
        raise ValueError(f"features: missing the column {missing[0]!r}")
    return features.select(model.features).to_numpy().astype(np.float32, copy=False)
