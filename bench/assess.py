"""From raw CUSCAR to stored assessments, and re-assessing one amended consignment.

Goals (issue 3), on a 2-core machine: 100,000 demo consignments from raw CUSCAR (archive,
parse, validate, store) to stored assessments (indicators, the demo profiles, the demo watch
list, score, lane) in at most 60 s with peak memory at most 4 GiB; re-assessing one amended
consignment in at most 100 ms (p95). Run ``python bench/assess.py`` or ``--quick``.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import tempfile
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cargotarget.demo.files import write_demo
from cargotarget.ingest.json_format import read_json, write_json
from cargotarget.model.manifest import MessageFunction
from cargotarget.settings import Settings
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.demo_setup import install_demo_profiles, planted_score
from cargotarget.workflow.workspace import Workspace, open_workspace
from common import metric, timed


def peak_rss_gib() -> float:
    """Peak resident memory of this process and its finished children, in GiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 2**20


def reassess_times(space: Workspace, demo: Path, count: int) -> list[float]:
    """Amend ``count`` consignments drawn at random (seeded) from the whole demo, one at a
    time, and time each re-assessment (ms), from reading the queue to the stored assessment."""
    rng = random.Random(5)
    files = sorted((demo / "json").iterdir())
    times = []
    for n in range(count):
        manifests = [m.manifest for m in read_json(io.BytesIO(rng.choice(files).read_bytes()))]
        manifest = rng.choice([m for m in manifests if m is not None and m.consignments])
        consignment = rng.choice(manifest.consignments)
        goods = msgspec.structs.replace(consignment.goods[0], description=f"AMENDED {n}")
        amended = msgspec.structs.replace(
            manifest,
            function=MessageFunction.REPLACE,
            reference=f"{manifest.reference}-A{n}",
            consignments=(msgspec.structs.replace(consignment, goods=(goods,)),),
        )
        space.intake.ingest(io.BytesIO(write_json([amended])), provider=manifest.provider)
        summary, seconds = timed(lambda: assess_pending(space.engine, space.catalogue))
        assert summary.assessed == 1, summary
        times.append(seconds * 1000)
    return sorted(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 consignments")
    parser.add_argument("--consignments", type=int, default=100_000)
    args = parser.parse_args()
    size = 2_000 if args.quick else args.consignments
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        demo = root / "demo"
        write_demo(demo, size, seed=11, json_lines=False)
        space = open_workspace(
            Settings(database_url=f"sqlite:///{root}/bench.db", archive_dir=root / "archive"),
            create=True,
        )
        with space.engine.begin() as conn:
            install_demo_profiles(conn, space.catalogue, demo / "watchlist.csv")
        files = sorted((demo / "cuscar").glob("*.edi"))
        reports, ingest_seconds = timed(lambda: space.intake.ingest_paths(files))
        summary, assess_seconds = timed(lambda: assess_pending(space.engine, space.catalogue))
        total = ingest_seconds + assess_seconds
        with space.engine.connect() as conn:
            found = planted_score(conn, demo / "ground_truth.jsonl")
        times = reassess_times(space, demo, 5 if args.quick else 40)
        space.engine.dispose()
    stored = sum(r.new for r in reports)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{stored:,} consignments: ingest {ingest_seconds:.1f} s + assessment "
        f"{assess_seconds:.1f} s = {total:.1f} s (goal 60 s, ratio {total / 60:.2f}); "
        f"lanes {dict(summary.lanes)}"
    )
    print(f"peak memory {peak_rss_gib():.2f} GiB (goal 4 GiB)")
    print(
        f"re-assessing one amended consignment: p50 {times[len(times) // 2]:.0f} ms, "
        f"p95 {p95:.0f} ms (goal 100 ms, ratio {p95 / 100:.1f})"
    )
    print(
        f"planted risks in red: {found.red_planted} of {found.planted} "
        f"(recall {found.recall:.2f}, precision {found.precision:.2f})"
    )
    metric("assess", "seconds", total, "s")
    metric("assess", "peak_rss_gib", peak_rss_gib(), "GiB")
    metric("assess", "reassess_p95_ms", p95, "ms")


if __name__ == "__main__":
    main()
