"""Reading UN/EDIFACT CUSCAR (directories D.95B to D.11A) into canonical manifests.

:func:`read_cuscar` streams an interchange and yields one :class:`ParsedMessage` per message as
soon as its UNT is read: the manifest with the consignments that passed, each failed consignment
as a :class:`RejectedConsignment` with a replayable fragment, or, when the message's header or
envelope is bad, no manifest and the message as a fragment. Problems of the interchange itself
(empty or non-EDIFACT input, a wrong UNZ count, a missing UNZ) come last, in a ParsedMessage with
no manifest and no fragment: the raw input is archived before it is read, so nothing is lost.
See docs/cuscar.md for the mapping, segment by segment.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from cargotarget.ingest.edifact.lexer import CHUNK_SIZE, UNTERMINATED, Lexer, Segment
from cargotarget.ingest.edifact.message import FORMAT, Envelope, MessageReader
from cargotarget.ingest.edifact.positions import MAX_LISTED, interchange_position, label
from cargotarget.ingest.edifact.syntax import SyntaxProblem
from cargotarget.ingest.edifact.values import counts
from cargotarget.model.problems import ParsedMessage, Problem

_SERVICE = frozenset({"UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"})


def read_cuscar(stream: BinaryIO, *, chunk_size: int = CHUNK_SIZE) -> Iterator[ParsedMessage]:
    """Read every message of the CUSCAR interchange in ``stream``, ``chunk_size`` bytes at a
    time; memory grows with the largest message, not with the input."""
    lexer = Lexer(stream, chunk_size=chunk_size)
    interchange = _Interchange(lexer)
    segment: Segment | None = None
    try:
        for segment in lexer:
            message = interchange.message
            if message is not None and segment.tag not in _SERVICE:
                message.add(segment)
                if message.abandoned:
                    yield interchange.abandon()
                    break
                continue
            yield from interchange.take(segment)
            if interchange.stopped:
                break
    except SyntaxProblem as exc:
        interchange.fail(exc)
    yield from interchange.close(segment)


class _Interchange:
    """The envelope: UNB first, messages (optionally in UNG/UNE groups), UNZ last, and every
    count and reference between them."""

    def __init__(self, lexer: Lexer) -> None:
        self._lexer = lexer
        self.message: MessageReader | None = None
        self.stopped = False
        self._envelope: Envelope | None = None
        self._messages = self._groups = self._group_start = 0
        self._group_ref: str | None = None
        self._closed = False
        self._problems: list[Problem] = []

    def take(self, segment: Segment) -> list[ParsedMessage]:
        """Handle a service segment, or any segment outside a message."""
        if self._envelope is None:
            self._open(segment)
            return []
        if self._closed:
            self._error("data.after_unz", "the interchange goes on after its UNZ", segment)
            self.stopped = True
            return []
        tag = segment.tag
        done = []
        if self.message is not None and tag != "UNT":
            done.append(self._cut(f"it has no UNT before the {tag} at segment {segment.index}"))
        if tag == "UNH":
            self._messages += 1
            self.message = MessageReader(segment, self._messages, self._envelope)
        elif tag == "UNT":
            self._end_message(segment, done)
        elif tag == "UNZ":
            self._close_interchange(segment)
        elif tag in ("UNG", "UNE"):
            self._group(segment)
        elif tag == "UNB":
            self._error(
                "unsupported.interchange", "a second UNB: one interchange per input", segment
            )
            self.stopped = True
        else:
            self._error("segment.outside", f"segment {label(tag)} is outside any message", segment)
            self.stopped = len(self._problems) >= MAX_LISTED
        return done

    def _open(self, segment: Segment) -> None:
        """The first segment must be a UNB in a supported character set; else reading stops."""
        if segment.tag != "UNB":
            text = (
                "not an EDIFACT interchange: it must start with UNB (after an optional UNA); "
                f"it starts with {segment.text[:40]!r}"
            )
            self._error("invalid.interchange", text, segment)
            self.stopped = True
        elif segment.problem is not None:
            code = "truncated.segment" if segment.problem == UNTERMINATED else "unsupported.charset"
            self._error(code, segment.problem, segment)
            self.stopped = True
        else:
            self._envelope = Envelope(self._lexer.chars, self._lexer.codec, segment)
            if not self._envelope.control_ref:
                text = "UNB has no interchange control reference (0020)"
                self._error("missing.control_reference", text, segment)

    def _cut(self, reason: str) -> ParsedMessage:
        """End the open message, which has no UNT, for ``reason``."""
        assert self.message is not None
        message, self.message = self.message, None
        return message.finish(None, f"message {message.number} is cut short: {reason}")

    def _end_message(self, unt: Segment, done: list[ParsedMessage]) -> None:
        if self.message is None:
            self._error("segment.outside", "UNT without a UNH", unt)
            return
        done.append(self.message.finish(unt))
        self.message = None

    def _group(self, segment: Segment) -> None:
        """UNG opens a functional group; UNE must count its messages and repeat its reference."""
        if segment.tag == "UNG":
            self._groups += 1
            self._group_ref, self._group_start = segment.value(4), self._messages
            return
        inside = self._messages - self._group_start
        if not counts(segment.value(0), inside):
            text = f"UNE gives {segment.value(0)!r} messages; the group has {inside}"
            self._error("invalid.message_count", text, segment)
        if segment.value(1) != self._group_ref:
            text = f"UNE reference {segment.value(1)!r} differs from UNG's {self._group_ref!r}"
            self._error("invalid.group_reference", text, segment)

    def _close_interchange(self, unz: Segment) -> None:
        """UNZ: it counts groups when there are any, else messages, and repeats UNB's reference."""
        assert self._envelope is not None
        self._closed = True
        if unz.problem is not None:
            self._error("invalid.segment", unz.problem, unz)
        count, what = (self._groups, "groups") if self._groups else (self._messages, "messages")
        if not counts(unz.value(0), count):
            text = f"UNZ gives {unz.value(0)!r} {what}; the interchange has {count}"
            self._error("invalid.message_count", text, unz)
        if unz.value(1) != self._envelope.control_ref:
            text = (
                f"UNZ reference {unz.value(1)!r} differs from the UNB control reference "
                f"{self._envelope.control_ref!r}"
            )
            self._error("invalid.control_reference", text, unz)

    def abandon(self) -> ParsedMessage:
        """Give up on a message that is mostly unreadable, and on the rest of the input."""
        self.stopped = True
        return self._cut("reading stopped there, too many of its segments could not be read")

    def fail(self, exc: SyntaxProblem) -> None:
        """Record input that cannot be tokenised; reading stops there."""
        self._problems.append(
            Problem(code="invalid.syntax", message=exc.reason, position=f"byte {exc.offset}")
        )
        self.stopped = True

    def close(self, last: Segment | None) -> list[ParsedMessage]:
        """At the end of the input (``last`` its last segment): the cut-off message, if any,
        then the interchange's problems."""
        done = []
        if self.message is not None:
            done.append(self._cut("the input ends inside it, with no UNT"))
        if last is None and not self._problems:
            self._problems.append(
                Problem(code="empty.input", message="the input is empty", position="byte 0")
            )
        elif not self.stopped and not self._closed and last is not None:
            text = f"the interchange has no UNZ: it ends after {self._messages} messages"
            self._error("truncated.interchange", text, last)
        if self._problems:
            done.append(ParsedMessage(format=FORMAT, manifest=None, problems=tuple(self._problems)))
        return done

    def _error(self, code: str, text: str, segment: Segment) -> None:
        where = interchange_position(segment.index, segment.tag, segment.offset)
        self._problems.append(Problem(code=code, message=text, position=where))
