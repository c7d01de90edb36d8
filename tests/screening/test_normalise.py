"""Normal forms: case, accents, scripts, punctuation, legal forms, particles and word order."""

from __future__ import annotations

import pytest

from cargotarget.screening import name_key, normalise_address, normalise_name
from cargotarget.screening.legal_forms import split_legal_forms
from cargotarget.screening.normalise import fold


@pytest.mark.parametrize(
    ("filed", "key"),
    [
        ("GLOBAL TRADING CO., LTD.", "GLOBAL TRADING"),
        ("Global Trading Company Limited", "GLOBAL TRADING"),
        ("Trading Global Ltd", "GLOBAL TRADING"),
        ("global trading co.,ltd", "GLOBAL TRADING"),
        ("Müller GmbH & Co. KG", "MULLER"),
        ("MULLER G.M.B.H.", "MULLER"),
        ("Magdalena Fruit Exporters S.A.S.", "EXPORTERS FRUIT MAGDALENA"),
        ("Consorcio Bananero El Triunfo S.A. de C.V.", "BANANERO CONSORCIO TRIUNFO"),
        ("ООО Ромашка", "ROMASHKA"),
        ("PT Maju Jaya Tbk", "JAYA MAJU"),
        ("Zenith Pvt. Ltd.", "ZENITH"),
        ("Acme L.L.C.", "ACME"),
        ("Acme Limited Liability Company", "ACME"),
        ("Kim Ch'ol Su", "CHOL KIM SU"),
        ("MOHAMMED YUSUF AL-RASHIDI", "MOHAMMED RASHIDI YUSUF"),
        ("COMPANY LIMITED", "COMPANY LIMITED"),
        ("", ""),
    ],
)
def test_name_key(filed: str, key: str) -> None:
    assert name_key(filed) == key
    assert normalise_name(filed).key == key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Crème Brûlée S.A.", "CREME BRULEE SA"),
        ("Сергей Иванов", "SERGEY IVANOV"),
        ("Σέργιος Ιβάνοφ", "SERGIOS IVANOF"),
        ("İstanbul Gıda A.Ş.", "ISTANBUL GIDA AS"),
        ("O'Brien & Sons, Inc.", "OBRIEN SONS INC"),
        ("  spaced\tout\n", "SPACED OUT"),
    ],
)
def test_fold_handles_case_accents_scripts_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_word_order_does_not_matter() -> None:
    assert name_key("Ivanov Sergei") == name_key("Sergei Ivanov") == "IVANOV SERGEI"
    assert name_key("Trading Global") == name_key("Global Trading")


def test_transliterations_land_near_the_latin_form() -> None:
    assert name_key("Сергей Иванов") == "IVANOV SERGEY"
    assert name_key("Алексей Петрович Волков") == "ALEKSEY PETROVICH VOLKOV"


def test_name_form_keeps_the_parts_an_explanation_shows() -> None:
    form = normalise_name("Trading Global Co., Ltd.")
    assert form.text == "Trading Global Co., Ltd."
    assert form.tokens == ("TRADING", "GLOBAL")
    assert form.legal_forms == ("CO", "LTD")
    assert form.key == "GLOBAL TRADING"


def test_legal_forms_are_found_anywhere_longest_first() -> None:
    core, labels = split_legal_forms(["OOO", "ROMASHKA", "JOINT", "STOCK", "COMPANY"])
    assert core == ["ROMASHKA"]
    assert labels == ["OOO", "JSC"]


def test_address_normal_form_abbreviates_and_sorts() -> None:
    assert normalise_address("88 Queen Street, Hong Kong") == normalise_address(
        "Hong Kong 88 QUEEN ST."
    )


def test_a_repeated_word_counts_once() -> None:
    assert name_key("Petroleum Petroleum Supply") == "PETROLEUM SUPPLY"
