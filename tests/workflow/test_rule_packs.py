"""Rule packs: export and import round trips in YAML and JSON, idempotent imports, and a clear
error naming the rule for every kind of malformed pack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import Connection, Engine

from cargotarget.model.manifest import Flow
from cargotarget.model.rules import RuleStatus, Scope
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.pack_format import RulePack, check_pack, encode_pack, read_pack_file
from cargotarget.workflow.pack_syntax import PackFormat
from cargotarget.workflow.rule_checks import RuleRejected, rule_catalogue
from cargotarget.workflow.rule_packs import Outcome, export_pack, export_text, import_pack
from tests.rule_factories import add_people, rule

YAML, JSON = PackFormat.YAML, PackFormat.JSON
RULES = (
    rule(
        "NARC-0001",
        scope=Scope(flows=(Flow.IMPORT,), ports_of_discharge=("JMKIN",)),
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        owner="Contraband Enforcement Team",
        condition="origin_country IN ('CO','EC')\n  AND shipper_first_seen_days < 90",
    ),
    rule("REV-0001", name="Vague and collect", condition="vague_description AND freight_collect"),
    rule("AEO-0001", name="Trusted trader", condition="trusted_trader", weight=-20.0),
)


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        add_people(connection)
        yield connection


def _activate(conn: Connection) -> None:
    for content in RULES:
        lifecycle.save_rule(conn, content, "alice")
        lifecycle.submit(conn, content.code, "alice")
        lifecycle.approve(conn, content.code, "bob")


def _problems(data: bytes, fmt: PackFormat = YAML) -> list[str]:
    try:
        _, problems = check_pack(data, fmt, rule_catalogue())
    except RuleRejected as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in problems]


@pytest.mark.parametrize("fmt", [YAML, JSON])
def test_export_and_import_round_trip(conn: Connection, fmt: PackFormat) -> None:
    _activate(conn)
    text = export_text(conn, fmt, name="Caribbean profiles")
    read, problems = check_pack(text, fmt, rule_catalogue())
    assert problems == []
    assert read.name == "Caribbean profiles"
    assert [r.code for r in read.rules] == ["AEO-0001", "NARC-0001", "REV-0001"]
    assert read.rules == export_pack(conn).rules
    assert sorted(read.rules, key=lambda r: r.code) == sorted(RULES, key=lambda r: r.code)
    assert import_pack(conn, text, fmt, "anton").count(Outcome.UNCHANGED) == 3


@pytest.mark.parametrize("fmt", [YAML, JSON])
def test_a_pack_imports_as_drafts_and_again_changes_nothing(
    conn: Connection, fmt: PackFormat
) -> None:
    text = encode_pack(RulePack(rules=RULES), fmt)
    first = import_pack(conn, text, fmt, "anton", source="caribbean.yaml")
    assert [(r.index, r.code, r.outcome) for r in first.rules] == [
        (1, "NARC-0001", Outcome.NEW_RULE),
        (2, "REV-0001", Outcome.NEW_RULE),
        (3, "AEO-0001", Outcome.NEW_RULE),
    ]
    drafts = lifecycle.current_rules(conn, RuleStatus.DRAFT)
    assert {(v.author, v.content) for v in drafts} == {("anton", r) for r in RULES}
    again = import_pack(conn, text, fmt, "alice")
    assert again.count(Outcome.UNCHANGED) == 3
    assert len(lifecycle.current_rules(conn)) == 3
    [event] = lifecycle.rule_history(conn, "REV-0001").events
    assert (event.action, event.note) == ("created", "imported from caribbean.yaml")


def test_changed_content_becomes_a_new_version(conn: Connection) -> None:
    _activate(conn)
    changed = (RULES[0], msgspec.structs.replace(RULES[1], weight=25.0), RULES[2])
    done = import_pack(conn, encode_pack(RulePack(rules=changed), YAML), YAML, "anton")
    assert [r.outcome for r in done.rules] == [
        Outcome.UNCHANGED,
        Outcome.NEW_VERSION,
        Outcome.UNCHANGED,
    ]
    versions = lifecycle.rule_history(conn, "REV-0001").versions
    assert [(v.version, v.status, v.author) for v in versions] == [
        (1, RuleStatus.ACTIVE, "alice"),
        (2, RuleStatus.DRAFT, "anton"),
    ]
    latest = {r.code: r.weight for r in export_pack(conn, latest=True).rules}
    assert latest["REV-0001"] == 25.0
    assert {r.code: r.weight for r in export_pack(conn).rules}["REV-0001"] == 40.0


def test_a_pack_with_one_bad_rule_saves_nothing(conn: Connection) -> None:
    bad = (RULES[0], msgspec.structs.replace(RULES[1], condition="vague_description AND"))
    with pytest.raises(RuleRejected) as caught:
        import_pack(conn, encode_pack(RulePack(rules=bad), YAML), YAML, "alice")
    [problem] = caught.value.problems
    assert (problem.index, problem.code, problem.field) == (2, "REV-0001", "condition")
    assert (problem.line, problem.column) == (1, 19)
    assert lifecycle.current_rules(conn) == []


def test_importing_needs_an_author_role(conn: Connection) -> None:
    with pytest.raises(lifecycle.NotAllowed):
        import_pack(conn, encode_pack(RulePack(rules=RULES), YAML), YAML, "erin")


GOOD = """\
format: cargotarget.rule-pack
rules:
  - code: NARC-0001
    name: Bananas
    condition: origin_country = 'CO'
    rationale: Seizures in 2025.
    threat: narcotics
    weight: 40
    action: physical
