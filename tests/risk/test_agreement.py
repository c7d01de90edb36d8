"""The three evaluators agree row by row on random rules over random frames, NULLs included:
the Polars expression and the per-record function give the same true / false / NULL, and the
batch evaluator hits exactly the rows where the condition is true."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.risk.batch import BatchEvaluator
from cargotarget.risk.compile_polars import to_polars
from cargotarget.risk.compile_record import to_record_function
from cargotarget.risk.fields import Catalogue
from cargotarget.risk.language import parse_condition
from cargotarget.risk.tree import Condition
from tests.risk.conftest import SMALL
from tests.risk.strategies import frames, rules

CATALOGUE = Catalogue(SMALL)


def polars_values(frame: pl.DataFrame, condition: Condition) -> list[bool | None]:
    """The condition per row by its Polars expression (a constant is spread over the rows)."""
    values = frame.with_columns(to_polars(condition).alias("result"))["result"]
    return values.to_list()


def record_values(frame: pl.DataFrame, condition: Condition) -> list[bool | None]:
    function = to_record_function(condition)
    return [function(row) for row in frame.to_dicts()]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames(CATALOGUE), texts=st.lists(rules, min_size=1, max_size=8))
def test_polars_record_and_batch_agree(frame: pl.DataFrame, texts: list[str]) -> None:
    conditions = [parse_condition(text, CATALOGUE) for text in texts]
    expected = []
    for condition in conditions:
        by_polars = polars_values(frame, condition)
        assert by_polars == record_values(frame, condition), condition.text
        expected.append(frozenset(i for i, value in enumerate(by_polars) if value is True))
    for index_uses, threads in ((1, 2), (100, 1)):
        evaluator = BatchEvaluator(conditions, CATALOGUE, threads=threads, index_uses=index_uses)
        assert evaluator.evaluate(frame).as_sets() == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames(CATALOGUE), data=st.data())
def test_many_rules_on_one_column_use_its_index(frame: pl.DataFrame, data: st.DataObject) -> None:
    """Enough rules anchored on one column for it to be indexed, for a subset of its codes
    or all of them, with the other tests checked on the candidates only."""
    values = data.draw(st.lists(st.sampled_from(["CO", "EC", "C", "", "é", "CO%"]), min_size=1))
    extra = data.draw(st.lists(rules, min_size=len(values), max_size=len(values)))
    texts = [f"origin = '{v}' AND ({e})" for v, e in zip(values, extra, strict=True)]
    texts += [f"origin IN ('{values[0]}', 'EC') AND {e}" for e in extra]
    conditions = [parse_condition(text, CATALOGUE) for text in texts]
    hits = BatchEvaluator(conditions, CATALOGUE, index_uses=2).evaluate(frame)
    for i, condition in enumerate(conditions):
        by_polars = polars_values(frame, condition)
        assert set(hits.rows_for_rule(i).tolist()) == {j for j, v in enumerate(by_polars) if v}
