"""A small filing history with known timeliness, ingested through the real intake.

Times are relative to the moment the data is built (the intake stamps receipt with the
clock), so each voyage's schedule decides whether its filings are late:

- carrier MAEU, voyage A1 (departs in 48 h, arrives in 120 h): masters M1 and M2 and simple
  bill S1, on time; S1 amended, still before its deadline. Forwarder FWDR files house H1
  under M1, so M2 is the one master without houses.
- carrier MAEU, voyage B2 (departs in 10 h, arrives in 60 h): S2 and S3, 14 hours late
  under the 24-hour rule; S2 amended, after the deadline.
- MAEU sends one message that is not a manifest (refused whole) and one whose only
  consignment has a bad container number (quarantined).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import msgspec

from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    MessageFunction,
    PortCall,
    Voyage,
)
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest, voyage


@dataclass(frozen=True)
class Built:
    """When the data was built, and the schedules it was built against."""

    start: datetime
    end: datetime
    a1_departure: datetime
    b2_departure: datetime


def _voyage(number: str, departs: datetime, arrives: datetime) -> Voyage:
    return msgspec.structs.replace(
        voyage(number),
        departure_at=departs,
        arrival_at=arrives,
        port_calls=(
            PortCall(locode="COCTG", etd=departs),
            PortCall(locode="JMKIN", eta=arrives),
        ),
    )


def _file(
    space: Workspace,
    provider: str,
    trip: Voyage,
    *bills: Consignment,
    reference: str,
    function: MessageFunction = MessageFunction.ORIGINAL,
) -> None:
    filed = manifest(*bills, reference=reference, function=function)
    body = as_json(msgspec.structs.replace(filed, voyage=trip, provider=provider))
    space.intake.ingest(io.BytesIO(body), provider=provider, filename=f"{reference}.json")


def _kind(bill: Consignment, kind: DocumentKind, master: str | None = None) -> Consignment:
    return msgspec.structs.replace(bill, kind=kind, master_bill_number=master)


def build_history(space: Workspace) -> Built:
    """Ingest the history described above; returns its moments."""
    now = datetime.now(UTC)
    a1 = _voyage("A1", now + timedelta(hours=48), now + timedelta(hours=120))
    b2 = _voyage("B2", now + timedelta(hours=10), now + timedelta(hours=60))
    m1 = _kind(consignment("MAEUM1", container="MSCU1234566"), DocumentKind.MASTER)
    m2 = _kind(consignment("MAEUM2", container="TGHU1234567"), DocumentKind.MASTER)
    _file(space, "MAEU", a1, m1, m2, consignment("MAEUS1"), reference="A1-1")
    house = _kind(consignment("FWDRH1"), DocumentKind.HOUSE, "MAEUM1")
    _file(space, "FWDR", a1, house, reference="A1-H")
    _file(space, "MAEU", b2, consignment("MAEUS2"), consignment("MAEUS3"), reference="B2-1")
    amended = MessageFunction.REPLACE
    heavier = consignment("MAEUS1", description="FRESH BANANAS, GREEN")
    _file(space, "MAEU", a1, heavier, reference="A1-2", function=amended)
    late = consignment("MAEUS2", description="FRESH PLANTAINS")
    _file(space, "MAEU", b2, late, reference="B2-2", function=amended)
    space.intake.ingest(io.BytesIO(b"not a manifest at all"), provider="MAEU", filename="x.txt")
    bad = consignment("MAEUBAD1", container="HASU5044951")
    _file(space, "MAEU", b2, bad, reference="B2-3")
    return Built(
        start=now - timedelta(hours=1),
        end=datetime.now(UTC) + timedelta(hours=1),
        a1_departure=a1.departure_at or now,
        b2_departure=b2.departure_at or now,
    )
