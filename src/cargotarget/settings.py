"""Settings, read once at start-up from the environment (prefix ``CARGOTARGET_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where cargotarget keeps its data, which reference tables it uses, how logins and
    sessions are limited, and how scores become lanes: the score bands, the share selected at
    random for control (by a keyed hash: set ``random_key`` to a secret of the administration),
    and red-lane examinations per port and day (``port_capacity``, JSON such as
    ``{"JMKIN": 40}``)."""

    model_config = SettingsConfigDict(env_prefix="CARGOTARGET_", extra="ignore")

    database_url: str = "sqlite:///var/cargotarget.db"
    archive_dir: Path = Path("var/archive")
    unlocode_file: Path | None = None
    max_message_bytes: int = 2 * 1024**3
    login_max_failures: int = 5
    login_window_minutes: int = 15
    login_lockout_minutes: int = 15
    session_hours: int = 8
    session_idle_minutes: int = 30
    request_threads: int = Field(default=4, ge=1, le=256)
    lane_yellow_from: float = 30.0
    lane_red_from: float = 60.0
    random_rate: float = 0.01
    random_key: str = "cargotarget-control"
    port_capacity: dict[str, int] = {}
    #: Filing deadlines of the timeliness figures (docs/timeliness.md): sea cargo (and road
    #: and rail) is due this many hours before loading (the voyage's departure) ...
    filing_deadline_hours: float = Field(default=24.0, ge=0, le=24 * 30)
    #: ... and air cargo this many hours before the flight's arrival, or its departure.
    air_filing_deadline_hours: float = Field(default=4.0, ge=0, le=24 * 30)
    air_filing_deadline_before: Literal["arrival", "departure"] = "arrival"
    #: How the administration names itself as the sender (UNB) of CUSRES risk responses.
    response_sender: str = Field(default="CARGOTARGET", min_length=1, max_length=35)
