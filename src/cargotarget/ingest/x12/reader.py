"""Reading ANSI X12 interchanges (004010): 309 customs manifests and 310 freight receipts.

:func:`read_x12` streams an interchange and yields one :class:`ParsedMessage` per transaction set
(per amendment type within a 309) as soon as its SE is read. The envelope is checked as it goes:
ISA13 = IEA02, GS06 = GE02, ST02 = SE02, SE01 the segments ST to SE, GE01 the transaction sets of
its group, IEA01 the groups; each mismatch is reported with its position and both values.
Problems of the interchange itself (a wrong GE or IEA, a missing IEA, input that is not X12) come
last, in a ParsedMessage with no manifest and no fragment: the raw input is archived before it is
read, so nothing is lost. See docs/formats/x12.md for the mapping, segment by segment.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from cargotarget.ingest.edifact.values import counts
from cargotarget.ingest.x12.envelope import FORMAT, Envelope
from cargotarget.ingest.x12.lexer import CHUNK_SIZE, Lexer, Segment, SyntaxProblem
from cargotarget.ingest.x12.tracker import MAX_LISTED, label, position
from cargotarget.ingest.x12.transaction import TransactionSet
from cargotarget.model.problems import ParsedMessage, Problem

_CONTROL = frozenset({"ISA", "GS", "ST", "SE", "GE", "IEA"})


def read_x12(stream: BinaryIO, *, chunk_size: int = CHUNK_SIZE) -> Iterator[ParsedMessage]:
    """Read every transaction set of the X12 interchange in ``stream``, ``chunk_size`` bytes at a
    time; memory grows with the largest transaction set, not with the input."""
    lexer = Lexer(stream, chunk_size=chunk_size)
    interchange = _Interchange()
    segment: Segment | None = None
    try:
        for segment in lexer:
            current = interchange.current
            if current is not None and segment.tag not in _CONTROL:
                current.add(segment)
                if current.too_long:
                    yield from interchange.cut("it is too long to be a transaction set")
                    interchange.stopped = True
                    break
                continue
            if interchange.envelope is None:
                assert lexer.separators is not None
                interchange.open(Envelope(lexer.separators, segment))
                continue
            yield from interchange.take(segment)
            if interchange.stopped:
                break
    except SyntaxProblem as exc:
        interchange.fail(exc)
    yield from interchange.close(segment)


class _Interchange:
    """The envelope: ISA first, functional groups (GS..GE) of transaction sets, IEA last."""

    def __init__(self) -> None:
        self.envelope: Envelope | None = None
        self.current: TransactionSet | None = None
        self.stopped = False
        self._sets = self._groups = 0
        self._closed = False
        self._problems: list[Problem] = []

    def open(self, envelope: Envelope) -> None:
        self.envelope = envelope
        isa = envelope.isa
        if isa.problem is not None:
            self._error("invalid.segment", isa.problem, isa)
        if not (envelope.control_number.isascii() and envelope.control_number.isdigit()):
            text = f"ISA13 control number {envelope.control_number!r} is not nine digits"
            self._error("invalid.control_number", text, isa)

    def take(self, segment: Segment) -> list[ParsedMessage]:
        """Handle an envelope segment, or any segment outside a transaction set."""
        assert self.envelope is not None
        tag = segment.tag
        if self._closed:
            self._error("data.after_iea", "the interchange goes on after its IEA", segment)
            self.stopped = True
            return []
        done = []
        if self.current is not None and tag != "SE":
            done += self.cut(f"it has no SE before the {label(tag)} at segment {segment.index}")
        if tag == "ST":
            if self.envelope.gs is None:
                self._error("segment.outside", "ST outside any functional group (GS)", segment)
            self._sets += 1
            self.current = TransactionSet(segment, self.envelope)
        elif tag == "SE":
            done += self._end_set(segment)
        elif tag == "GS":
            self._open_group(segment)
        elif tag == "GE":
            self._close_group(segment)
        elif tag == "IEA":
            self._close_interchange(segment)
        elif tag == "ISA":
            self._error(
                "unsupported.interchange", "a second ISA: one interchange per input", segment
            )
            self.stopped = True
        else:
            text = f"segment {label(tag)} is outside any transaction set"
            self._error("segment.outside", text, segment)
            self.stopped = len(self._problems) >= MAX_LISTED
        return done

    def cut(self, reason: str) -> list[ParsedMessage]:
        """End the open transaction set, which has no SE, for ``reason``."""
        current, self.current = self.current, None
        return current.finish(None, reason) if current is not None else []

    def _end_set(self, se: Segment) -> list[ParsedMessage]:
        if self.current is None:
            self._error("segment.outside", "SE without an ST", se)
            return []
        current, self.current = self.current, None
        return current.finish(se)

    def _open_group(self, gs: Segment) -> None:
        assert self.envelope is not None
        if self.envelope.gs is not None:
            self._error("truncated.group", "GS before the GE of the group before it", gs)
        self.envelope.gs = gs
        self._groups += 1
        self._sets = 0

    def _close_group(self, ge: Segment) -> None:
        """GE: GE01 counts the group's transaction sets, GE02 repeats GS06."""
        assert self.envelope is not None
        gs, self.envelope.gs = self.envelope.gs, None
        if gs is None:
            self._error("segment.outside", "GE without a GS", ge)
            return
        if not counts(ge.value(1), self._sets):
            text = f"GE01 gives {ge.value(1)!r} transaction sets; the group has {self._sets}"
            self._error("invalid.set_count", text, ge)
        if ge.value(2) != gs.value(6):
            text = f"GE02 control number {ge.value(2)!r} differs from GS06 {gs.value(6)!r}"
            self._error("invalid.control_number", text, ge)

    def _close_interchange(self, iea: Segment) -> None:
        """IEA: IEA01 counts the functional groups, IEA02 repeats ISA13."""
        assert self.envelope is not None
        self._closed = True
        if self.envelope.gs is not None:
            self._error("truncated.group", "the last functional group has no GE", iea)
        if not counts(iea.value(1), self._groups):
            groups = self._groups
            text = f"IEA01 gives {iea.value(1)!r} functional groups; the interchange has {groups}"
            self._error("invalid.group_count", text, iea)
        control = self.envelope.control_number
        if iea.value(2) != control:
            text = f"IEA02 control number {iea.value(2)!r} differs from ISA13 {control!r}"
            self._error("invalid.control_number", text, iea)

    def fail(self, exc: SyntaxProblem) -> None:
        """Record input that cannot be tokenised; reading stops there."""
        code = "empty.input" if exc.reason == "the input is empty" else "invalid.syntax"
        self._problems.append(Problem(code=code, message=exc.reason, position=f"byte {exc.offset}"))
        self.stopped = True

    def close(self, last: Segment | None) -> list[ParsedMessage]:
        """At the end of the input (``last`` its last segment): the cut-off transaction set,
        if any, then the interchange's problems."""
        done = self.cut("the input ends inside it, with no SE")
        if not self.stopped and not self._closed and last is not None:
            text = f"the interchange has no IEA: it ends after {self._groups} functional groups"
            self._error("truncated.interchange", text, last)
        if self._problems:
            done.append(ParsedMessage(format=FORMAT, manifest=None, problems=tuple(self._problems)))
        return done

    def _error(self, code: str, text: str, segment: Segment) -> None:
        where = position(segment.index, segment.tag, segment.offset)
        self._problems.append(Problem(code=code, message=text, position=where))
