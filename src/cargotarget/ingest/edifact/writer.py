"""Writing manifests as one UN/EDIFACT CUSCAR interchange: UNA, UNB, a message per manifest, UNZ.

:func:`write_cuscar_to` streams to a binary file, a message at a time, so that a large output is
never held whole; :func:`write_cuscar` returns the bytes. Each segment ends with the terminator
and a line break, which readers ignore and people find easier to read. The separators are the
ISO 9735 defaults, declared in the UNA; values are escaped with the release character.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import BinaryIO

from cargotarget.ingest.edifact.layout import MessageLayout
from cargotarget.ingest.edifact.qualifiers import DIRECTORIES
from cargotarget.ingest.edifact.syntax import DEFAULT_CHARS, codec_for
from cargotarget.model.manifest import Manifest

#: UTF-8, so that any name can be written; syntax version 4 is the one that defines it.
DEFAULT_CHARSET = "UNOW"
_VERSION_4 = frozenset({"UNOW", "UNOY"}) | {f"UNO{c}" for c in "GHIJK"}


def write_cuscar(
    manifests: Iterable[Manifest],
    *,
    sender: str,
    recipient: str,
    control_ref: str,
    prepared_at: datetime,
    version: str = "D:11A",
    charset: str = DEFAULT_CHARSET,
) -> bytes:
    """One interchange holding a CUSCAR message per manifest, as bytes.

    ``version`` is the directory ("D:95B" to "D:11A"); ``charset`` the UNB syntax identifier
    (UNOW, UTF-8, by default; UNOC for Latin-1). Raises ``ValueError`` for an unknown version or
    character set, or text the character set cannot hold.
    """
    buffer = io.BytesIO()
    write_cuscar_to(
        buffer,
        manifests,
        sender=sender,
        recipient=recipient,
        control_ref=control_ref,
        prepared_at=prepared_at,
        version=version,
        charset=charset,
    )
    return buffer.getvalue()


def write_cuscar_to(
    stream: BinaryIO,
    manifests: Iterable[Manifest],
    *,
    sender: str,
    recipient: str,
    control_ref: str,
    prepared_at: datetime,
    version: str = "D:11A",
    charset: str = DEFAULT_CHARSET,
) -> int:
    """Write the interchange to ``stream`` a message at a time; return the number of messages."""
    codec = codec_for(charset)
    if codec is None:
        raise ValueError(f"character set {charset!r} is not supported (UNOA to UNOK, UNOW, UNOY)")
    layout = MessageLayout(DEFAULT_CHARS, _release(version))
    end = DEFAULT_CHARS.terminator + "\n"
    header = _interchange_header(layout, sender, recipient, control_ref, prepared_at, charset)
    stream.write((DEFAULT_CHARS.una() + "\n" + header + end).encode(codec))
    count = 0
    for count, manifest in enumerate(manifests, 1):
        texts = layout.message(manifest, str(count))
        try:
            stream.write((end.join(texts) + end).encode(codec))
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"manifest {manifest.reference!r} holds {exc.object[exc.start : exc.end]!r}, "
                f"which {charset} cannot encode; write it as UNOW (UTF-8)"
            ) from None
    stream.write((layout.segment("UNZ", str(count), control_ref) + end).encode(codec))
    return count


def _release(version: str) -> str:
    """The directory release of a version such as "D:11A", checked."""
    directory, _, release = version.upper().partition(":")
    if directory != "D" or release not in DIRECTORIES:
        raise ValueError(
            f"CUSCAR version {version!r} is not supported: D:{DIRECTORIES[0]} to "
            f"D:{DIRECTORIES[-1]} are"
        )
    return release


def _interchange_header(
    layout: MessageLayout,
    sender: str,
    recipient: str,
    control_ref: str,
    prepared_at: datetime,
    charset: str,
) -> str:
    """The UNB segment: syntax version 4 (with a four-digit year) for the character sets it
    introduced, version 3 otherwise."""
    when = prepared_at.astimezone(UTC) if prepared_at.tzinfo else prepared_at
    syntax_version = "4" if charset.upper() in _VERSION_4 else "3"
    date = when.strftime("%Y%m%d" if syntax_version == "4" else "%y%m%d")
    return layout.segment(
        "UNB",
        (charset.upper(), syntax_version),
        sender,
        recipient,
        (date, when.strftime("%H%M")),
        control_ref,
    )
