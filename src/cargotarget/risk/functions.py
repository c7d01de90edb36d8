"""The functions a rule may call, each defined once for both compilers.

Every function is NULL in, NULL out (except ``COALESCE``, whose purpose is to replace NULL), and
gives the same answer as a Polars expression and as plain Python: text functions work on whole
Unicode characters, ``TRIM`` removes spaces only, as in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from cargotarget.risk.fields import ValueType

PolarsBody = Callable[[Sequence[pl.Expr]], pl.Expr]
PythonBody = Callable[[Sequence[object]], object]

_TEXT, _NUMBER, _BOOLEAN = ValueType.TEXT, ValueType.NUMBER, ValueType.BOOLEAN


@dataclass(frozen=True, slots=True)
class Function:
    """A whitelisted function. ``parameters`` is None for ``COALESCE``, which takes one or more
    arguments of one type and returns that type (``result`` None)."""

    name: str
    parameters: tuple[ValueType, ...] | None
    result: ValueType | None
    polars: PolarsBody
    python: PythonBody
    description: str


def _strict(body: Callable[..., object]) -> PythonBody:
    """Wrap ``body`` so that any NULL argument gives NULL, as SQL functions do."""

    def call(args: Sequence[object]) -> object:
        return None if any(arg is None for arg in args) else body(*args)

    return call


def _coalesce(args: Sequence[object]) -> object:
    return next((arg for arg in args if arg is not None), None)


def _text(value: object) -> str:
    assert isinstance(value, str)
    return value


def _number(value: object) -> float:
    assert isinstance(value, float | int)
    return float(value)


FUNCTIONS: dict[str, Function] = {
    function.name: function
    for function in (
        Function(
            "UPPER",
            (_TEXT,),
            _TEXT,
            lambda a: a[0].str.to_uppercase(),
            _strict(lambda s: _text(s).upper()),
            "the text in capitals",
        ),
        Function(
            "LOWER",
            (_TEXT,),
            _TEXT,
            lambda a: a[0].str.to_lowercase(),
            _strict(lambda s: _text(s).lower()),
            "the text in small letters",
        ),
        Function(
            "TRIM",
            (_TEXT,),
            _TEXT,
            lambda a: a[0].str.strip_chars(" "),
            _strict(lambda s: _text(s).strip(" ")),
            "the text without leading and trailing spaces",
        ),
        Function(
            "LENGTH",
            (_TEXT,),
            _NUMBER,
            lambda a: a[0].str.len_chars().cast(pl.Float64),
            _strict(lambda s: float(len(_text(s)))),
            "the number of characters in the text",
        ),
        Function(
            "ABS",
            (_NUMBER,),
            _NUMBER,
            lambda a: a[0].abs(),
            _strict(lambda x: abs(_number(x))),
            "the number without its sign",
        ),
        Function(
            "COALESCE",
            None,
            None,
            lambda a: pl.coalesce(list(a)),
            _coalesce,
            "the first argument that is not NULL",
        ),
        Function(
            "STARTS_WITH",
            (_TEXT, _TEXT),
            _BOOLEAN,
            lambda a: a[0].str.starts_with(a[1]),
            _strict(lambda s, p: _text(s).startswith(_text(p))),
            "whether the text starts with the prefix",
        ),
        Function(
            "ENDS_WITH",
            (_TEXT, _TEXT),
            _BOOLEAN,
            lambda a: a[0].str.ends_with(a[1]),
            _strict(lambda s, p: _text(s).endswith(_text(p))),
            "whether the text ends with the suffix",
        ),
        Function(
            "CONTAINS",
            (_TEXT, _TEXT),
            _BOOLEAN,
            lambda a: a[0].str.contains(a[1], literal=True),
            _strict(lambda s, p: _text(p) in _text(s)),
            "whether the text contains the other text",
        ),
    )
}
