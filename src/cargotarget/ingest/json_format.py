"""Canonical JSON: manifests in the model's own schema, the msgspec encoding of ``Manifest``.

A stream holds a single manifest object, a JSON array of manifests, or JSON Lines (one manifest
per line, the form for large files), told apart by how it starts. It is read one message at a
time, so a file of any size is never held whole. Times without a zone are taken as UTC. See
``docs/formats/json.md`` for the schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import msgspec

from cargotarget.ingest.json_message import LINES_FORMAT, parse_message
from cargotarget.ingest.json_stream import (
    Fragment,
    is_json_lines,
    split_lines,
    split_values,
    split_whole,
)
from cargotarget.ingest.peek import peek
from cargotarget.model.manifest import Manifest
from cargotarget.model.problems import ParsedMessage

FORMAT = "json"
WHOLE_SIZE = 64 * 1024 * 1024
HEAD_SIZE = 64 * 1024

_ENCODER = msgspec.json.Encoder()


def read_json(stream: BinaryIO, *, whole_size: int = WHOLE_SIZE) -> Iterator[ParsedMessage]:
    """Every message in a canonical JSON stream: an object, an array or JSON Lines.

    An input shorter than ``whole_size`` bytes that is not JSON Lines is split in one pass by
    msgspec; a longer one is split as it is read, which holds one message at a time.
    """
    head, stream = peek(stream, max(whole_size, HEAD_SIZE))
    lines = is_json_lines(head)
    if not lines and len(head) < whole_size:
        fragments = split_whole(head)
    else:
        del head  # the stream serves it again; holding it would pin up to whole_size bytes
        fragments = split_lines(stream) if lines else split_values(stream)
    yield from _parse(fragments, LINES_FORMAT if lines else FORMAT)


def read_json_lines(stream: BinaryIO) -> Iterator[ParsedMessage]:
    """Every message in a JSON Lines stream, one manifest per line."""
    yield from _parse(split_lines(stream), LINES_FORMAT)


def _parse(fragments: Iterable[Fragment], fmt: str) -> Iterator[ParsedMessage]:
    for fragment in fragments:
        yield parse_message(fragment, fmt)


def write_json(manifests: Iterable[Manifest]) -> bytes:
    """``manifests`` as a JSON array, one manifest per line."""
    return b"[\n" + b",\n".join(_ENCODER.encode(m) for m in manifests) + b"\n]\n"


def write_json_lines(manifests: Iterable[Manifest]) -> bytes:
    """``manifests`` as JSON Lines."""
    return b"".join(iter_json_lines(manifests))


def iter_json_lines(manifests: Iterable[Manifest]) -> Iterator[bytes]:
    """``manifests`` as JSON Lines, one line at a time, for writing large files as they go."""
    for manifest in manifests:
        yield _ENCODER.encode(manifest) + b"\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a canonical manifest, generated from the model."""
    return msgspec.json.schema(Manifest)
