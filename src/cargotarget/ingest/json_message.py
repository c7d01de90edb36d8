"""One canonical JSON message decoded and checked, consignment by consignment.

The manifest is first decoded with its consignments left as raw JSON; each consignment is then
decoded and checked on its own, so that a wrong type, an unknown field or an invalid code rejects
only the consignment it is in. A fault in the header (syntax, the voyage, the manifest's own
fields) rejects the whole message.

Positions are ``line L, $.json.path``, where ``L`` is the line on which the consignment (for the
header, the message) starts; JSON syntax and encoding faults are given as ``line L, column C``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import msgspec

from cargotarget.ingest.checking import header_problems
from cargotarget.ingest.json_stream import Fragment, advance
from cargotarget.model.checks import check_consignment
from cargotarget.model.manifest import Consignment, Flow, Manifest, MessageFunction, Voyage
from cargotarget.model.problems import ParsedMessage, Problem, RejectedConsignment, has_errors

LINES_FORMAT = "jsonl"


class Envelope(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A :class:`Manifest` whose consignments are kept as raw JSON (the fields mirror it)."""

    reference: str
    flow: Flow = Flow.IMPORT
    function: MessageFunction = MessageFunction.ORIGINAL
    filed_at: datetime | None = None
    provider: str | None = None
    voyage: Voyage
    consignments: tuple[msgspec.Raw, ...] = ()


class _BillNumber(msgspec.Struct):
    """Just the bill number of a consignment that failed to decode, for the quarantine."""

    bill_number: Any = None


_ENVELOPE = msgspec.json.Decoder(Envelope)
_CONSIGNMENT = msgspec.json.Decoder(Consignment)
_BILL_NUMBER = msgspec.json.Decoder(_BillNumber)
_TOP_LEVEL = msgspec.json.Decoder(dict[str, msgspec.Raw])
_BYTE = re.compile(r"\(byte (\d+)\)")
_UNKNOWN_FIELD = re.compile(r"unknown field `([^`]*)`")
_CODES = (
    ("unknown field", "unknown.field"),
    ("missing required field", "missing.field"),
    ("Invalid enum value", "invalid.enum"),
    ("Expected `", "invalid.type"),
)


def parse_message(fragment: Fragment, fmt: str) -> ParsedMessage:
    """The manifest in ``fragment`` with its good consignments, and every problem found."""
    if fragment.error is not None:
        position = f"line {fragment.line}, column {fragment.column}"
        problem = Problem(code="invalid.json", message=fragment.error, position=position)
        return _rejected(fragment, fmt, [problem])
    try:
        envelope = _ENVELOPE.decode(fragment.data)
    except msgspec.DecodeError as exc:
        problem = decode_problem(exc, fragment.data, (fragment.line, fragment.column), "$")
        return _rejected(fragment, fmt, [problem])
    voyage = _utc_voyage(envelope.voyage)
    header = header_problems(
        envelope.reference, voyage, lambda path: f"line {fragment.line}, $.{path}"
    )
    if has_errors(header):
        return _rejected(fragment, fmt, header)
    consignments = _Consignments(fragment, envelope.consignments, fmt)
    good, rejected, warnings = consignments.read()
    manifest = Manifest(
        reference=envelope.reference,
        flow=envelope.flow,
        function=envelope.function,
        filed_at=_utc(envelope.filed_at),
        provider=envelope.provider,
        voyage=voyage,
        consignments=good,
    )
    return ParsedMessage(
        format=fmt, manifest=manifest, problems=(*header, *warnings), rejected=rejected
    )


def decode_problem(
    exc: msgspec.DecodeError, data: bytes, start: tuple[int, int], root: str
) -> Problem:
    """A msgspec error in ``data`` (which starts at line and column ``start``) as a problem:
    validation errors placed by JSON path under ``root``, syntax errors by line and column."""
    text = str(exc)
    if isinstance(exc, msgspec.ValidationError):
        message, _, path = text.partition(" - at `")
        where = root + path.rstrip("`")[1:]
        unknown = _UNKNOWN_FIELD.search(message)
        if unknown:
            where += f".{unknown.group(1)}"
        code = next((code for key, code in _CODES if key in message), "invalid.value")
        return Problem(code=code, message=message, position=f"line {start[0]}, {where}")
    code, message, offset = "invalid.json", text, len(data)
    found = _BYTE.search(text)
    if found:
        offset, message = int(found.group(1)), text[: found.start()].rstrip()
    elif "UTF-8" in text:
        code, offset = "invalid.encoding", _bad_utf8(data)
        message = f"not valid UTF-8: byte 0x{data[offset]:02x} cannot start or continue a character"
    elif "truncated" in text:
        message = "the JSON ends in the middle of a value (truncated)"
    line, column = advance(*start, data[:offset])
    return Problem(code=code, message=message, position=f"line {line}, column {column}")


