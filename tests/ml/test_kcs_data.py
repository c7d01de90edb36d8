"""Reading the KCS splits: the published files load whole; a missing, cut, malformed, hostile
or oversized file is refused with a message naming the file and the problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cargotarget.ml import kcs_data
from cargotarget.ml.kcs_data import SPLITS, KcsDataError, load_kcs
from tests.ml.kcs_sample import SAMPLE_ROWS, SHARED, needs_data, write_sample

pytestmark = needs_data

TRAIN = SPLITS[0].file


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return write_sample(tmp_path / "kcs")


def _edit(path: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in line ``line`` (1 is the header) of ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_the_published_files_load_whole() -> None:
    data = load_kcs(SHARED)
    assert (data.train.height, data.valid.height, data.test.height) == (37_385, 8_134, 8_481)
    assert data.train["Date"].min() == date(2020, 1, 1)
    assert data.test["Date"].max() == date(2021, 6, 30)
    # Codes of chapters 01 to 09 lost their leading zero in the published file.
    assert data.train["HS10 Code"].str.len_chars().min() == 10
    assert 0.2 < data.test["Fraud"].mean() < 0.23  # type: ignore[operator]


def test_a_sample_keeps_each_split_in_date_order(sample: Path) -> None:
    data = load_kcs(sample).sample(0.5)
    assert data.train.height == SAMPLE_ROWS["train"] // 2
    assert data.valid["Date"].is_sorted()


def test_a_missing_directory_names_the_option(tmp_path: Path) -> None:
    with pytest.raises(KcsDataError, match="--data DIR"):
        load_kcs(tmp_path / "nowhere")


def test_a_missing_split_is_named(sample: Path) -> None:
    (sample / SPLITS[2].file).unlink()
    with pytest.raises(KcsDataError, match=r"df_syn_test_eng\.csv: file not found"):
        load_kcs(sample)


def test_a_file_cut_in_the_middle_of_a_line(sample: Path) -> None:
    path = sample / TRAIN
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) - 30], encoding="utf-8")
    with pytest.raises(KcsDataError, match=f"line {SAMPLE_ROWS['train'] + 1} is cut short"):
        load_kcs(sample)


def test_an_empty_file(sample: Path) -> None:
    (sample / TRAIN).write_bytes(b"")
    with pytest.raises(KcsDataError, match="not the published KCS header"):
        load_kcs(sample)


def test_a_header_only_file(sample: Path) -> None:
    path = sample / TRAIN
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(KcsDataError, match="no declarations"):
        load_kcs(sample)


def test_a_renamed_column(sample: Path) -> None:
    _edit(sample / TRAIN, 1, "Critical Fraud", "Severity")
    with pytest.raises(KcsDataError, match="missing Critical Fraud"):
        load_kcs(sample)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("2020-01-01", "2020-13-01", "date '2020-13-01' is not within the train split"),
        ("2020-01-01", "2021-05-01", "is not within the train split"),
        (",0,0\n", ",7,0\n", "Fraud must be 0 or 1"),
        (",0,0\n", ",0,9\n", "Critical Fraud must be 0, 1 or 2"),
        (",4408909195,", ",44089X9195,", "HS10 Code must be up to ten digits"),
        (",108.0,", ",-108.0,", "must be finite, not negative"),
        (",108.0,", ",inf,", "must be finite, not negative"),
    ],
)
def test_a_bad_value_names_its_line(sample: Path, old: str, new: str, message: str) -> None:
    _edit(sample / TRAIN, 2, old, new)
    with pytest.raises(KcsDataError, match=f"line 2: .*{message}"):
        load_kcs(sample)


def test_text_in_a_number_column(sample: Path) -> None:
    _edit(sample / TRAIN, 3, ",11352.0,", ",lots,")
    with pytest.raises(KcsDataError, match="not a readable KCS file"):
        load_kcs(sample)


def test_binary_garbage(sample: Path) -> None:
    path = sample / TRAIN
    path.write_bytes(path.read_bytes()[:2000] + bytes(range(256)) * 40)
    with pytest.raises(KcsDataError, match=TRAIN):
        load_kcs(sample)


def test_a_declaration_twice(sample: Path) -> None:
    path = sample / TRAIN
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    with pytest.raises(KcsDataError, match="Declaration ID appears twice"):
        load_kcs(sample)


def test_an_oversized_file_is_not_read(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kcs_data, "MAX_FILE_BYTES", 10_000)
    with pytest.raises(KcsDataError, match="over the limit of 10,000"):
        load_kcs(sample)
