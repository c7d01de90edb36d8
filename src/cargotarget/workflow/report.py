"""What an ingest did: counts per outcome, problems, quarantine items."""

from __future__ import annotations

from dataclasses import dataclass, field

from cargotarget.model.problems import Problem, Severity
from cargotarget.store.consignments import Outcome


@dataclass
class IngestReport:
    source: str
    raw_message_id: int
    sha256: str
    duplicate: bool = False
    format: str | None = None
    messages: int = 0
    new: int = 0
    amended: int = 0
    unchanged: int = 0
    cancelled: int = 0
    problems: list[Problem] = field(default_factory=list)
    quarantine_ids: list[int] = field(default_factory=list)
    #: The filers the messages name (Manifest.provider: NAD+MS, the envelope sender, ...).
    senders: set[str] = field(default_factory=set)

    def count(self, outcome: Outcome) -> None:
        if outcome is Outcome.NEW:
            self.new += 1
        elif outcome is Outcome.AMENDED:
            self.amended += 1
        elif outcome is Outcome.CANCELLED:
            self.cancelled += 1
        elif outcome is Outcome.UNCHANGED:
            self.unchanged += 1

    @property
    def accepted(self) -> int:
        """Consignments that changed the store: new, amended or cancelled."""
        return self.new + self.amended + self.cancelled

    @property
    def quarantined(self) -> int:
        return len(self.quarantine_ids)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]
