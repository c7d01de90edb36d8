"""One X12 transaction set (ST to SE): its trailer checked, its content handed to its reader.

A 309 (customs manifest) and a 310 (ocean freight receipt and invoice) are read into canonical
manifests; any other transaction set is rejected as not supported, its envelope still checked.
A wrong SE count or control number rejects the set: a count that does not match means segments
were lost or added on the way, so nothing in it can be trusted. The rejected set comes back whole,
as sent, in an interchange of its own.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from cargotarget.ingest.edifact.values import counts
from cargotarget.ingest.x12.envelope import FORMAT, Envelope
from cargotarget.ingest.x12.freight310 import FreightReceipt310
from cargotarget.ingest.x12.lexer import Segment
from cargotarget.ingest.x12.manifest309 import Manifest309
from cargotarget.ingest.x12.tracker import position
from cargotarget.model.problems import ParsedMessage, Problem

READERS: dict[str, Callable[[Segment, Envelope], Manifest309 | FreightReceipt310]] = {
    "309": Manifest309,
    "310": FreightReceipt310,
}
NAMES = {"309": "customs manifest", "310": "freight receipt and invoice (ocean)"}
NAMES |= {"315": "status details (ocean)", "304": "shipping instructions", "301": "booking"}
#: Characters held for one transaction set before it is given up: far beyond any real manifest
#: (9,999 bills of a few dozen segments each), and a bound on the memory a hostile input can take.
MAX_SET_CHARS = 64 * 1024 * 1024


class TransactionSet:
    """The segments of one transaction set as they arrive, and its reader if it has one."""

    def __init__(self, st: Segment, envelope: Envelope) -> None:
        self.st = st
        self._envelope = envelope
        self.texts = [st.text]
        kind = st.value(1)
        factory = READERS.get(kind)
        self._reader = factory(st, envelope) if factory is not None else None
        self.too_long = False
        self._size = len(st.text)

    def add(self, segment: Segment) -> None:
        self.texts.append(segment.text)
        if self._reader is not None:
            self._reader.add(segment)
        self._size += len(segment.text)
        self.too_long = self._size > MAX_SET_CHARS

    def finish(self, se: Segment | None, reason: str = "") -> list[ParsedMessage]:
        """End the set at its SE, or without one (``reason`` says why)."""
        trouble = self._trailer(se, reason)
        messages = self._reader.finish() if self._reader is not None else []
        if self._reader is None:
            trouble.insert(0, self._unsupported())
        if not trouble and messages and messages[0].manifest is not None:
            return messages
        found = [p for m in messages for p in (*m.problems, *_held_back(m))]
        whole = self._envelope.wrap(self.texts)
        if not trouble and messages:
            return [msgspec.structs.replace(messages[0], fragment=whole)]
        return [
            ParsedMessage(format=FORMAT, manifest=None, problems=(*trouble, *found), fragment=whole)
        ]

    def _unsupported(self) -> Problem:
        kind = self.st.value(1)
        name = NAMES.get(kind, "transaction set")
        text = (
            f"transaction set {kind!r} ({name}) is not supported: it is not a cargo manifest; "
            "cargotarget reads the 309 customs manifest and the 310 freight receipt"
        )
        return Problem(code="unsupported.transaction", message=text, position=self._at(self.st))

    def _trailer(self, se: Segment | None, reason: str) -> list[Problem]:
        """SE: the count of segments ST to SE inclusive, and ST's control number again."""
        if se is None:
            text = f"transaction set {self.st.value(2)!r} is cut short: {reason}"
            return [Problem(code="truncated.transaction", message=text, position=self._at(self.st))]
        self.texts.append(se.text)
        problems = []
        count, control = se.value(1), se.value(2)
        actual = len(self.texts)
        if not counts(count, actual):
            text = f"SE01 gives {count!r} segments; the transaction set has {actual}, ST to SE"
            problems.append(
                Problem(code="invalid.segment_count", message=text, position=self._at(se))
            )
        if control != self.st.value(2):
            text = f"SE02 control number {control!r} differs from ST02 {self.st.value(2)!r}"
            problems.append(
                Problem(code="invalid.control_number", message=text, position=self._at(se))
            )
        return problems

    @staticmethod
    def _at(segment: Segment) -> str:
        return position(segment.index, segment.tag)


def _held_back(message: ParsedMessage) -> list[Problem]:
    return [p for rejected in message.rejected for p in rejected.problems]
