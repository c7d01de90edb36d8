"""The text of a rule pack: whatever a rule holds comes back unchanged from YAML and JSON."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from cargotarget.model.manifest import Flow, TransportMode
from cargotarget.model.rules import RuleAction, RuleContent, Scope, ThreatCategory
from cargotarget.workflow.pack_format import RulePack, encode_pack
from cargotarget.workflow.pack_syntax import PackFormat, load_text

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
scopes = st.builds(
    Scope,
    flows=st.lists(st.sampled_from(Flow), max_size=2).map(tuple),
    modes=st.lists(st.sampled_from(TransportMode), max_size=2).map(tuple),
    ports_of_discharge=st.lists(texts, max_size=2).map(tuple),
)
contents = st.builds(
    RuleContent,
    code=texts,
    name=texts,
    condition=texts,
    rationale=texts,
    threat=st.sampled_from(ThreatCategory),
    weight=st.floats(-1000, 1000, allow_nan=False),
    action=st.sampled_from(RuleAction),
    scope=scopes,
    valid_from=st.none() | st.dates(),
    valid_to=st.none() | st.dates(),
    owner=st.none() | texts,
)


def _rules(values: Any) -> list[RuleContent]:
    return [msgspec.convert(rule, RuleContent) for rule in values["rules"]]


@settings(max_examples=150, deadline=None)
@given(st.lists(contents, max_size=3), st.sampled_from(PackFormat))
def test_every_rule_survives_writing_and_reading(rules: list[RuleContent], fmt: PackFormat) -> None:
    text = encode_pack(RulePack(rules=tuple(rules)), fmt)
    assert _rules(load_text(text, fmt)) == rules
