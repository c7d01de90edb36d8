"""docs/cases.md names every reason code, examination type, step and case route there is."""

from __future__ import annotations

from pathlib import Path

from cargotarget.model.cases import EDGES, REASON_CODES, ExaminationType
from tests.web.routes_cases import CASES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "cases.md").read_text()


def test_the_document_lists_every_code_and_step() -> None:
    for kind, codes in REASON_CODES.items():
        row = next(line for line in DOC.splitlines() if line.startswith(f"| `{kind.value}` |"))
        assert [c.strip(" `") for c in row.split("|")[2].split(",")] == list(codes)
    for step in EDGES:
        assert f"| `{step.value}` |" in DOC
    for examination in ExaminationType:
        assert f"`{examination.value}`" in DOC


def test_the_document_lists_every_case_route() -> None:
    for _method, path in CASES:
        shown = path.removeprefix("/api/v1")
        assert shown.rsplit("/", 1)[-1] in DOC
        assert shown.split("{")[0] in DOC
