"""The ``assess`` and ``explain`` commands: run the assessment, and say why a consignment
scored what it did."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from cargotarget.cli_context import err, out, workspace
from cargotarget.store.assessments import Hit, StoredAssessment, latest_assessment
from cargotarget.store.queries import consignment_record, find_ids
from cargotarget.workflow.assess import AssessConfig, AssessSummary, assess_pending
from cargotarget.workflow.workspace import Workspace


def run_assessment(space: Workspace) -> AssessSummary:
    """Assess what is new and print one line about it."""
    summary = assess_pending(
        space.engine, space.catalogue, AssessConfig.from_settings(space.settings)
    )
    if summary.assessed:
        lanes = ", ".join(f"{lane} {count:,}" for lane, count in sorted(summary.lanes.items()))
        out.print(
            f"assessed {summary.assessed:,} consignment version(s) with {summary.rules} active "
            f"rule(s) in {summary.seconds:.1f} s: {lanes}; {summary.random:,} random control"
        )
    return summary


def assess() -> None:
    """Assess every current consignment version that has not been assessed yet."""
    if not run_assessment(workspace()).assessed:
        out.print("nothing to assess")


def explain(
    bill: Annotated[str, typer.Argument(help="bill of lading or air waybill number")],
    provider: Annotated[str | None, typer.Option(help="the filer, when bills repeat")] = None,
) -> None:
    """Why a consignment scored what it did: rule hits with the values they read, watch-list
    matches with their scores, and the indicators that were raised."""
    space = workspace()
    with space.engine.connect() as conn:
        ids = find_ids(conn, bill.strip().upper(), provider) or find_ids(conn, bill, provider)
        if not ids:
            err.print(f"[red]error:[/red] no consignment with bill number {bill}")
            raise typer.Exit(2)
        for cid in ids:
            record = consignment_record(conn, cid)
            found = latest_assessment(conn, cid)
            assert record is not None
            head = record.summary
            title = f"{head.bill_number} ({head.provider}, v{head.version})"
            if found is None:
                out.print(f"{title}: not assessed yet")
                continue
            _print_assessment(title, found)


def _print_assessment(title: str, found: StoredAssessment) -> None:
    flags = " [random control]" if found.random_selected else ""
    flags += " [dropped for capacity]" if found.capacity_dropped else ""
    flags += f" [scored with {found.model_version}]" if found.model_version else ""
    out.print(
        f"{title}: score {found.score:g}, lane {found.lane.upper()}{flags}",
        markup=False,
        highlight=False,
    )
    table = Table(title="hits")
    for name in ("kind", "weight", "what", "evidence"):
        table.add_column(name)
    for hit in found.hits:
        evidence = dict(hit.evidence)
        what = str(evidence.pop("rule", "")) + " " + str(evidence.pop("name", ""))
        if hit.kind == "watchlist":
            what = hit.watchlist_entry or ""
        if hit.kind == "model":
            table.add_row(*_model_row(hit))
            continue
        table.add_row(hit.kind, f"{hit.weight:g}", what.strip(), str(evidence))
    out.print(table)
    raised = ", ".join(f"{k}={v}" for k, v in sorted(found.indicators.items()))
    out.print(f"indicators: {raised or 'none raised'}", markup=False, highlight=False)


def _model_row(hit: Hit) -> tuple[Text, ...]:
    """The model's hit in words: its version, the probability of a finding, and the features
    that moved its points most (each a sentence)."""
    evidence = hit.evidence
    what = f"{evidence.get('model', '')} (probability of a finding {evidence.get('probability')})"
    sentences = [str(c.get("sentence", "")) for c in evidence.get("contributions", [])]
    said = "\n".join(sentences) or "a small share of the score: not broken down"
    return (Text("model"), Text(f"{hit.weight:g}"), Text(what), Text(said))
