"""The real app served by uvicorn over the demo data, for the browser tests (Playwright driving
Debian's chromium). Without chromium the browser tests are skipped (the summary says why),
except under ``CI=true`` or ``CARGOTARGET_REQUIRE_BROWSER=1``, where they fail: CI must run
them. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from cargotarget.settings import Settings
from cargotarget.workflow.workspace import Workspace, open_workspace

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
REQUIRE_BROWSER = (
    os.environ.get("CI") == "true" or os.environ.get("CARGOTARGET_REQUIRE_BROWSER") == "1"
)


def chromium() -> str:
    """The path of Debian's chromium; skips (or, where required, fails) without it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "no chromium on this machine: install Debian's chromium package"
        if REQUIRE_BROWSER:
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def cli() -> list[str]:
    """The installed ``cargotarget`` command beside this interpreter."""
    return [str(Path(sys.executable).with_name("cargotarget"))]


@dataclass
class Served:
    base: str
    settings: Settings

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        space = open_workspace(self.settings)
        try:
            yield space
        finally:
            space.engine.dispose()


@contextmanager
def serve_demo(home: Path, consignments: int = 300) -> Iterator[Served]:
    """The demo of ``consignments`` loaded and assessed under ``home``, and the app serving it
    on a free loopback port until the block ends."""
    env = {
        **os.environ,
        "CARGOTARGET_DATABASE_URL": f"sqlite:///{home / 'cargotarget.db'}",
        "CARGOTARGET_ARCHIVE_DIR": str(home / "archive"),
    }
    start = (date.today() - timedelta(days=14)).isoformat()  # its ships arrive now
    demo = [*cli(), "demo", "--consignments", str(consignments), "--start", start]
    demo += ["--out", str(home / "demo")]
    subprocess.run(demo, env=env, check=True, capture_output=True, timeout=300)
    settings = Settings(database_url=env["CARGOTARGET_DATABASE_URL"], archive_dir=home / "archive")
    port = _free_port()
    server = subprocess.Popen(
        [*cli(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the app did not start within 10 s")
        yield Served(base, settings)
    finally:
        server.terminate()
        server.wait(timeout=10)
