"""The drop folder with a real folder on SQLite and PostgreSQL: complete files ingested and
moved with their receipts, a file still being written left alone, temporary names and dotfiles
ignored, duplicates, garbage and oversized files sent to failed/ with their reasons; the
``watch`` command for cron (``--once``) and the long-running watcher."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

import msgspec
import pytest
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.model.providers import IdentifierScheme, ProviderKind
from cargotarget.settings import Settings
from cargotarget.store.queries import find_ids
from cargotarget.workflow.drop_folder import DropFolder
from cargotarget.workflow.permissions import NotAllowed
from cargotarget.workflow.providers import (
    UnknownProvider,
    add_identifier,
    register_provider,
    set_provider_active,
)
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest

GOOD = as_json(manifest(consignment("DROP0001"), consignment("DROP0002"), reference="M-DROP"))


@pytest.fixture
def space(workspace: Workspace) -> Workspace:
    with workspace.engine.begin() as conn:
        register_provider(conn, "MAEU", "Maersk", ProviderKind.CARRIER, actor="ada")
        add_identifier(conn, "MAEU", IdentifierScheme.SCAC, "MAEU", actor="ada")
    return workspace


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The drop folder (apart from the database and archive the tests run on)."""
    made = tmp_path / "drop"
    made.mkdir()
    return made


def _drop(space: Workspace, folder: Path, **options: float) -> DropFolder:
    return DropFolder(space, folder, "maeu", settle=options.get("settle", 0.2))


def test_complete_files_are_ingested_and_moved_with_their_receipts(
    space: Workspace, folder: Path
) -> None:
    (folder / "manifest.json").write_bytes(GOOD)
    (folder / "again.json").write_bytes(GOOD)  # the same bytes under another name
    for ignored in (".hidden.json", "upload.json.part", "next.tmp", "draft.json~"):
        (folder / ignored).write_bytes(GOOD)
    outcomes = _drop(space, folder).once()
    assert sorted(o.name for o in outcomes) == ["again.json", "manifest.json"]
    assert all(o.accepted for o in outcomes)
    processed = folder / "processed"
    first = msgspec.json.decode((processed / "manifest.json.receipt.json").read_bytes())
    second = msgspec.json.decode((processed / "again.json.receipt.json").read_bytes())
    assert (processed / "manifest.json").read_bytes() == GOOD
    duplicate, original = sorted((first, second), key=lambda r: r["duplicate"])[::-1]
    assert duplicate["duplicate"] is True
    assert duplicate["receipt_id"] == original["receipt_id"]
    assert original["provider_code"] == "MAEU"
    assert original["accepted"] == 2
    assert original["provider"] == "MAEU"
    assert original["warnings"] == []
    with space.engine.connect() as conn:
        assert len(find_ids(conn, "DROP0001")) == 1
    left = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert left == [".hidden.json", "draft.json~", "next.tmp", "upload.json.part"]


def test_garbage_and_oversized_files_fail_with_a_reason(space: Workspace, folder: Path) -> None:
    (folder / "garbage.bin").write_bytes(b"\x00\xff\xfe binary \x01" * 50)
    (folder / "empty.edi").write_bytes(b"")
    (folder / "huge.json").write_bytes(GOOD + b" " * 5000)
    small = dataclasses.replace(
        space, settings=space.settings.model_copy(update={"max_message_bytes": len(GOOD) + 10})
    )
    outcomes = {o.name: o for o in _drop(small, folder).once()}
    assert not any(o.accepted for o in outcomes.values())
    failed = folder / "failed"
    reason = (failed / "huge.json.reason.txt").read_text()
    assert "the limit is" in reason
    assert (failed / "huge.json").stat().st_size == len(GOOD) + 5000
    garbage = (failed / "garbage.bin.reason.txt").read_text()
    assert "nothing was accepted" in garbage
    assert "not a supported format" in garbage
    assert "empty" in (failed / "empty.edi.reason.txt").read_text()
    assert not (folder / "processed").exists()


def test_a_file_still_being_written_is_left_for_the_next_run(
    space: Workspace, folder: Path
) -> None:
    target = folder / "growing.json"
    target.write_bytes(GOOD[:100])
    stop = threading.Event()

    def write_slowly() -> None:
        with target.open("ab") as handle:
            for i in range(100, len(GOOD), 40):
                if stop.is_set():
                    return
                handle.write(GOOD[i : i + 40])
                handle.flush()
                time.sleep(0.02)

    writer = threading.Thread(target=write_slowly)
    writer.start()
    try:
        assert _drop(space, folder, settle=0.5).once() == []
        assert target.exists()
    finally:
        stop.set()
        writer.join()
    target.write_bytes(GOOD)  # the transfer finished
    (outcome,) = _drop(space, folder).once()
    assert outcome.accepted
    assert not target.exists()


def test_an_unknown_or_deactivated_provider_takes_nothing(space: Workspace, folder: Path) -> None:
    (folder / "m.json").write_bytes(GOOD)
    with pytest.raises(UnknownProvider):
        DropFolder(space, folder, "NOPE", settle=0).once()
    with space.engine.begin() as conn:
        set_provider_active(conn, "MAEU", False, actor="ada")
    with pytest.raises(NotAllowed, match="deactivated"):
        _drop(space, folder).once()
    assert (folder / "m.json").exists()


def test_the_watcher_takes_files_already_there_and_those_that_arrive(
    space: Workspace, folder: Path
) -> None:
    (folder / "before.json").write_bytes(GOOD)
    later = as_json(manifest(consignment("DROP0003"), reference="M-LATER"))
    drop = _drop(space, folder)
    done: list[str] = []
    deadline = time.monotonic() + 30

    def stop() -> bool:
        if not (folder / "after.json").exists() and done:
            (folder / "after.json").write_bytes(later)
        return len(done) >= 2 or time.monotonic() > deadline

    for outcome in drop.watch(stop, every=0.1):
        done.append(outcome.name)
    assert done == ["before.json", "after.json"]
    assert (folder / "processed" / "after.json.receipt.json").exists()


def test_the_watch_command_once(
    space: Workspace, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "m.json").write_bytes(GOOD)
    (drop / "junk.txt").write_bytes(b"hello")
    runner = CliRunner()
    args = ["watch", str(drop), "--provider", "MAEU", "--once", "--settle", "0.1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output  # one file failed
    assert "m.json: receipt" in result.output
    assert "junk.txt: failed" in result.output
    assert (drop / "processed" / "m.json").exists()
    assert (drop / "failed" / "junk.txt").exists()
    unknown = runner.invoke(app, ["watch", str(drop), "--provider", "ZZZZ", "--once"])
    assert unknown.exit_code == 2
    assert "ZZZZ" in unknown.output
    assert runner.invoke(app, ["watch", str(drop / "nope"), "--provider", "MAEU"]).exit_code == 2