"""


def _second(**fields: str) -> str:
    """GOOD with a second rule whose fields are those of the first, changed by ``fields``."""
    lines = GOOD.splitlines()[3:]
    values = dict(line.strip().split(": ", 1) for line in lines)
    values.update({"code": "REV-0002", **fields})
    body = "".join(f"    {k}: {v}\n" for k, v in values.items() if v != "<drop>")
    return GOOD + "  - " + body[4:]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD[:120], "the YAML cannot be read at line 6, column"),
        (_second(weight="heavy"), "rule 2 (REV-0002), weight: expected a number, got text"),
        (_second(weight="true"), "rule 2 (REV-0002), weight: expected a number, got true or false"),
        (_second(rationale="<drop>"), "rule 2 (REV-0002), rationale: is required"),
        (_second(rationale="'   '"), "rule 2 (REV-0002), rationale: is required: say why"),
        (_second(colour="red"), "rule 2 (REV-0002), colour: is not a known field (code, name,"),
        (_second(threat="drugs"), "rule 2 (REV-0002), threat: 'drugs' is not one of narcotics,"),
        (_second(action="[scan]"), "rule 2 (REV-0002), action: expected text, got a list"),
        (_second(scope="{flow: [import]}"), "rule 2 (REV-0002), scope.flow: is not a known field"),
        (_second(valid_to="31/12/2026"), "rule 2 (REV-0002), valid_to: is not a date (yyyy-mm-dd)"),
        (_second(code="NARC-0001"), "rule 2 (NARC-0001), code: the code is already used by rule 1"),
        (_second(condition="hs_code LIKE"), "rule 2 (REV-0002), condition, line 1, column 9"),
        (GOOD + "colour: red\n", "colour: is not a known field (format, version, name,"),
        (GOOD.replace("cargotarget.rule-pack", "other"), "this is format 'other' version 1"),
        ("- code: X\n", "a rule pack is a mapping with a `rules` list"),
        ("rules: {code: X}\n", "rules: expected a list, got a mapping"),
        ("rules:\n  - 42\n", "rule 1: a rule is a mapping of fields"),
        (GOOD + "rules: []\n", "the YAML cannot be read at line 10, column 1: the key 'rules'"),
        ("? [a]\n: 1\n", "the YAML cannot be read at line 1, column 3: found unhashable key"),
        ("a: &x [1]\nb: *x\n", "the YAML cannot be read at line 2, column 4: aliases (*name)"),
        ("\x00\xff\xfe binary", "the file is not text: special characters are not allowed"),
    ],
)
def test_malformed_yaml_packs_say_what_and_where(text: str, expected: str) -> None:
    problems = _problems(text.encode("utf-8", "surrogateescape"))
    assert problems
    assert problems[0].startswith(expected), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"rules": [\n  {"code": "X",\n   "name": }',
            "the JSON cannot be read at line 3, column 12",
        ),
        ('{"rules": [{"code": 7}]}', "rule 1, code: expected text, got a whole number"),
        ("[]", "a rule pack is a mapping with a `rules` list"),
        ("", "the JSON cannot be read"),
    ],
)
def test_malformed_json_packs_say_what_and_where(text: str, expected: str) -> None:
    problems = _problems(text.encode(), JSON)
    assert problems[0].startswith(expected), problems


def test_every_bad_rule_is_reported_at_once() -> None:
    text = _second(weight="heavy").replace("origin_country = 'CO'", "origin_country = 3", 1)
    assert [p.split(",")[0] for p in _problems(text.encode())] == [
        "rule 1 (NARC-0001)",
        "rule 2 (REV-0002)",
    ]


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(9 * 1024 * 1024)
    with pytest.raises(RuleRejected, match=r"huge\.yaml is larger than 8 MiB"):
        read_pack_file(huge)


def test_too_many_rules_are_refused() -> None:
    text = "rules:\n" + "  - {}\n" * 10_001
    assert _problems(text.encode()) == ["the pack has 10001 rules; at most 10000 are accepted"]


def test_exported_at_and_name_travel_with_the_pack() -> None:
    at = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    for fmt in (YAML, JSON):
        pack = RulePack(name="Spring", description="x: y", exported_at=at, rules=RULES)
        read, problems = check_pack(encode_pack(pack, fmt), fmt, rule_catalogue())
        assert problems == []
        assert read == pack
