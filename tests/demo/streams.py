"""Demo streams shared by the demo tests, generated once per process and size."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from cargotarget.demo import DemoManifest, generate
from cargotarget.model.manifest import Consignment, MessageFunction

SIZE = 4000
SEED = 11


@cache
def stream(size: int = SIZE, seed: int = SEED) -> tuple[DemoManifest, ...]:
    return tuple(generate(size, seed=seed))


def bills(
    filings: tuple[DemoManifest, ...], function: MessageFunction | None = None
) -> Iterator[Consignment]:
    """Every bill in ``filings``, optionally only those filed with ``function``."""
    for filing in filings:
        if function is None or filing.manifest.function is function:
            yield from filing.manifest.consignments
