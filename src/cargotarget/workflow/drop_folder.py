"""The drop folder: filers who send files put them in a folder; each is ingested as the
provider and moved out of the way with its answer beside it.

A file is taken only once it is complete: its size and modification time must stay the same
for ``settle`` seconds (a transfer still writing it changes them), and dotfiles and the names
transfer programs give unfinished files (``.part``, ``.tmp``, ``~`` ...) are left alone. Each
taken file goes to ``processed/`` with ``NAME.receipt.json`` (the receipt an API submission
gets) or to ``failed/`` with ``NAME.reason.txt`` saying why: larger than the limit,
unreadable, or every consignment of it rejected. Rejected parts are kept in quarantine as for
any channel, and the same file dropped twice changes nothing (its receipt says duplicate).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from cargotarget.model.providers import DataProvider, sender_warnings
from cargotarget.store.archive import MessageTooLarge
from cargotarget.workflow.assess import AssessConfig, assess_pending
from cargotarget.workflow.permissions import NotAllowed
from cargotarget.workflow.providers import find_provider
from cargotarget.workflow.receipts import Receipt, receipt
from cargotarget.workflow.workspace import Workspace

PROCESSED = "processed"
FAILED = "failed"
#: Names that transfer programs and editors give files still being written.
UNFINISHED = re.compile(
    r"(\.(part|partial|tmp|temp|crdownload|filepart|download|swp|lock)|~)$", re.IGNORECASE
)
Signature = tuple[int, int]


class DropOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """What became of one file: where it went and why."""

    name: str
    moved_to: str
    accepted: bool
    reason: str | None = None
    receipt_id: int | None = None


@dataclass
class Settling:
    """Files seen in the folder, each with its signature and when that was first seen."""

    seen: dict[Path, tuple[Signature, float]] = field(default_factory=dict)

    def ready(self, now: dict[Path, Signature], settle: float, clock: float) -> list[Path]:
        """The files unchanged for ``settle`` seconds; changed or new ones start again."""
        done = []
        for path, signature in now.items():
            before = self.seen.get(path)
            if before is None or before[0] != signature:
                self.seen[path] = (signature, clock)
            elif clock - before[1] >= settle:
                done.append(path)
        for path in set(self.seen) - set(now) | set(done):
            self.seen.pop(path, None)
        return sorted(done)


def candidates(folder: Path) -> dict[Path, Signature]:
    """The files waiting in ``folder`` (not in its subfolders) with their size and time."""
    found = {}
    for path in folder.iterdir():
        if path.name.startswith(".") or UNFINISHED.search(path.name):
            continue
        try:
            if path.is_symlink() or not path.is_file():
                continue
            stat = path.stat()
        except OSError:
            continue  # gone between listing and looking: it is no longer waiting
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def _move(path: Path, folder: Path) -> Path:
    """Move ``path`` into ``folder`` under a name no earlier file there has."""
    folder.mkdir(exist_ok=True)
    target, n = folder / path.name, 1
    while target.exists() or target.with_name(target.name + ".reason.txt").exists():
        target, n = folder / f"{path.stem}.{n}{path.suffix}", n + 1
    return path.rename(target)


@dataclass
class DropFolder:
    """One provider's drop folder in one workspace."""

    workspace: Workspace
    folder: Path
    provider_code: str
    settle: float = 2.0
    _settling: Settling = field(default_factory=Settling)

    def provider(self) -> DataProvider:
        """The provider the files are filed for; refused when it is deactivated."""
        with self.workspace.engine.connect() as conn:
            provider = find_provider(conn, self.provider_code)
        if not provider.active:
            raise NotAllowed(f"provider {provider.code} is deactivated: its files are not taken")
        return provider

    def _fail(self, path: Path, reason: str) -> DropOutcome:
        moved = _move(path, self.folder / FAILED)
        moved.with_name(moved.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
        return DropOutcome(name=path.name, moved_to=str(moved), accepted=False, reason=reason)

    def _ingest(self, path: Path, provider: DataProvider) -> Receipt:
        space = self.workspace
        report = space.intake.ingest_path(path, provider=provider.code)
        assess_pending(space.engine, space.catalogue, AssessConfig.from_settings(space.settings))
        with space.engine.connect() as conn:
            found = receipt(conn, report.raw_message_id, report)
        assert found is not None
        warnings = sender_warnings(provider, report.senders)
        return msgspec.structs.replace(found, provider_code=provider.code, warnings=warnings)

    def take(self, path: Path, provider: DataProvider) -> DropOutcome:
        """Ingest one complete file and move it with its receipt or its reason."""
        limit = self.workspace.settings.max_message_bytes
        try:
            size = path.stat().st_size
            if size > limit:
                return self._fail(path, f"the file is {size:,} bytes; the limit is {limit:,}")
            done = self._ingest(path, provider)
        except MessageTooLarge as exc:
            return self._fail(path, str(exc))
        except OSError as exc:
            return self._fail(path, f"the file could not be read: {exc.strerror or exc}")
        if done.accepted == 0 and (done.rejected > 0 or done.rejected_messages):
            return self._fail(path, _rejection(done))
        moved = _move(path, self.folder / PROCESSED)
        moved.with_name(moved.name + ".receipt.json").write_bytes(
            msgspec.json.format(msgspec.json.encode(done))
        )
        return DropOutcome(
            name=path.name, moved_to=str(moved), accepted=True, receipt_id=done.receipt_id
        )

    def poll(self, clock: float | None = None) -> list[DropOutcome]:
        """Take every file that has been complete for ``settle`` seconds."""
        now = time.monotonic() if clock is None else clock
        ready = self._settling.ready(candidates(self.folder), self.settle, now)
        if not ready:
            return []
        provider = self.provider()
        return [self.take(path, provider) for path in ready]

    def once(self) -> list[DropOutcome]:
        """Take what is complete now: look, wait ``settle`` seconds, look again. A file still
        being written is left for the next run."""
        self.provider()
        self.poll()
        time.sleep(self.settle)
        return self.poll()

    def watch(self, stop: Callable[[], bool], every: float = 1.0) -> Iterator[DropOutcome]:
        """Take files as they arrive until ``stop()``; those already there come first."""
        import watchfiles  # only the long-running watcher needs it

        self.provider()
        changes = watchfiles.watch(
            self.folder,
            recursive=False,
            yield_on_timeout=True,
            rust_timeout=int(every * 1000),
            raise_interrupt=False,
        )
        for _ in changes:
            yield from self.poll()
            if stop():
                return


def _rejection(done: Receipt) -> str:
    lines = ["every consignment of the file was rejected; nothing was accepted:"]
    lines += [f"  {reason}" for reasons in done.rejected_messages for reason in reasons]
    for row in done.consignments:
        lines += [f"  {row.bill_number or '(no bill)'}: {reason}" for reason in row.reasons]
    lines.append(f"the file is kept in quarantine as receipt {done.receipt_id}")
    return "\n".join(lines)
