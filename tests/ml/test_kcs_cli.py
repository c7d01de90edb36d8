"""``cargotarget ml benchmark kcs`` run in-process: the table beside the published figures and
the metric lines, and clear refusals for an unknown data set or unusable files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.ml.kcs_data import SPLITS
from tests.ml.kcs_sample import needs_data, write_sample

pytestmark = needs_data

runner = CliRunner()


def _metrics(output: str) -> dict[str, float]:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith('{"bench"')]
    assert all(line["bench"] == "ml" for line in lines)
    return {line["metric"]: line["value"] for line in lines}


def test_a_quick_run_on_the_published_files_prints_the_table_and_metrics() -> None:
    """The default --data is found from the checkout; a fifth of the rows, two seeds."""
    result = runner.invoke(app, ["ml", "benchmark", "kcs", "--quick", "--seeds", "2"])
    assert result.exit_code == 0, result.output
    assert "LightGBM, published" in result.output
    assert "0.762" in result.output
    assert "0.641" in result.output
    assert "ours: fit 2020 (test)" in result.output
    assert "QUICK CHECK" in result.output
    assert "7,477 train (2020)" in result.output
    figures = _metrics(result.output)
    assert set(figures) == {"precision_at_5", "precision_at_10", "train_seconds"}
    # The test split's fraud rate is 21.6 %: a model that learned nothing would sit near it.
    assert figures["precision_at_5"] > 0.5
    assert 0.0 < figures["precision_at_10"] <= 1.0
    assert figures["train_seconds"] > 0.0


def test_an_unknown_data_set_is_refused() -> None:
    result = runner.invoke(app, ["ml", "benchmark", "imdb"])
    assert result.exit_code == 2
    assert "knows only 'kcs'" in result.output


def test_a_missing_directory_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ml", "benchmark", "kcs", "--data", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "is not a directory" in result.output
    assert "--data DIR" in result.output


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text[: len(text) // 2], "is cut short"),
        (lambda text: text.replace(",0,0\n", ",0,zero\n", 1), "not a readable KCS file"),
        (lambda text: "<html>rate limited</html>\n" + text, "not the published KCS header"),
    ],
)
def test_a_damaged_file_is_refused_before_any_training(
    tmp_path: Path, damage: object, message: str
) -> None:
    directory = write_sample(tmp_path / "kcs")
    path = directory / SPLITS[1].file
    assert callable(damage)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(app, ["ml", "benchmark", "kcs", "--data", str(directory)])
    assert result.exit_code == 2
    assert SPLITS[1].file in result.output
    assert message in result.output
    assert _metrics(result.output) == {}


def test_seeds_must_be_at_least_one() -> None:
    result = runner.invoke(app, ["ml", "benchmark", "kcs", "--seeds", "0"])
    assert result.exit_code == 2
