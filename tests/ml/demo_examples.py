"""Inputs and outcomes of the learned score built from a demo stream, without a store.

The assessment frame is built with the pure risk functions, as ``workflow.history`` does for
stored filings: the indicator frame of every version, the indicators learned from a history
of all versions with their outcomes. Examinations are simulated as a targeting team would make
them: the bills a few strong indicators point at (a stand-in for the red lane) and a random
control group of 5 %; what an examination finds comes from the demo's planted ground truth,
with a little noise both ways (a planted risk missed, a discrepancy on a clean bill).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from importlib.resources import files

import polars as pl
import yaml

from cargotarget.demo.generator import generate
from cargotarget.model.manifest import MessageFunction
from cargotarget.risk.compile_polars import hit_expression
from cargotarget.risk.fields import default_catalogue
from cargotarget.risk.frame import Filing, conform
from cargotarget.risk.indicators import History, Outcome, compute_indicators, register_indicators
from cargotarget.risk.indicators.history import normalise, records_of
from cargotarget.risk.indicators.inputs import indicator_frame
from cargotarget.risk.language import parse_condition

CATALOGUE = register_indicators(default_catalogue())
RULES = yaml.safe_load((files("cargotarget.demo") / "rules.yaml").read_text())["rules"]
RED_FROM = 60.0
"""The red lane: bills whose demo rules weigh this much or more are examined."""
EXAMINED_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class DemoExamples:
    """Inputs (one row per version), outcomes, and the consignment ids of planted risks."""

    inputs: pl.DataFrame
    outcomes: pl.DataFrame
    planted: frozenset[int]


def demo_examples(size: int, seed: int = 7, control: float = 0.05) -> DemoExamples:
    """A demo of ``size`` bills, its assessment frame and simulated examinations."""
    items, ids, planted = _filings(size, seed)
    frame = indicator_frame(items, CATALOGUE)
    keys = normalise(records_of(items, frame=frame)).select("shipper_key", "consignee_key")
    first = _assessed(frame, History.from_filings(items), keys, ids)
    outcomes = _examinations(first, planted, random.Random(seed), control)
    found = dict(
        zip(outcomes["consignment_id"].to_list(), outcomes["finding"].to_list(), strict=True)
    )
    at = dict(
        zip(outcomes["consignment_id"].to_list(), outcomes["examined_at"].to_list(), strict=True)
    )
    past = [Outcome(finding=found[c], finding_at=at[c]) if c in found else None for c in ids]
    inputs = _assessed(frame, History.from_filings(items, past), keys, ids)
    return DemoExamples(inputs, outcomes, frozenset(planted))


def _filings(size: int, seed: int) -> tuple[list[Filing], list[int], set[int]]:
    """Every version filed, in filing order, with its consignment id; planted consignments."""
    items: list[Filing] = []
    ids: list[int] = []
    known: dict[str, int] = {}
    versions: dict[str, int] = {}
    planted_bills: set[str] = set()
    for demo in generate(size, seed=seed):
        manifest = demo.manifest
        planted_bills.update(t.bill_number for t in demo.truth)
        if manifest.function is MessageFunction.CANCEL:
            continue
        for consignment in manifest.consignments:
            bill = consignment.bill_number
            known.setdefault(bill, len(known) + 1)
            versions[bill] = versions.get(bill, -1) + 1
            filing = Filing(
                consignment, manifest.voyage, manifest.flow, manifest.filed_at, versions[bill]
            )
            items.append(filing)
            ids.append(known[bill])
    return items, ids, {known[b] for b in planted_bills if b in known}


def _assessed(
    frame: pl.DataFrame, history: History, keys: pl.DataFrame, ids: list[int]
) -> pl.DataFrame:
    values = conform(compute_indicators(frame, history), CATALOGUE)
    return values.with_columns(
        frame["filed_at"],
        keys["shipper_key"],
        keys["consignee_key"],
        pl.Series("consignment_id", ids, dtype=pl.Int64),
    )


def _examinations(
    inputs: pl.DataFrame, planted: set[int], rng: random.Random, control: float
) -> pl.DataFrame:
    """One examination of the last version of each consignment in the red lane of the demo
    rules or drawn for the control group."""
    last = inputs.unique("consignment_id", keep="last", maintain_order=True)
    score = pl.sum_horizontal(
        pl.when(hit_expression(parse_condition(r["condition"], CATALOGUE))).then(r["weight"])
        for r in RULES
    )
    red = last.select(score.fill_null(0) >= RED_FROM).to_series()
    rows = []
    for row, hot in zip(last.iter_rows(named=True), red, strict=True):
        chosen_randomly = rng.random() < control
        if not chosen_randomly and not hot:
            continue
        risky = row["consignment_id"] in planted
        finding = rng.random() < (0.9 if risky else 0.02)
        rows.append(
            {
                "consignment_id": row["consignment_id"],
                "examined_at": row["filed_at"] + EXAMINED_AFTER,
                "finding": finding,
                "seizure_value": rng.uniform(1e3, 1e6) if finding and risky else None,
                "random": chosen_randomly,
                **{k: _text(row[k]) for k in KEYS},
            }
        )
    return pl.DataFrame(rows, schema=OUTCOMES)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


KEYS = (
    "shipper_key",
    "consignee_key",
    "carrier_code",
    "hs_heading",
    "origin_country",
    "port_of_loading",
    "port_of_discharge",
)
OUTCOMES = {
    "consignment_id": pl.Int64,
    "examined_at": pl.Datetime("us", "UTC"),
    "finding": pl.Boolean,
    "seizure_value": pl.Float64,
    "random": pl.Boolean,
    **dict.fromkeys(KEYS, pl.String),
}
