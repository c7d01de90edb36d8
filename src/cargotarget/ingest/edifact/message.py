"""One CUSCAR message, UNH to UNT, read as it streams past.

The header is read first; each CNI group is read, checked and accepted or rejected as soon as
the next one starts, so that only the message's segment texts are held, never a tree. The texts
are kept for the fragments: a rejected consignment comes back as a standalone interchange (UNA,
UNB, the message header, that CNI group, a recounted UNT, UNZ) that can be corrected and sent
again; a rejected message comes back whole, as sent, in an interchange of its own.
"""

from __future__ import annotations

import msgspec

from cargotarget.ingest.edifact.consignment import ConsignmentBuilder, SharedEquipment
from cargotarget.ingest.edifact.header import HeaderBuilder
from cargotarget.ingest.edifact.lexer import UNTERMINATED, Segment
from cargotarget.ingest.edifact.positions import Tracker, label
from cargotarget.ingest.edifact.syntax import ServiceChars
from cargotarget.ingest.edifact.values import counts
from cargotarget.model.manifest import Consignment, Manifest
from cargotarget.model.problems import ParsedMessage, Problem, RejectedConsignment

FORMAT = "cuscar"
#: Every segment a CUSCAR message may hold in D.95B to D.11A. Others are errors; those the
#: canonical model does not use are read past with a warning.
SEGMENT_TAGS = frozenset(
    {"ATT", "BGM", "CNI", "CNT", "COM", "CPI", "CST", "CTA", "CUX", "DGS", "DIM", "DOC", "DTM"}
    | {"EQA", "EQD", "EQN", "FTX", "GDS", "GEI", "GID", "GIN", "GIS", "HAN", "IMD", "LOC", "MEA"}
    | {"MOA", "NAD", "PAC", "PCI", "PIA", "QTY", "RFF", "RNG", "SEL", "SGP", "TCC", "TDT", "TMD"}
    | {"TMP", "TOD", "TPL", "TSR"}
)
#: Segments of a message that cannot be read before it is given up as not EDIFACT at all.
MAX_BAD_SEGMENTS = 1000


class Envelope:
    """What every fragment of an interchange repeats: separators, character set and UNB."""

    def __init__(self, chars: ServiceChars, codec: str, unb: Segment) -> None:
        self.chars = chars
        self.codec = codec
        self.unb = unb.text.encode("latin-1", "surrogateescape")
        self.control_ref = unb.value(4)

    def trailer(self, tag: str, count: int, reference: str) -> str:
        """A UNT or UNZ segment text."""
        sep = self.chars.element
        return f"{tag}{sep}{count}{sep}{self.chars.escape(reference)}"

    def interchange(self, texts: list[str], *, closed: bool) -> bytes:
        """A standalone interchange of the given message segment texts (UNH first)."""
        end = self.chars.terminator + "\n"
        body = end.join([*texts, self.trailer("UNZ", 1, self.control_ref)] if closed else texts)
        head = (self.chars.una() + "\n").encode("ascii") + self.unb + end.encode("ascii")
        return head + (body + end).encode(self.codec, "surrogateescape")


