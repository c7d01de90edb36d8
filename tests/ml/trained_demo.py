"""A demo database with examination outcomes, made once per test module with the real
``cargotarget demo`` command, and a model trained on it; tests copy the file."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.settings import Settings
from cargotarget.store.database import connect

runner = CliRunner()
#: The demo starts this long ago, so that nearly every voyage has arrived and been examined.
DAYS_AGO = 40


def make_demo(folder: Path, consignments: int = 2000) -> Path:
    """A SQLite demo database in ``folder`` (the demo's examinations recorded); its path."""
    database = folder / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("CARGOTARGET_DATABASE_URL", f"sqlite:///{database}")
        patch.setenv("CARGOTARGET_ARCHIVE_DIR", str(folder / "archive"))
        start = date.today() - timedelta(days=DAYS_AGO)
        made = runner.invoke(
            app,
            ["demo", "--consignments", str(consignments), "--out", str(folder / "demo"),
             "--start", start.isoformat()],
        )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "with a finding" in made.output
    # Everything into the main file (WAL mode), so that a copy of it is the whole database.
    engine = connect(f"sqlite:///{database}")
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return database


def copied(database: Path, folder: Path) -> Settings:
    """Settings for a copy of ``database`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(database, folder / "copy.db")
    shutil.copytree(database.parent / "archive", folder / "archive", dirs_exist_ok=True)
    return Settings(database_url=f"sqlite:///{folder / 'copy.db'}", archive_dir=folder / "archive")


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"))
