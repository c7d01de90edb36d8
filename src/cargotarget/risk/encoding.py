"""Columns of a rule frame in the forms the batch evaluator works on.

A categorical or boolean column becomes small integer codes into a dictionary of its distinct
values (NULL is the last code), so that a predicate on it is decided once per distinct value
(a lookup table over the codes) and then tested per row on the codes alone. The rows holding
a set of codes come from a sorted index of the column when many rules ask (one sort, then a
slice per code), or from a scan of the codes when few do. Numbers and dates become float
arrays with NaN for NULL.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
import polars as pl

Rows = npt.NDArray[np.intp]
Mask = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.unsignedinteger]
Floats = npt.NDArray[np.float64]
CodeTest = Callable[[Codes], Mask]

EPOCH = date(1970, 1, 1)
#: Rows sampled to estimate how many rows a set of codes holds.
SAMPLE_SIZE = 16_384
#: When the codes rules ask for hold less than this share of the rows, only those rows are
#: sorted to build the index.
SUBSET_SHARE = 0.35
#: A set of at most this many codes is tested by comparisons rather than a table lookup.
FEW_CODES = 4


def _small(codes: npt.NDArray[np.unsignedinteger], size: int) -> Codes:
    """Codes in the narrowest unsigned type that holds ``size`` codes: narrower codes are
    compared, sorted and gathered faster."""
    for dtype in (np.uint8, np.uint16):
        if size <= np.iinfo(dtype).max + 1:
            return codes.astype(dtype)
    return codes


def code_test(lut: Mask) -> CodeTest:
    """A test of codes against the set marked in ``lut``: a few comparisons when the set or
    its complement is small or the set is one run of codes, else a table lookup."""
    marked = int(np.count_nonzero(lut))
    if marked <= FEW_CODES:
        inside = [int(c) for c in np.flatnonzero(lut)]
        return lambda codes: _any_equal(codes, inside)
    if len(lut) - marked <= FEW_CODES:
        outside = [int(c) for c in np.flatnonzero(~lut)]
        return lambda codes: ~_any_equal(codes, outside)
    first = int(np.argmax(lut))
    if lut[first : first + marked].all():
        return lambda codes: (codes >= first) & (codes < first + marked)
    return lambda codes: lut.take(codes)


def _any_equal(codes: Codes, values: list[int]) -> Mask:
    if not values:
        return np.zeros(len(codes), dtype=np.bool_)
    found: Mask = codes == values[0]
    for value in values[1:]:
        found |= codes == value
    return found


@dataclass
class CodedColumn:
    """A column as codes into ``values``, its distinct values (the last is NULL); ``dtype`` is
    the column's type, for evaluating expressions over the values."""

    codes: Codes
    values: list[object]
    dtype: pl.DataType
    known: Mask = field(init=False, repr=False)
    _sample: npt.NDArray[np.int64] = field(init=False, repr=False)
    _order: Rows | None = field(default=None, init=False, repr=False)
    _starts: npt.NDArray[np.int64] | None = field(default=None, init=False, repr=False)
    _indexed: Mask | None = field(default=None, init=False, repr=False)
    _scanned: dict[bytes, Rows] = field(default_factory=dict, init=False, repr=False)
    _sorted: tuple[list[str], list[int]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.known = np.fromiter((v is not None for v in self.values), np.bool_, self.size)
        step = max(1, len(self.codes) // SAMPLE_SIZE)
        self._sample = np.bincount(self.codes[::step], minlength=self.size) * step

    @property
    def dictionary(self) -> pl.Series:
        """The distinct values as a series of the column's type, NULL last."""
        if self.dtype == pl.Boolean:
            return pl.Series(self.values, dtype=pl.Boolean)
        return pl.Series(self.values, dtype=pl.String).cast(self.dtype)

    @property
    def size(self) -> int:
        return len(self.values)

    def estimate(self, lut: Mask) -> float:
        """About how many rows hold a code marked in ``lut`` (from a sample of the rows)."""
        return float(self._sample[lut].sum())

    @property
    def indexed(self) -> bool:
        return self._order is not None

    def build_index(self, needed: Mask) -> None:
        """Sort the rows holding the codes marked in ``needed`` by code, once; afterwards the
        rows of any of those codes are one slice. When those rows are few, only they are
        sorted."""
        if self.estimate(needed) < SUBSET_SHARE * len(self.codes):
            rows = np.flatnonzero(needed.take(self.codes))
            codes = self.codes.take(rows)
            self._order = rows.take(np.argsort(codes, kind="stable"))
        else:
            codes, needed = self.codes, np.ones(self.size, dtype=np.bool_)
            self._order = np.argsort(codes, kind="stable")
        self._starts = np.concatenate(([0], np.cumsum(np.bincount(codes, minlength=self.size))))
        self._indexed = needed

    def rows_where(self, lut: Mask, test: CodeTest) -> Rows:
        """The rows whose code is marked in ``lut`` (``test`` tells them apart), ascending
        within each code; from the index if there is one, else by a scan (kept for reuse)."""
        covered = self._indexed is not None and not np.any(lut & ~self._indexed)
        if self._order is None or self._starts is None or not covered:
            key = lut.tobytes()
            found = self._scanned.get(key)
            if found is None:
                found = self._scanned[key] = np.flatnonzero(test(self.codes))
            return found
        order, starts = self._order, self._starts
        chosen = np.flatnonzero(lut)
        if not len(chosen):
            return order[:0]
        breaks = np.flatnonzero(np.diff(chosen) != 1) + 1
        firsts, lasts = chosen[np.r_[0, breaks]], chosen[np.r_[breaks - 1, -1]] + 1
        slices = [order[starts[a] : starts[b]] for a, b in zip(firsts, lasts, strict=True)]
        return slices[0] if len(slices) == 1 else np.concatenate(slices)

    def prefixed(self, prefix: str) -> Mask | None:
        """The codes of the values that start with ``prefix``, found by bisection of the
        sorted values; None where the prefix cannot be bounded that way."""
        if not prefix or ord(prefix[-1]) >= 0x10FFFF or self.dtype == pl.Boolean:
            return None
        if self._sorted is None:
            pairs = sorted((v, i) for i, v in enumerate(self.values) if isinstance(v, str))
            self._sorted = [v for v, _ in pairs], [i for _, i in pairs]
        texts, codes = self._sorted
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        lut = np.zeros(self.size, dtype=np.bool_)
        lut[codes[bisect.bisect_left(texts, prefix) : bisect.bisect_left(texts, after)]] = True
        return lut

    def value_index(self) -> dict[object, int]:
        """Each value's code (NULL and reserved codes left out)."""
        return {v: i for i, v in enumerate(self.values) if v is not None}


def code_categorical(series: pl.Series, ordered: bool = False) -> CodedColumn:
    """Codes of a Categorical column: its physical category ids, NULL mapped past the last;
    when ``ordered``, renumbered in the order of the values, so that the values sharing a
    prefix are one run of codes."""
    dtype = series.dtype
    assert isinstance(dtype, pl.Categorical)
    values: list[object] = [*dtype.categories.to_series().to_list(), None]
    physical = series.to_physical()
    if physical.null_count():
        physical = physical.fill_null(len(values) - 1)
    codes = physical.to_numpy()
    if ordered:
        order = sorted(range(len(values)), key=lambda i: (values[i] is None, str(values[i])))
        rank = np.empty(len(values), dtype=np.uint32)
        rank[order] = np.arange(len(values))
        values = [values[i] for i in order]
        codes = _small(rank, len(values)).take(codes)
    return CodedColumn(_small(codes, len(values)), values, dtype)


def code_boolean(series: pl.Series) -> CodedColumn:
    if series.null_count():
        codes = series.cast(pl.UInt8).fill_null(2).to_numpy()
    else:
        codes = series.to_numpy().view(np.uint8)
    return CodedColumn(codes, [False, True, None], pl.Boolean())


def floats(series: pl.Series) -> Floats:
    """A number or date column as floats (dates as days since 1970-01-01), NaN for NULL."""
    if series.dtype == pl.Date:
        series = series.to_physical().cast(pl.Float64)
    if series.null_count():
        series = series.fill_null(np.nan)
    values: Floats = series.to_numpy()
    return values


def float_value(value: object) -> float:
    """A number or date constant on the scale of :func:`floats`."""
    if isinstance(value, date):
        return float((value - EPOCH).days)
    assert isinstance(value, int | float)
    return float(value)