def _bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


class _Consignments:
    """The consignments of one message, decoded and checked one by one."""

    def __init__(self, fragment: Fragment, raws: tuple[msgspec.Raw, ...], fmt: str) -> None:
        self.fragment = fragment
        self.raws = raws
        self.fmt = fmt
        self._index = -1
        self._start = self._end = 0
        self._where = (fragment.line, fragment.column)
        self._top_level: dict[str, msgspec.Raw] | None = None

    def read(
        self,
    ) -> tuple[tuple[Consignment, ...], tuple[RejectedConsignment, ...], list[Problem]]:
        """The good consignments, the rejected ones, and the warnings about the good ones."""
        good: list[Consignment] = []
        rejected: list[RejectedConsignment] = []
        warnings: list[Problem] = []
        for index, raw in enumerate(self.raws):
            try:
                consignment = _CONSIGNMENT.decode(raw)
            except msgspec.DecodeError as exc:
                rejected.append(self._undecodable(index, raw, exc))
                continue
            problems = check_consignment(consignment, self._locator(index))
            if has_errors(problems):
                bill = consignment.bill_number or None
                fragment = self._fragment(raw)
                rejected.append(
                    RejectedConsignment(
                        bill_number=bill, problems=tuple(problems), fragment=fragment
                    )
                )
            else:
                good.append(consignment)
                warnings += problems
        return tuple(good), tuple(rejected), warnings

    def _undecodable(
        self, index: int, raw: msgspec.Raw, exc: msgspec.DecodeError
    ) -> RejectedConsignment:
        try:
            number = _BILL_NUMBER.decode(raw).bill_number
        except msgspec.DecodeError:
            number = None
        bill = number if isinstance(number, str) and number else None
        problem = decode_problem(exc, bytes(raw), self._begins(index), f"$.consignments[{index}]")
        problem = msgspec.structs.replace(problem, bill_number=bill)
        return RejectedConsignment(
            bill_number=bill, problems=(problem,), fragment=self._fragment(raw)
        )

    def _locator(self, index: int) -> Callable[[str], str]:
        def locate(path: str) -> str:
            return f"line {self._begins(index)[0]}, $.consignments[{index}].{path}"

        return locate

    def _begins(self, index: int) -> tuple[int, int]:
        """Line and column where consignment ``index`` starts; asked in increasing order, so the
        message is searched and its lines counted only once."""
        data = self.fragment.data
        while self._index < index:
            self._index += 1
            raw = bytes(self.raws[self._index])
            found = data.find(raw, self._end)
            self._where = advance(*self._where, data[self._start : found])
            self._start, self._end = found, found + len(raw)
        return self._where

    def _fragment(self, raw: msgspec.Raw) -> bytes:
        """The message with this consignment alone, its header exactly as it was sent."""
        if self._top_level is None:
            self._top_level = _TOP_LEVEL.decode(self.fragment.data)
        message = {
            key: [raw] if key == "consignments" else value for key, value in self._top_level.items()
        }
        encoded = msgspec.json.encode(message)
        return encoded + b"\n" if self.fmt == LINES_FORMAT else encoded


def _rejected(fragment: Fragment, fmt: str, problems: list[Problem]) -> ParsedMessage:
    return ParsedMessage(
        format=fmt, manifest=None, problems=tuple(problems), fragment=fragment.data
    )


def _utc(moment: datetime | None) -> datetime | None:
    """Times are UTC: a time without a zone is taken as UTC, one with a zone converted to it."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _utc_voyage(voyage: Voyage) -> Voyage:
    calls = tuple(
        msgspec.structs.replace(call, eta=_utc(call.eta), etd=_utc(call.etd))
        for call in voyage.port_calls
    )
    return msgspec.structs.replace(
        voyage,
        port_calls=calls,
        departure_at=_utc(voyage.departure_at),
        arrival_at=_utc(voyage.arrival_at),
    )
