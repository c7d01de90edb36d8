"""The CUSRES writer, read back with our own EDIFACT lexer: the envelope, the message type,
the references to the filer's message and bill, the reason, the text and the counts."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from cargotarget.ingest.edifact.cusres_writer import write_cusres
from cargotarget.ingest.edifact.lexer import Lexer, Segment
from cargotarget.model.responses import FILER_TEXT, FilerResponse, ResponseKind

MADE = datetime(2026, 3, 10, 14, 35, tzinfo=UTC)


def _response(**changes: object) -> FilerResponse:
    values: dict[str, object] = {
        "response_id": 41,
        "provider": "MAEU",
        "consignment_id": 7,
        "bill_number": "MAEU123456789",
        "version": 2,
        "kind": ResponseKind.DO_NOT_LOAD,
        "reason_code": "do_not_load",
        "message": FILER_TEXT[(ResponseKind.DO_NOT_LOAD, "imminent_threat")][1],
        "message_reference": "MAN-001",
        "filed_format": "cuscar",
        "created_at": MADE,
    }
    values.update(changes)
    return FilerResponse(**values)  # type: ignore[arg-type]


def _read(data: bytes) -> list[Segment]:
    segments = list(Lexer(io.BytesIO(data)))
    assert all(s.problem is None for s in segments)
    return segments


def _one(segments: list[Segment], tag: str, qualifier: str | None = None) -> Segment:
    found = [s for s in segments if s.tag == tag and (qualifier is None or s.value(0) == qualifier)]
    assert len(found) == 1, (tag, qualifier, found)
    return found[0]


def test_a_response_reads_back_with_its_references_and_counts() -> None:
    data = write_cusres(
        _response(), sender="JMCUSTOMS", recipient="MAEU", control_ref="R41", prepared_at=MADE
    )
    segments = _read(data)
    tags = [s.tag for s in segments]
    assert tags[0] == "UNB"
    assert tags[1] == "UNH"
    assert tags[-2:] == ["UNT", "UNZ"]
    unb = segments[0]
    assert (unb.value(0), unb.value(1), unb.value(2)) == ("UNOW", "JMCUSTOMS", "MAEU")
    assert (unb.value(3, 0), unb.value(3, 1), unb.value(4)) == ("20260310", "1435", "R41")
    unh = _one(segments, "UNH")
    assert unh.value_list(1) == ["CUSRES", "D", "96B", "UN"]
    bgm = _one(segments, "BGM")
    assert (bgm.value(0), bgm.value(0, 3), bgm.value(1), bgm.value(2)) == (
        "962",
        "do_not_load",
        "41",
        "9",
    )
    assert _one(segments, "DTM").value_list(0) == ["137", "202603101435", "203"]
    assert _one(segments, "RFF", "ACW").value(0, 1) == "MAN-001"
    bill = _one(segments, "RFF", "BM")
    assert (bill.value(0, 1), bill.value(0, 3)) == ("MAEU123456789", "2")
    assert _one(segments, "ERC").value(0) == "do_not_load"
    assert "Do not load" in "".join(_one(segments, "FTX").value_list(3))
    # UNT counts UNH to UNT and repeats UNH's reference; UNZ counts messages, repeats UNB's.
    unt = _one(segments, "UNT")
    assert int(unt.value(0)) == tags.index("UNT") - tags.index("UNH") + 1
    assert unt.value(1) == unh.value(0)
    unz = _one(segments, "UNZ")
    assert (unz.value(0), unz.value(1)) == ("1", "R41")


def test_separators_in_text_are_released_and_long_text_is_split() -> None:
    text = "Call +1 876 ?:' now. " + "x" * 1200
    response = _response(message=text, message_reference=None, bill_number="A+B:C'D")
    segments = _read(write_cusres(response, sender="S", recipient="R", control_ref="1"))
    assert not [s for s in segments if s.tag == "RFF" and s.value(0) == "ACW"]
    assert _one(segments, "RFF", "BM").value(0, 1) == "A+B:C'D"
    pieces = _one(segments, "FTX").value_list(3)
    assert all(len(p) <= 512 for p in pieces)
    assert len(pieces) == 3
    assert "".join(pieces) == " ".join(text.split())
    tags = [s.tag for s in segments]
    assert int(_one(segments, "UNT").value(0)) == tags.index("UNT") - tags.index("UNH") + 1
