"""What every request handler of the app shares: the workspace, the policies and the lock that
keeps assessments one at a time."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine

from cargotarget.settings import Settings
from cargotarget.workflow.browser_sessions import SessionPolicy
from cargotarget.workflow.login import LoginPolicy
from cargotarget.workflow.workspace import Workspace


@dataclass
class WebContext:
    workspace: Workspace
    login_policy: LoginPolicy
    session_policy: SessionPolicy
    assessing: threading.Lock = field(default_factory=threading.Lock)

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
