"""Shared fixtures: real databases (SQLite always, PostgreSQL when reachable) and a workspace.

Every database test runs twice, on a fresh SQLite file and on PostgreSQL. Without a PostgreSQL
server the PostgreSQL half is skipped with the reason shown in the summary, except in CI
(``CI=true``) or with ``CARGOTARGET_REQUIRE_POSTGRES=1``, where it fails instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, text

from cargotarget.settings import Settings
from cargotarget.store.database import connect, migrate
from cargotarget.store.tables import metadata

if TYPE_CHECKING:
    from cargotarget.workflow.workspace import Workspace

POSTGRES_URL = os.environ.get(
    "CARGOTARGET_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = (
    os.environ.get("CI") == "true" or os.environ.get("CARGOTARGET_REQUIRE_POSTGRES") == "1"
)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies (migrating once is much faster)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = connect(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A schema of its own per test worker on the PostgreSQL server, migrated once. The name
    holds the worker's process id, so that test runs sharing a server keep apart."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    schema = f"cargotarget_test_{worker}_{os.getpid()}"
    admin = connect(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:
        reason = f"no PostgreSQL server at {POSTGRES_URL}: {type(exc).__name__}"
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    engine = connect(url)
    migrate(engine)
    engine.dispose()
    yield url
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty, migrated database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "cargotarget.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    engine = connect(url)
    names = ", ".join(table.name for table in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, archive_dir=tmp_path / "archive")


@pytest.fixture
def workspace(settings: Settings) -> Iterator[Workspace]:
    from cargotarget.workflow.workspace import open_workspace

    space = open_workspace(settings)
    yield space
    space.engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = connect(database_url)
    yield engine
    engine.dispose()
