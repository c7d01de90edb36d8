"""What every request handler of the app shares: the workspace, the policies and the lock that
keeps assessments one at a time."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine

from cargotarget.settings import Settings
from cargotarget.store.workbench import lane_counts
from cargotarget.workflow.browser_sessions import SessionPolicy
from cargotarget.workflow.login import LoginPolicy
from cargotarget.workflow.workspace import Workspace


@dataclass
class WebContext:
    workspace: Workspace
    login_policy: LoginPolicy
    session_policy: SessionPolicy
    assessing: threading.Lock = field(default_factory=threading.Lock)
    _counted: dict[str, tuple[float, dict[str, int]]] = field(default_factory=dict)
    _counting: threading.Lock = field(default_factory=threading.Lock)

    #: Queue sizes are counted over every live consignment: at most this often (seconds).
    COUNT_EVERY = 15.0

    def lane_counts(self, port: str | None) -> dict[str, int]:
        """Queue sizes by lane (at ``port``), counted afresh at most every 15 seconds."""
        counted = self._counted.get(port or "")
        if counted is not None and time.monotonic() - counted[0] <= self.COUNT_EVERY:
            return counted[1]
        with self._counting:  # one request counts; the others wait for its figures
            counted = self._counted.get(port or "")
            if counted is None or time.monotonic() - counted[0] > self.COUNT_EVERY:
                with self.engine.connect() as conn:
                    counted = (time.monotonic(), lane_counts(conn, port))
                self._counted[port or ""] = counted
        return counted[1]

    @property
    def engine(self) -> Engine:
        return self.workspace.engine

    @property
    def settings(self) -> Settings:
        return self.workspace.settings

    @classmethod
    def of(cls, workspace: Workspace) -> WebContext:
        settings = workspace.settings
        policy = SessionPolicy(
            lifetime=timedelta(hours=settings.session_hours),
            idle=timedelta(minutes=settings.session_idle_minutes),
        )
        return cls(workspace, LoginPolicy.from_settings(settings), policy)