class MessageReader:
    """Reads one message segment by segment; :meth:`finish` gives its ParsedMessage."""

    def __init__(self, unh: Segment, number: int, envelope: Envelope) -> None:
        self.number = number
        self.abandoned = False
        self._envelope = envelope
        self._texts = [unh.text]
        self._header = HeaderBuilder(unh, number)
        self._header_end = 0
        self._manifest: Manifest | None = None
        self._shared: SharedEquipment = {}
        self._consignment: ConsignmentBuilder | None = None
        self._accepted: list[Consignment] = []
        self._warnings: list[Problem] = []
        self._rejected: list[RejectedConsignment] = []
        self._bad = 0
        if unh.problem is not None:
            self._report(unh, 1, self._header.tracker)

    def add(self, segment: Segment) -> None:
        """Read the next segment (anything between UNH and UNT)."""
        texts = self._texts
        texts.append(segment.text)
        n = len(texts)
        tag = segment.tag
        if tag == "CNI":
            self._close_consignment(n - 1)
            if not self._header_end:
                self._finish_header(n)
            if self._manifest is not None:
                self._consignment = ConsignmentBuilder(segment, n, self.number, self._shared)
        consignment = self._consignment
        if segment.problem is not None or tag not in SEGMENT_TAGS:
            tracker = consignment.tracker if consignment is not None else self._header.tracker
            self._report(segment, n, tracker)
        elif tag == "CNI":
            return
        elif consignment is not None:
            consignment.add(segment, n)
        elif not self._header_end:
            self._header.add(segment, n)

    def _report(self, segment: Segment, n: int, tracker: Tracker) -> None:
        """Report a segment that could not be read at all, and count it."""
        if segment.problem == UNTERMINATED:
            code = "truncated.segment"
        elif segment.problem is not None:
            code = "invalid.bytes"
        else:
            code = "unknown.segment"
        text = segment.problem or f"segment tag {label(segment.tag)} is not a CUSCAR segment"
        tracker.error(code, text, n, segment.tag, segment.offset)
        self._bad += 1
        self.abandoned = self._bad > MAX_BAD_SEGMENTS

    def _finish_header(self, n: int) -> None:
        self._header_end = n - 1
        self._shared = self._header.shared_equipment()
        self._manifest = self._header.finish()

    def _close_consignment(self, last: int) -> None:
        """Finish and check the open consignment, which ends at segment ``last``; accept it, or
        hold it back with its fragment."""
        builder = self._consignment
        if builder is None:
            return
        self._consignment = None
        consignment = builder.finish(self._header.function)
        tracker = builder.tracker
        if not tracker.errors:
            self._accepted.append(consignment)
            self._warnings.extend(tracker.problems)
            return
        fragment = self._fragment(builder.first, last)
        rejected = RejectedConsignment(
            bill_number=tracker.bill, problems=tracker.listed(), fragment=fragment
        )
        self._rejected.append(rejected)

    def _fragment(self, first: int, last: int) -> bytes:
        """The header and the segments ``first`` to ``last`` as an interchange of their own."""
        body = self._texts[: self._header_end] + self._texts[first - 1 : last]
        trailer = self._envelope.trailer("UNT", len(body) + 1, self._header.reference)
        return self._envelope.interchange([*body, trailer], closed=True)

    def finish(self, unt: Segment | None, reason: str = "") -> ParsedMessage:
        """End the message at its UNT, or without one (``reason`` says why) when it is cut off."""
        tracker = self._header.tracker
        if unt is not None:
            self._texts.append(unt.text)
            self._check_trailer(unt, len(self._texts), tracker)
        else:
            last_tag = self._texts[-1][:3]
            tracker.error("truncated.message", reason, len(self._texts), last_tag, always=True)
        last = len(self._texts) - (unt is not None)
        self._close_consignment(last)
        if not self._header_end:
            self._finish_header(last + 1)
        if self._manifest is None or tracker.errors:
            fragment = self._envelope.interchange(self._texts, closed=unt is not None)
            found = [p for rejected in self._rejected for p in rejected.problems]
            problems = (*tracker.listed(), *found, *self._warnings)
            return ParsedMessage(format=FORMAT, manifest=None, problems=problems, fragment=fragment)
        manifest = msgspec.structs.replace(self._manifest, consignments=tuple(self._accepted))
        return ParsedMessage(
            format=FORMAT,
            manifest=manifest,
            problems=(*tracker.listed(), *self._warnings),
            rejected=tuple(self._rejected),
        )

    def _check_trailer(self, unt: Segment, n: int, tracker: Tracker) -> None:
        """UNT: its count must be the message's segments, UNH to UNT, and its reference UNH's."""
        if unt.problem is not None:
            self._report(unt, n, tracker)
        count, reference = unt.value(0), unt.value(1)
        if not counts(count, n):
            text = f"UNT gives {count!r} segments; the message has {n}, UNH to UNT"
            tracker.error("invalid.segment_count", text, n, "UNT", always=True)
        if reference != self._header.reference:
            text = (
                f"UNT reference {reference!r} differs from UNH reference {self._header.reference!r}"
            )
            tracker.error("invalid.message_reference", text, n, "UNT", always=True)
