"""Vague descriptions and descriptions that do not fit the HS code."""

from __future__ import annotations

from cargotarget.risk.indicators import IndicatorConfig
from cargotarget.risk.indicators.description import hs_vocabulary
from tests.risk.indicators.builders import bill, column, goods, outcomes

VAGUE = [
    "FAK",
    "Freight of all kinds",
    "GENERAL CARGO",
    "SAID TO CONTAIN 1200 CARTONS",
    "STC 40 PACKAGES",
    "consolidated cargo",
    "AUTOMOTIVE PARTS",
    "machinery",
    "FOODSTUFFS",
    "Personal effects",
    "SHOES",
]


def test_catch_all_terms_and_very_short_descriptions_are_vague() -> None:
    cases = {d: bill(items=[goods(d, "870899")]) for d in VAGUE}
    assert outcomes("vague_description", cases) == dict.fromkeys(VAGUE, True)


def test_precise_descriptions_are_vague_only_without_hs_code() -> None:
    cases = {
        "precise": bill(items=[goods("FRESH CAVENDISH BANANAS", "080390")]),
        "no HS code": bill(items=[goods("FRESH CAVENDISH BANANAS", None)]),
        "terms inside words": bill(items=[goods("STCKED WOODEN CHAIRS, PARTSWORTH", "940161")]),
    }
    assert outcomes("vague_description", cases) == {
        "precise": False,
        "no HS code": True,
        "terms inside words": False,
    }


def test_the_term_list_is_configurable() -> None:
    config = IndicatorConfig(vague_terms=("GENERAL CARGO",))
    parts = bill(items=[goods("AUTOMOTIVE PARTS FOR TRUCKS", "870899")])
    assert column("vague_description", parts, config=config) == [False]


FITTING = {
    "FRESH BANANAS": "080390",
    "Cotton T-shirts": "610910",
    "LAPTOP COMPUTERS": "847130",
    "SNEAKERS": "640411",
    "Smartphones": "851713",
    "PLANTAINS": "080310",
}
MISFITTING = {"FRESH BANANAS": "847130", "LAPTOP COMPUTERS": "080390", "FROZEN SHRIMP": "610910"}


def test_descriptions_that_fit_the_hs_code() -> None:
    cases = {d: bill(items=[goods(d, hs)]) for d, hs in FITTING.items()}
    assert outcomes("hs_description_mismatch", cases) == dict.fromkeys(FITTING, False)


def test_descriptions_that_do_not_fit_the_hs_code() -> None:
    cases = {d: bill(items=[goods(d, hs)]) for d, hs in MISFITTING.items()}
    assert outcomes("hs_description_mismatch", cases) == dict.fromkeys(MISFITTING, True)


def test_mismatch_is_unknown_without_a_valid_hs_code() -> None:
    bills = [bill(items=[goods("FRESH BANANAS", hs)]) for hs in (None, "770100")]
    assert column("hs_description_mismatch", *bills) == [None, None]


def test_every_synonym_points_at_a_word_of_the_hs_text() -> None:
    config = IndicatorConfig()
    stems = set(hs_vocabulary(config.hs_ignored_words)["stem"])
    missing = [hs for _, hs in config.hs_synonyms if hs.removesuffix("S")[:5] not in stems]
    assert missing == []
