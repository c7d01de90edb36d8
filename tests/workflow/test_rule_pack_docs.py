"""docs/rule-packs.md stays true: its examples import cleanly, its tables name every code and
field, and its sample problems are what checking prints."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from cargotarget.model.rules import RuleAction, RuleContent, ThreatCategory
from cargotarget.workflow.pack_format import check_pack
from cargotarget.workflow.pack_syntax import PackFormat
from cargotarget.workflow.rule_checks import rule_catalogue

DOC = (Path(__file__).resolve().parents[2] / "docs" / "rule-packs.md").read_text("utf-8")


def _block(language: str, number: int = 0) -> str:
    blocks: list[str] = re.findall(rf"```{language}\n(.*?)```", DOC, re.DOTALL)
    return blocks[number]


def _first_column(heading: str) -> list[str]:
    table = DOC.split(heading, 1)[1].split("\n\n", 2)[1]
    return [row.split("|")[1].strip(" `") for row in table.splitlines()[2:]]


def test_the_examples_read_without_problems() -> None:
    yaml_pack, problems = check_pack(_block("yaml").encode(), PackFormat.YAML, rule_catalogue())
    assert problems == []
    assert [r.code for r in yaml_pack.rules] == ["NARC-0001", "REV-0002", "AEO-0001"]
    assert yaml_pack.rules[0].scope.ports_of_discharge == ("JMKIN",)
    json_pack, problems = check_pack(_block("json").encode(), PackFormat.JSON, rule_catalogue())
    assert problems == []
    assert json_pack.rules == (yaml_pack.rules[1],)


def test_the_tables_name_every_field_and_code() -> None:
    assert _first_column("## A rule") == list(RuleContent.__struct_fields__)
    assert _first_column("Threat categories (`threat`):") == [t.value for t in ThreatCategory]
    assert _first_column("Actions (`action`):") == [a.value for a in RuleAction]


def test_the_sample_problems_are_what_checking_prints() -> None:
    values: dict[str, Any] = yaml.safe_load(_block("yaml"))
    rules = values["rules"]
    rules.append({**rules[2], "code": "AEO-0002", "colour": "red"})
    rules[1]["condition"] = rules[1]["condition"].replace("freight_collect", "freight_colect")
    rules[2]["rationale"] = ""
    text = yaml.safe_dump(values).encode()
    _, problems = check_pack(text, PackFormat.YAML, rule_catalogue())
    printed = []
    for problem in problems:
        printed.append(str(problem))
        printed += [f"    {line}" for line in (problem.excerpt or "").splitlines()]
    assert "\n".join(printed) + "\n" == _block("text")
