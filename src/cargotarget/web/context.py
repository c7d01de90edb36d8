"""What every request handler of the app shares: the workspace, the policies and the lock that
keeps assessments one at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Connection, Engine

from cargotarget.settings import Settings
from cargotarget.store.workbench import AtPorts, lane_counts
from cargotarget.web.write_turns import WriteTurns
from cargotarget.workflow.browser_sessions import SessionPolicy
from cargotarget.workflow.login import LoginPolicy
from cargotarget.workflow.workspace import Workspace


def _key(port: AtPorts) -> str:
    """The cache key of ``port``: "*" for every port, else the ports joined."""
    if port is None:
        return "*"
    return port if isinstance(port, str) else ",".join(sorted(port)) + ","


@dataclass
class WebContext:
    workspace: Workspace
    login_policy: LoginPolicy
    session_policy: SessionPolicy
    assessing: threading.Lock = field(default_factory=threading.Lock)
    _counted: dict[str, tuple[float, dict[str, int]]] = field(default_factory=dict)
    _counting: threading.Lock = field(default_factory=threading.Lock)
    _turns: WriteTurns = field(init=False)

    def __post_init__(self) -> None:
        self._turns = WriteTurns(self.engine)

    #: Queue sizes are counted over every live consignment: at most this often (seconds).
    COUNT_EVERY = 15.0

    def lane_counts(self, port: AtPorts) -> dict[str, int]:
        """Queue sizes by lane at ``port`` (one port, the set of ports a user is scoped to, or
        None: every port), counted afresh at most every 15 seconds. While one request counts
        again, the others answer with the figures of a moment ago rather than wait for it."""
        key = _key(port)
        counted = self._counted.get(key)
        if counted is not None and time.monotonic() - counted[0] <= self.COUNT_EVERY:
            return counted[1]
        if not self._counting.acquire(blocking=counted is None):
            assert counted is not None
            return counted[1]
        try:
            counted = self._counted.get(key)
            if counted is None or time.monotonic() - counted[0] > self.COUNT_EVERY:
                with self.engine.connect() as conn:
                    counted = (time.monotonic(), lane_counts(conn, port))
                self._counted[key] = counted
            return counted[1]
        finally:
            self._counting.release()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A transaction for a short write (an audit event of a page view), begun in turn
        with the other writers of the app (see :mod:`cargotarget.web.write_turns`)."""
        with self._turns.turn(), self.engine.begin() as conn:
            yield conn

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
