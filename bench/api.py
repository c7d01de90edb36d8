"""Latency of the workbench under load: the consignment page, the queue page and a search.

Goal (issue 4), on a 2-core machine: with 100,000 demo consignments stored, p95 latency of
each at most 150 ms with 20 concurrent clients on loopback. The demo is loaded and assessed
with the `cargotarget demo` command, the app is served by `cargotarget serve --workers 2`
(SQLite) and signed-in clients fetch pages in a bounded run. Every consignment view and
search is audited, as in production. Run ``python bench/api.py`` or ``--quick``.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cargotarget.settings import Settings
from cargotarget.store import tables as t
from cargotarget.workflow.accounts import set_password
from cargotarget.workflow.workspace import open_workspace
from common import metric

PASSWORD = "benchmark password 2026"
LIMIT_MS = 150.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _prepare(home: Path, size: int, env: dict[str, str]) -> tuple[list[int], list[str]]:
    """Load and assess the demo; returns consignment ids and bill numbers to ask for."""
    command = str(Path(sys.executable).with_name("cargotarget"))
    demo = [command, "demo", "--consignments", str(size), "--out", str(home / "demo")]
    subprocess.run(demo, env=env, check=True, capture_output=True)
    space = open_workspace(Settings(database_url=env["CARGOTARGET_DATABASE_URL"]))
    with space.engine.begin() as conn:
        set_password(conn, "demo-officer", PASSWORD)
        rows = list(conn.execute(select(t.consignment.c.id, t.consignment.c.bill_number)))
    space.engine.dispose()
    picks = random.Random(7).sample(rows, min(len(rows), 2000))
    return [int(row[0]) for row in picks], [str(row[1]) for row in picks]


def _client(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    form = client.get("/login").text
    token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    data = {"username": "demo-officer", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 303
    return client


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user and system) spent by process ``pid`` and its descendants so far (the
    server and its worker processes), read from /proc; 0 where there is no /proc."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parents: dict[int, int] = {}
    spent: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        number = int(stat.parent.name)
        parents[number] = int(fields[1])
        spent[number] = (int(fields[11]) + int(fields[12])) / ticks
    family, total = {pid}, 0.0
    for number in sorted(parents):  # children have larger ids than their parents, mostly
        if number in family or parents[number] in family:
            family.add(number)
            total += spent[number]
    return total


def _p95(base: str, clients: int, paths: list[str], server: int) -> tuple[float, float, float]:
    """p95 and median latency (ms) of fetching ``paths`` with ``clients`` at once, after a
    warm-up round (caches of the database and of each server process filled), and the
    server's CPU milliseconds per request: latency depends on what else the machine runs, the
    CPU a request costs much less."""
    sessions = [_client(base) for _ in range(clients)]

    def fetch(job: tuple[int, str]) -> float:
        number, path = job
        start = time.perf_counter()
        answer = sessions[number % clients].get(path)
        elapsed = (time.perf_counter() - start) * 1000
        assert answer.status_code == 200, (path, answer.status_code)
        return elapsed

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(fetch, enumerate(paths[: 2 * clients])))  # warm-up, not counted
        cpu = _cpu_seconds(server)
        times = list(pool.map(fetch, enumerate(paths)))
        cpu = _cpu_seconds(server) - cpu
    for session in sessions:
        session.close()
    cpu_ms = 1000 * cpu / len(paths)
    return statistics.quantiles(times, n=20)[-1], statistics.median(times), cpu_ms


def _serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    command = str(Path(sys.executable).with_name("cargotarget"))
    server = subprocess.Popen(
        [command, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the app did not start within 20 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 consignments, few requests")
    parser.add_argument("--consignments", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600, help="per kind of page")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    args = parser.parse_args()
    size = 2_000 if args.quick else args.consignments
    requests = 60 if args.quick else args.requests
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = {
            **os.environ,
            "CARGOTARGET_DATABASE_URL": f"sqlite:///{home / 'cargotarget.db'}",
            "CARGOTARGET_ARCHIVE_DIR": str(home / "archive"),
        }
        start = time.perf_counter()
        ids, bills = _prepare(home, size, env)
        print(
            f"{size:,} demo consignments loaded and assessed in {time.perf_counter() - start:.0f} s"
        )
        port = _free_port()
        server = _serve(env, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        kinds: dict[str, Callable[[int], str]] = {
            "consignment": lambda i: f"/consignments/{ids[i % len(ids)]}",
            "queue": lambda i: f"/queue?page={1 + i % 5}",
            "search": lambda i: f"/search?bill={bills[i % len(bills)]}",
        }
        try:
            for kind, path in kinds.items():
                paths = [path(i) for i in range(requests)]
                p95, median, cpu_ms = _p95(base, args.clients, paths, server.pid)
                verdict = "within" if p95 <= LIMIT_MS else "over"
                print(
                    f"{kind}: p95 {p95:.1f} ms, median {median:.1f} ms over {requests} requests "
                    f"from {args.clients} clients ({verdict} the {LIMIT_MS:.0f} ms goal); "
                    f"server CPU {cpu_ms:.1f} ms a request"
                )
                metric("api", f"p95_ms_{kind}", p95, "ms")
                metric("api", f"cpu_ms_{kind}", cpu_ms, "ms")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
