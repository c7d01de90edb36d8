"""Reading IATA Cargo-IMP text messages (FWB, FHL, FFM) into canonical manifests.

:func:`read_cargo_imp` yields one :class:`ParsedMessage` per message in the input, as soon as the
next message starts: the manifest with the air waybills (or house waybills) that passed, each
failed one as a :class:`RejectedConsignment` whose fragment is a message of its own carrying it
alone (the message name, the flight or master line, its own lines); or, when the message as a
whole is bad, no manifest and the message's text as its fragment. Every problem has a position,
``line N, column M`` in the input. See docs/formats/cargo-imp.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

import msgspec

from cargotarget.ingest.checking import header_problems
from cargotarget.ingest.iata.imp_ffm import read_ffm
from cargotarget.ingest.iata.imp_fhl import read_fhl
from cargotarget.ingest.iata.imp_fwb import read_fwb
from cargotarget.ingest.iata.imp_lines import Line, RawMessage, split_messages
from cargotarget.ingest.iata.imp_reading import Part, Reading
from cargotarget.model.checks import check_consignment
from cargotarget.model.manifest import Consignment, Manifest
from cargotarget.model.problems import (
    ParsedMessage,
    Problem,
    RejectedConsignment,
    Severity,
    has_errors,
)

FORMAT = "cargo_imp"
READERS: dict[str, Callable[[RawMessage], Reading]] = {
    "FWB": read_fwb,
    "FHL": read_fhl,
    "FFM": read_ffm,
}
#: The newest version of each message that the layouts here follow; later ones are read with
#: a warning, since IATA versions add lines rather than change them.
VERSIONS = {"FWB": 17, "FHL": 5, "FFM": 8}


def read_cargo_imp(stream: BinaryIO) -> Iterator[ParsedMessage]:
    """Every Cargo-IMP message in ``stream``, read a line at a time."""
    for message in split_messages(stream):
        yield read_message(message)


def _text(lines: list[Line]) -> bytes:
    return ("\r\n".join(line.text for line in lines) + "\r\n").encode("latin-1")


def read_message(message: RawMessage) -> ParsedMessage:
    """The ParsedMessage of one message's lines."""
    if not message.lines:
        return ParsedMessage(format=FORMAT, manifest=None, problems=tuple(message.problems))
    reading = READERS[message.kind](message)
    problems = list(message.problems)
    if message.version > VERSIONS[message.kind]:
        text = f"{message.kind}/{message.version} is newer than the layouts read ({message.kind}/"
        text += f"{VERSIONS[message.kind]}); lines it adds may be reported as unread"
        problems.append(_warning("unknown.version", text, message.lines[0].at()))
    problems += _place_line_problems(message, reading)
    problems += header_problems(reading.reference, reading.voyage, reading.marks.locate)
    problems += reading.marks.problems
    accepted, warnings, rejected = _sort_parts(reading)
    if has_errors(problems):
        below = [p for r in rejected for p in r.problems]
        return ParsedMessage(
            format=FORMAT,
            manifest=None,
            problems=(*problems, *below, *warnings),
            fragment=_text(message.lines),
        )
    manifest = Manifest(
        reference=reading.reference, voyage=reading.voyage, consignments=tuple(accepted)
    )
    return ParsedMessage(
        format=FORMAT,
        manifest=manifest,
        problems=(*problems, *warnings),
        rejected=tuple(rejected),
    )


def _sort_parts(
    reading: Reading,
) -> tuple[list[Consignment], list[Problem], list[RejectedConsignment]]:
    """The parts that pass, the warnings about them, and those held back with fragments."""
    accepted: list[Consignment] = []
    warnings: list[Problem] = []
    rejected: list[RejectedConsignment] = []
    for part in reading.parts:
        found = _check(part)
        if has_errors(found):
            fragment = _text([*reading.head, *part.lines, *reading.tail])
            bill = part.consignment.bill_number or None
            rejected.append(
                RejectedConsignment(bill_number=bill, problems=found, fragment=fragment)
            )
        else:
            accepted.append(part.consignment)
            warnings += found
    return accepted, warnings, rejected


def _check(part: Part) -> tuple[Problem, ...]:
    return (*check_consignment(part.consignment, part.marks.locate), *part.marks.problems)


def _place_line_problems(message: RawMessage, reading: Reading) -> list[Problem]:
    """Unreadable lines go with the part that holds them; the others stop the message."""
    owner: dict[int, Part] = {}
    for part in reading.parts:
        for line in part.lines:
            owner.setdefault(line.number, part)
    problems: list[Problem] = []
    for number, problem in message.bad_lines.items():
        holder = owner.get(number)
        if holder is None:
            problems.append(problem)
        else:
            bill = holder.consignment.bill_number or None
            holder.marks.problems.append(msgspec.structs.replace(problem, bill_number=bill))
    return problems


def _warning(code: str, message: str, position: str) -> Problem:
    return Problem(code=code, message=message, position=position, severity=Severity.WARNING)
