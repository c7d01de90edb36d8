"""Finding where a JSON value ends in bytes that may run on past it, without decoding it.

msgspec does it first, at C speed: asked to decode the bytes from a value's start, it parses the
value and names, in its error, the first byte after it. The span is then decoded again, alone, to
prove it is exactly one value, so that only the speed, never the result, rests on the wording of
that error. When msgspec cannot tell (the value is malformed), regular expressions scan it:
strings are skipped whole and brackets counted, a balanced group of up to ``_REACH`` bytes and
``_NESTING`` levels (the manifest schema needs six) in one step, larger or deeper ones bracket by
bracket.
"""

from __future__ import annotations

import re

import msgspec

OPENERS = b"[{"
OPEN_BRACE = ord("{")
CLOSE_BRACKET = ord("]")
QUOTE = ord('"')
MORE = -1
_CLOSE_BRACE = ord("}")
_NESTING = 8
_REACH = 64 * 1024
_STRING = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'


def _balanced(levels: int) -> bytes:
    """A pattern for the inside of a bracketed group nested at most ``levels`` deep."""
    body = rb'(?:[^"\[\]{}]++|' + _STRING + rb")*+"
    for _ in range(levels):
        body = rb'(?:[^"\[\]{}]++|' + _STRING + rb"|[\[{]" + body + rb"[\]}])*+"
    return body


_GROUP = re.compile(rb"[\[{]" + _balanced(_NESTING) + rb"[\]}]", re.DOTALL)
_ELEMENT = re.compile(rb'(?:[^"\[\]{},]++|' + _STRING + rb")*+", re.DOTALL)
_TO_BRACKET = re.compile(rb'(?:[^"\[\]{}]++|' + _STRING + rb")*+", re.DOTALL)
_SPACE = re.compile(rb"[ \t\r\n]*+")
_RAW = msgspec.json.Decoder(msgspec.Raw)
_TRAILING = re.compile(r"trailing characters \(byte (\d+)\)")


def skip_space(data: bytes, pos: int) -> int:
    """The index of the first byte at or after ``pos`` that is not JSON whitespace."""
    return _skip(_SPACE, data, pos)


def _skip(pattern: re.Pattern[bytes], data: bytes, pos: int) -> int:
    """Where ``pattern``, which matches at any position (perhaps nothing), ends from ``pos``."""
    found = pattern.match(data, pos)
    return found.end() if found else pos


def parsed_end(data: bytes, pos: int) -> int | None:
    """The index of the first byte after the JSON value at ``pos`` and any whitespace, as
    msgspec finds it (see above); ``MORE`` when the value runs past ``data``, None when msgspec
    does not tell."""
    view = memoryview(data)
    try:
        _RAW.decode(view[pos:])
    except msgspec.DecodeError as exc:
        text = str(exc)
    else:
        return len(data)
    if "truncated" in text:
        return MORE
    found = _TRAILING.search(text)
    if found is None:
        return None
    end = pos + int(found.group(1)) - 1
    try:
        _RAW.decode(view[pos:end])
    except msgspec.DecodeError:
        return None
    return end


def element_end(data: bytes, pos: int) -> tuple[int, int]:
    """Scan an array element from ``pos`` to the ``,`` or ``]`` that ends it. Returns where
    scanning stopped, and how deep in brackets: not at a ``,`` or ``]`` means ``data`` ended
    first (possibly inside a string, then scanning stopped at its quote)."""
    while True:
        pos = _skip(_ELEMENT, data, pos)
        if pos == len(data) or data[pos] in b',]"':
            return pos, 0
        if data[pos] == _CLOSE_BRACE:
            pos += 1
            continue
        pos, depth = group_end(data, pos, 0)
        if depth:
            return pos, depth


def group_end(data: bytes, pos: int, depth: int) -> tuple[int, int]:
    """Scan to the end of a bracketed group: the one opening at ``pos`` when ``depth`` is 0,
    else the one ``pos`` is ``depth`` levels inside. Returns the index after its closing bracket
    and 0, or, when ``data`` ends first, where scanning stopped and the depth reached.

    Groups of up to ``_REACH`` bytes are skipped in one step each; larger ones (a manifest, its
    array of consignments), those cut off by the end of ``data`` and those nested unusually deep
    are entered and their brackets counted, so every byte is scanned about once."""
    while True:
        if depth:
            pos = _skip(_TO_BRACKET, data, pos)
            if pos == len(data) or data[pos] == QUOTE:
                return pos, depth
        whole = _GROUP.match(data, pos, pos + _REACH) if data[pos] in OPENERS else None
        if whole:
            pos = whole.end()
        else:
            depth += 1 if data[pos] in OPENERS else -1
            pos += 1
        if depth == 0:
            return pos, 0
