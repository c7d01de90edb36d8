"""Reading IATA Cargo-XML messages (XFWB, XFZB, XFFM) into canonical manifests.

An input is one Cargo-XML document, so :func:`read_cargo_xml` yields one :class:`ParsedMessage`:
the manifest with the consignments that passed; each failed consignment as a
:class:`RejectedConsignment` whose fragment is the document cut down to it (a waybill's whole
document; of a flight manifest, the header, the flight and that waybill's ULDs); or, when the
document cannot be read or its header fails, no manifest and the document as the fragment.
Positions are lines and columns with an XPath-like path. See docs/formats/cargo-xml.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

import msgspec

from cargotarget.ingest.checking import header_problems
from cargotarget.ingest.iata.xml_document import MAX_BYTES, Document, Refused, parse_document
from cargotarget.ingest.iata.xml_flight import read_flight_manifest
from cargotarget.ingest.iata.xml_header import Part, Reading
from cargotarget.ingest.iata.xml_waybill import read_house_waybill, read_waybill
from cargotarget.model.checks import check_consignment
from cargotarget.model.manifest import Consignment, Manifest, MessageFunction
from cargotarget.model.problems import (
    ParsedMessage,
    Problem,
    RejectedConsignment,
    has_errors,
)

FORMAT = "cargo_xml"
#: The message each root element is, and its reader.
READERS: dict[str, Callable[[Document], Reading]] = {
    "Waybill": read_waybill,
    "HouseWaybill": read_house_waybill,
    "FlightManifest": read_flight_manifest,
}
#: Consignments held back one by one, each with a document of its own; a message with more
#: failing is held back whole (cutting a fragment for each would cost the size of the message
#: each time, which a hostile flight manifest of many bad waybills could exploit).
MAX_REJECTED = 200
#: Problems listed for a message held back whole.
MAX_LISTED = 500
#: Problems of a cancellation that only names its bills are not reasons to refuse it.
_CANCEL_EXCUSED = frozenset({"missing.goods", "missing.description"})


def read_cargo_xml(stream: BinaryIO, *, max_bytes: int = MAX_BYTES) -> Iterator[ParsedMessage]:
    """Read the Cargo-XML document in ``stream`` (at most ``max_bytes``)."""
    try:
        document = parse_document(stream, max_bytes)
    except Refused as exc:
        problem = Problem(code=exc.code, message=exc.reason, position=exc.position)
        yield ParsedMessage(format=FORMAT, manifest=None, problems=(problem,), fragment=exc.raw)
        return
    reader = READERS.get(document.root.tag)
    if reader is None:
        known = ", ".join(READERS)
        root = document.root.tag[:40]
        text = f"root element {root!r} is not a Cargo-XML message read here ({known})"
        problem = Problem(
            code="unknown.message", message=text, position=document.position(document.root)
        )
        yield ParsedMessage(
            format=FORMAT, manifest=None, problems=(problem,), fragment=document.raw
        )
        return
    yield assemble(document, reader(document))


def assemble(document: Document, reading: Reading) -> ParsedMessage:
    """Check what was read and split it into the accepted, the rejected and the problems."""
    fields = reading.fields
    problems = fields.problems + header_problems(reading.reference, reading.voyage, fields.locate)
    checked = [(part, _check(part, reading.function)) for part in reading.parts]
    failing = sum(has_errors(part_problems) for _, part_problems in checked)
    if failing > MAX_REJECTED:
        text = (
            f"{failing} of the {len(checked)} consignments have errors, more than the "
            f"{MAX_REJECTED} held back one by one: the message is held back whole"
        )
        position = document.position(document.root)
        problems.append(Problem(code="rejected.message", message=text, position=position))
    if has_errors(problems):
        found = [p for _, part_problems in checked for p in part_problems]
        return ParsedMessage(
            format=FORMAT,
            manifest=None,
            problems=_listed([*problems, *found]),
            fragment=document.raw,
        )
    accepted: list[Consignment] = []
    rejected: list[RejectedConsignment] = []
    for part, part_problems in checked:
        if has_errors(part_problems):
            fragment = document.keeping(part.elements)
            bill = part.consignment.bill_number or None
            rejected.append(
                RejectedConsignment(
                    bill_number=bill, problems=tuple(part_problems), fragment=fragment
                )
            )
        else:
            accepted.append(part.consignment)
            problems += part_problems
    manifest = Manifest(
        reference=reading.reference,
        function=reading.function,
        filed_at=reading.filed_at,
        provider=reading.provider,
        voyage=reading.voyage,
        consignments=tuple(accepted),
    )
    return ParsedMessage(
        format=FORMAT, manifest=manifest, problems=tuple(problems), rejected=tuple(rejected)
    )


def _listed(problems: list[Problem]) -> tuple[Problem, ...]:
    """At most :data:`MAX_LISTED` problems, the last one counting those left out."""
    if len(problems) <= MAX_LISTED:
        return tuple(problems)
    rest = len(problems) - MAX_LISTED + 1
    last = problems[MAX_LISTED - 1]
    more = Problem(
        code="more.problems", message=f"{rest} more problems are not listed", position=last.position
    )
    return (*problems[: MAX_LISTED - 1], more)


def _check(part: Part, function: MessageFunction) -> list[Problem]:
    """The problems of one consignment, each naming its bill."""
    found = part.fields.problems + check_consignment(part.consignment, part.fields.locate)
    if function is MessageFunction.CANCEL:
        found = [p for p in found if p.code not in _CANCEL_EXCUSED]
    bill = part.consignment.bill_number or None
    return [
        p if p.bill_number == bill else msgspec.structs.replace(p, bill_number=bill) for p in found
    ]
