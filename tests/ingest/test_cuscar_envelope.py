"""The interchange around the messages: functional groups, counts, what comes after UNZ."""

from __future__ import annotations

import io

from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.model.problems import ParsedMessage


def read(data: bytes) -> list[ParsedMessage]:
    return list(read_cuscar(io.BytesIO(data)))


def split_d95b(data: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    """The D.95B golden file as UNB, first message, second message, UNZ."""
    second = data.index(b"UNH+ZIM0002")
    return (
        data[: data.index(b"UNH")],
        data[data.index(b"UNH") : second],
        data[second : data.index(b"UNZ")],
        data[data.index(b"UNZ") :],
    )


def test_functional_groups_are_counted_by_unz(cuscar_bytes: dict[str, bytes]) -> None:
    unb, first, second, _ = split_d95b(cuscar_bytes["d95b_sea_two_messages"])
    group = b"UNG+CUSCAR+ZIMJMKIN+JMCUSTOMS+240311:1405+G1+UN+D:95B'"
    data = unb + group + first + second + b"UNE+2+G1'UNZ+1+000000391'"
    messages = read(data)
    assert [m.manifest.reference for m in messages if m.manifest] == [
        "ZIM-KIN-2403-11",
        "ZIM-KIN-2403-11E",
    ]
    assert all(m.manifest for m in messages)


def test_a_wrong_group_count_is_reported(cuscar_bytes: dict[str, bytes]) -> None:
    unb, first, second, _ = split_d95b(cuscar_bytes["d95b_sea_two_messages"])
    group = b"UNG+CUSCAR+ZIMJMKIN+JMCUSTOMS+240311:1405+G1+UN+D:95B'"
    *messages, envelope = read(unb + group + first + second + b"UNE+3+G2'UNZ+1+000000391'")
    assert len(messages) == 2
    assert [p.code for p in envelope.problems] == [
        "invalid.message_count",
        "invalid.group_reference",
    ]


def test_leading_zeros_in_counts_are_counts(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d95b_sea_two_messages"].replace(b"UNZ+2+", b"UNZ+0002+")
    data = data.replace(b"UNT+30+ZIM0002", b"UNT+030+ZIM0002")
    messages = read(data)
    assert len(messages) == 2, "no envelope problem"
    original = read(cuscar_bytes["d95b_sea_two_messages"])
    assert [m.manifest for m in messages] == [m.manifest for m in original]


def test_a_segment_between_messages_is_reported_and_reading_goes_on(
    cuscar_bytes: dict[str, bytes],
) -> None:
    unb, first, second, unz = split_d95b(cuscar_bytes["d95b_sea_two_messages"])
    data = unb + first + b"FTX+AAI+++STRAY'" + second + unz
    one, two, envelope = read(data)
    assert one.manifest is not None
    assert two.manifest is not None
    (problem,) = envelope.problems
    assert problem.code == "segment.outside"
    assert problem.position == f"interchange segment 40 (FTX), byte {data.index(b'FTX+AAI')}"


def test_data_after_unz_is_reported(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_sea_import"] + b"UNB+UNOC:3+X+Y+240101:0000+2'"
    message, envelope = read(data)
    assert message.manifest is not None
    assert [p.code for p in envelope.problems] == ["data.after_unz"]


def test_a_second_unb_is_refused(cuscar_bytes: dict[str, bytes]) -> None:
    unb, first, _, _ = split_d95b(cuscar_bytes["d95b_sea_two_messages"])
    message, envelope = read(unb + first + unb)
    assert message.manifest is not None
    assert [p.code for p in envelope.problems] == ["unsupported.interchange"]
