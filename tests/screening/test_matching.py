"""Party screening: what must be found, what must not, and what a hit says about itself."""

from __future__ import annotations

from datetime import date

import pytest

from cargotarget.model.manifest import Address
from cargotarget.screening import ALGORITHM, Screener, WatchEntry
from tests.screening.conftest import TODAY, party


def hit_ids(screener: Screener, name: str, on: date = TODAY) -> list[str]:
    return [hit.entry.entry_id for hit in screener.screen_name(name, on=on)]


@pytest.mark.parametrize(
    "filed",
    [
        "Global Trading Company Limited",
        "GLOBAL TRADING CO LTD",
        "Trading Global Ltd",
        "global trading co.,ltd.",
        "Globall Trading Co., Ltd.",
    ],
)
def test_global_trading_variants_find_the_listed_company(screener: Screener, filed: str) -> None:
    assert hit_ids(screener, filed) == ["S1"]


@pytest.mark.parametrize(
    ("filed", "entry_id"),
    [
        ("Ivanov Sergei", "S2"),
        ("IVANOV, SERGEI", "S2"),
        ("Сергей Иванов", "S2"),
        ("Σεργκέι Ιβάνοβ", "S2"),
        ("Sergey Ivanov", "S2"),
        ("Aleksei Petrovich Volkov", "S5"),
        ("VOLKOV ALEKSEY PETROVICH", "S5"),
        ("MULLER MASCHINENBAU", "S4"),
        ("Mueller Maschinenbau GmbH", "S4"),
        ("Khorasan Industrial Equipment L.L.C.", "S3"),
        ("EQUIPMENT KHORASAN INDUSTRIAL", "S3"),
    ],
)
def test_reordered_and_transliterated_names_are_found(
    screener: Screener, filed: str, entry_id: str
) -> None:
    assert hit_ids(screener, filed) == [entry_id]


@pytest.mark.parametrize(
    "filed",
    [
        "GLOBAL SHIPPING CO., LTD.",
        "Global Traders Limited",
        "Sergei Petrov",
        "Ivan Ivanov",
        "KHORASAN FOODS LLC",
        "Acme Widgets Inc.",
        "Trading Company Limited",
        "",
    ],
)
def test_unrelated_names_are_not_hits(screener: Screener, filed: str) -> None:
    assert hit_ids(screener, filed) == []


def test_expired_and_future_entries_never_match(screener: Screener) -> None:
    assert hit_ids(screener, "OLD SHELL LIMITED") == []
    assert hit_ids(screener, "OLD SHELL LIMITED", on=date(2020, 6, 1)) == ["S6"]
    assert hit_ids(screener, "Future Front Ltd") == []
    assert hit_ids(screener, "Future Front Ltd", on=date(2030, 1, 1)) == ["S7"]
    batch = screener.screen_names(["OLD SHELL LIMITED", "FUTURE FRONT LTD"], on=TODAY)
    assert len(batch) == 0


def test_each_list_keeps_its_own_threshold(listed: list[WatchEntry]) -> None:
    typo = "PACIFIK JADE HOLDING"  # scores about 95 against PACIFIC JADE HOLDINGS
    strict = Screener(listed, thresholds={"INTELLIGENCE": 99.0})
    lenient = Screener(listed, thresholds={"INTELLIGENCE": 90.0})
    assert hit_ids(strict, typo) == []
    assert hit_ids(lenient, typo) == ["I1"]
    assert strict.threshold("SANCTIONS") == strict.default_threshold


def test_thresholds_below_the_index_floor_are_refused(listed: list[WatchEntry]) -> None:
    with pytest.raises(ValueError, match="outside"):
        Screener(listed, thresholds={"X": 50.0})


def test_a_hit_explains_itself(screener: Screener) -> None:
    (hit,) = screener.screen_name("Сергей Иванов", on=TODAY)
    assert hit.entry.entry_id == "S2"
    assert hit.entry.list_name == "SANCTIONS"
    assert hit.query == "Сергей Иванов"
    assert hit.query_form == "IVANOV SERGEY"
    assert hit.matched_name == "Sergei Ivanov"
    assert hit.matched_form == "IVANOV SERGEI"
    assert hit.score == pytest.approx(92.3, abs=0.1)
    assert hit.threshold == screener.default_threshold
    assert hit.algorithm == ALGORITHM
    assert {(w.word, w.counterpart, w.edits) for w in hit.words} >= {
        ("IVANOV", "IVANOV", 0),
        ("SERGEY", "SERGEI", 1),
    }
    text = hit.explain()
    assert "S2" in text
    assert "'IVANOV SERGEY' vs 'IVANOV SERGEI' scored 92.3" in text


def test_aliases_are_screened_and_named_in_the_hit() -> None:
    screener = Screener([party("A1", "ALPHA BRAVO LTD", aliases=("CHARLIE DELTA TRADING",))])
    (hit,) = screener.screen_name("Delta Charlie Trading Co", on=TODAY)
    assert hit.matched_name == "CHARLIE DELTA TRADING"


def test_address_similarity_is_reported_when_both_are_known() -> None:
    listed = party(
        "A2",
        "HARBOUR LIGHT SHIPPING LIMITED",
        address=Address(lines=("88 Queen Street",), city="Hong Kong", country="HK"),
    )
    screener = Screener([listed])
    (hit,) = screener.screen_name(
        "Harbour Light Shipping Ltd", on=TODAY, address="88 QUEEN ST, HONG KONG"
    )
    assert hit.address_score is not None
    assert hit.address_score >= 90
    (bare,) = screener.screen_name("Harbour Light Shipping Ltd", on=TODAY)
    assert bare.address_score is None


def test_bulk_screening_agrees_with_one_by_one(screener: Screener) -> None:
    names = [
        "Global Trading Company Limited",
        "Acme Widgets",
        "Ivanov Sergei",
        "Global Trading Company Limited",
        "Сергей Иванов",
        "",
    ]
    batch = screener.screen_names(names, on=TODAY, workers=1)
    found = sorted(
        (int(n), screener.entries[int(e)].entry_id)
        for n, e in zip(batch.name, batch.entry, strict=True)
    )
    expected = sorted(
        (position, hit.entry.entry_id)
        for position, name in enumerate(names)
        for hit in screener.screen_name(name, on=TODAY)
    )
    assert found == expected
    assert [h.entry.entry_id for h in batch.hits_of(4)] == ["S2"]
    assert batch.hits_of(4)[0].matched_form == "IVANOV SERGEI"


def test_bulk_screening_on_two_processes_agrees_with_one(screener: Screener) -> None:
    names = [f"{word} Trading Co" for word in ("Global", "Globel", "Local", "Khorasan")] * 5
    names += ["Sergei Ivanov", "Ivanov Sergey", "Volkov Aleksei", "Nobody Known", ""]
    one = screener.screen_names(names, on=TODAY, workers=1)
    two = screener.screen_names(names, on=TODAY, workers=2)
    rows = sorted(zip(one.name.tolist(), one.entry.tolist(), strict=True))
    assert rows == sorted(zip(two.name.tolist(), two.entry.tolist(), strict=True))
    assert len(rows) == 12  # ten GLOBAL (GLOBEL) TRADING, two IVANOV SERGEI


def test_nothing_to_screen_or_nothing_listed(screener: Screener) -> None:
    assert len(screener.screen_names([], on=TODAY)) == 0
    assert len(screener.screen_names(["", "  ", "&"], on=TODAY)) == 0
    empty = Screener([])
    assert empty.screen_name("GLOBAL TRADING", on=TODAY) == []
    assert len(empty.screen_names(["GLOBAL TRADING"], on=TODAY)) == 0
