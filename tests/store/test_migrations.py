"""The migrations build exactly the schema the code declares, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from cargotarget.store.database import alembic_config, migrate
from cargotarget.store.tables import metadata


def test_migrated_schema_matches_the_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []


def test_downgrade_and_upgrade_again(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "base")
    assert "consignment" not in inspect(engine).get_table_names()
    migrate(engine)
    assert "consignment" in inspect(engine).get_table_names()
