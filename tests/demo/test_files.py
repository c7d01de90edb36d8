"""Writing a demo to disk: the layout, byte-identical reruns, and files that the ingest readers
turn back into exactly the manifests that were generated."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import msgspec
import pytest

from cargotarget.demo import GroundTruth, generate, write_demo
from cargotarget.demo.watchlist import WATCHLIST
from cargotarget.ingest.registry import read_messages
from cargotarget.model.manifest import Manifest
from cargotarget.screening import load_csv

SIZE = 1200
SEED = 3


def _generated() -> list[Manifest]:
    return [f.manifest for f in generate(SIZE, seed=SEED)]


def _read_back(paths: list[Path]) -> list[Manifest | None]:
    manifests: list[Manifest | None] = []
    for path in paths:
        with path.open("rb") as stream:
            for message in read_messages(stream, filename=path.name):
                assert message.problems == ()
                assert message.rejected == ()
                manifests.append(message.manifest)
    return manifests


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_the_demo_directory_holds_every_file_and_the_counts(tmp_path: Path) -> None:
    summary = write_demo(tmp_path, SIZE, seed=SEED)
    manifests = sorted((tmp_path / "cuscar").glob("*.edi"))
    assert summary.consignments == SIZE
    assert summary.files == {"cuscar": summary.manifests, "json": summary.manifests}
    assert len(manifests) == summary.manifests == len(list((tmp_path / "json").glob("*.json")))
    truth = (tmp_path / "ground_truth.jsonl").read_bytes().splitlines()
    assert len(truth) == summary.planted == sum(summary.patterns.values()) > 0
    assert all(isinstance(msgspec.json.decode(t, type=GroundTruth), GroundTruth) for t in truth)
    stored = json.loads((tmp_path / "summary.json").read_text())
    assert stored["consignments"] == SIZE
    assert stored["patterns"] == summary.patterns


def test_the_watch_list_is_written_as_csv(tmp_path: Path) -> None:
    write_demo(tmp_path, 100, seed=SEED, formats=())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "watchlist.csv").read_text())))
    assert [r["id"] for r in rows] == [e.entry_id for e in WATCHLIST]
    assert {r["source"] for r in rows} == {"DEMO-SANCTIONS", "DEMO-INTELLIGENCE"}
    loaded = load_csv(tmp_path / "watchlist.csv", list_name="DEMO")
    assert loaded.problems == ()
    assert [e.name for e in loaded.entries] == [e.name for e in WATCHLIST]


def test_the_same_demo_is_the_same_bytes(tmp_path: Path) -> None:
    write_demo(tmp_path / "a", SIZE, seed=SEED)
    write_demo(tmp_path / "b", SIZE, seed=SEED)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_cuscar_files_read_back_as_the_generated_manifests(tmp_path: Path) -> None:
    write_demo(tmp_path, SIZE, seed=SEED, formats=("cuscar",))
    assert _read_back(sorted((tmp_path / "cuscar").glob("*.edi"))) == _generated()


def test_json_files_read_back_as_the_generated_manifests(tmp_path: Path) -> None:
    write_demo(tmp_path, SIZE, seed=SEED, formats=("json",))
    assert _read_back(sorted((tmp_path / "json").glob("*.json"))) == _generated()


def test_large_demos_write_json_lines(tmp_path: Path) -> None:
    summary = write_demo(tmp_path, SIZE, seed=SEED, formats=("json",), json_lines=True)
    lines = (tmp_path / "json" / "manifests.jsonl").read_bytes().splitlines()
    assert summary.files == {"json": 1}
    assert [msgspec.json.decode(line, type=Manifest) for line in lines] == _generated()


def test_a_new_demo_replaces_the_manifests_of_the_last(tmp_path: Path) -> None:
    write_demo(tmp_path, SIZE, seed=SEED)
    summary = write_demo(tmp_path, 100, seed=SEED)
    assert len(list((tmp_path / "cuscar").glob("*.edi"))) == summary.manifests
    assert len(list((tmp_path / "json").glob("*.json"))) == summary.manifests


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown demo formats"):
        write_demo(tmp_path, 100, formats=("x12",))
