"""The running pieces built from the settings: database engine, archive, intake, and the
catalogue of names rule conditions may use."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from cargotarget.model import reference
from cargotarget.risk.fields import Catalogue
from cargotarget.settings import Settings
from cargotarget.store.archive import Archive
from cargotarget.store.database import check_schema, connect, migrate
from cargotarget.workflow.intake import Intake
from cargotarget.workflow.rule_checks import rule_catalogue


@dataclass
class Workspace:
    settings: Settings
    engine: Engine
    archive: Archive
    intake: Intake
    catalogue: Catalogue = field(default_factory=rule_catalogue)


def open_workspace(settings: Settings, *, create: bool = False) -> Workspace:
    """Connect to the configured database (migrating it when ``create``) and load reference
    data. Nothing connects at import time; this is called by the CLI and the app factory."""
    if settings.unlocode_file is not None:
        reference.load_locode_file(settings.unlocode_file)
    engine = connect(settings.database_url)
    if create:
        migrate(engine)
    else:
        check_schema(engine)
    archive = Archive(settings.archive_dir, settings.max_message_bytes)
    return Workspace(settings, engine, archive, Intake(engine, archive))
