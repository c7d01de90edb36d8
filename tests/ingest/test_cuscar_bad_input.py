"""Bad CUSCAR input: each case gives its reason and position, never a traceback, and loses
nothing (what is good is accepted, what is not comes back whole as a fragment)."""

from __future__ import annotations

import io
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.model.manifest import DocumentKind
from cargotarget.model.problems import ParsedMessage, Problem, Severity

from .conftest import CUSCAR_FIXTURES


def read(data: bytes) -> list[ParsedMessage]:
    return list(read_cuscar(io.BytesIO(data)))


def errors(message: ParsedMessage) -> list[tuple[str, str]]:
    return [(p.code, p.position) for p in message.problems if p.severity is Severity.ERROR]


def only_problem(messages: list[ParsedMessage]) -> Problem:
    (message,) = messages
    assert message.manifest is None
    assert message.fragment == b""
    (problem,) = message.problems
    assert problem.severity is Severity.ERROR
    assert problem.message
    return problem


@pytest.mark.parametrize("data", [b"", b"\r\n  \n", b"\xef\xbb\xbf"])
def test_empty_input(data: bytes) -> None:
    problem = only_problem(read(data))
    assert (problem.code, problem.position) == ("empty.input", "byte 0")


@pytest.mark.parametrize("seed", range(5))
def test_binary_garbage_is_not_an_interchange(seed: int) -> None:
    garbage = random.Random(seed).randbytes(20_000)
    problem = only_problem(read(garbage))
    assert problem.code in ("invalid.interchange", "invalid.syntax")
    assert "byte" in problem.position


def test_garbage_without_any_terminator_is_refused_after_a_megabyte() -> None:
    problem = only_problem(read(b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024)))
    assert problem.code == "invalid.syntax"
    assert "no segment terminator" in problem.message


def test_input_must_start_with_unb() -> None:
    problem = only_problem(read(b"UNH+1+CUSCAR:D:11A:UN'BGM+85+X+9'UNT+3+1'"))
    assert problem.code == "invalid.interchange"
    assert problem.position == "interchange segment 1 (UNH), byte 0"
    assert "'UNH+1+CUSCAR:D:11A:UN'" in problem.message


def test_unsupported_character_set_stops_with_its_reason() -> None:
    problem = only_problem(read(b"UNB+UNOZ:3+S+R+240101:1200+1'UNH+1+CUSCAR:D:11A:UN'"))
    assert problem.code == "unsupported.charset"
    assert "'UNOZ'" in problem.message


def test_truncated_inside_a_message(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_sea_import"]
    cut = data.index(b"CNI+3+")
    message, envelope = read(data[:cut])
    assert message.manifest is None
    assert errors(message) == [("truncated.message", "message 1, segment 52 (EQD)")]
    assert "no UNT" in message.problems[0].message
    assert message.fragment == data[:cut], "the message comes back exactly as received"
    last = data.rindex(b"EQD", 0, cut)
    where = f"interchange segment 53 (EQD), byte {last}"
    assert errors(envelope) == [("truncated.interchange", where)]


def test_cut_in_the_middle_of_a_segment(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_sea_import"]
    cut = data.index(b"CNI+3+") + 9
    message, _ = read(data[:cut])
    assert errors(message) == [
        ("truncated.message", "message 1, segment 53 (CNI)"),
        ("truncated.segment", f"message 1, segment 53 (CNI), byte {cut - 9}"),
        ("missing.goods", "message 1, segment 53 (CNI)"),
    ]
    assert message.fragment.startswith(data[:cut])


def test_truncated_after_complete_messages_keeps_them(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d95b_sea_two_messages"]
    whole = read(data)
    cut = data.index(b"CNI", data.index(b"UNH+ZIM0002"))
    first, second, envelope = read(data[:cut])
    assert first == whole[0], "the complete message before the cut is accepted as it is"
    assert second.manifest is None
    assert second.problems[0].code == "truncated.message"
    sent = data[data.index(b"UNH+ZIM0002") : cut]
    assert second.fragment.replace(b"'\n", b"'").endswith(sent), "every segment, line breaks aside"
    assert [p.code for p in envelope.problems] == ["truncated.interchange"]


def test_wrong_unt_count_rejects_the_message_whole(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_sea_import"].replace(b"UNT+86+1'", b"UNT+85+1'")
    (message,) = read(data)
    assert message.manifest is None
    assert errors(message) == [("invalid.segment_count", "message 1, segment 86 (UNT)")]
    assert "'85'" in message.problems[0].message
    assert "86" in message.problems[0].message
    assert message.fragment == data, "the whole message, as sent, in an interchange of its own"


def test_wrong_unt_reference(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_sea_import"].replace(b"UNT+86+1'", b"UNT+86+2'")
    (message,) = read(data)
    assert errors(message) == [("invalid.message_reference", "message 1, segment 86 (UNT)")]


def test_wrong_unz_count_and_reference_are_reported(cuscar_bytes: dict[str, bytes]) -> None:
    good = cuscar_bytes["d95b_sea_two_messages"]
    data = good.replace(b"UNZ+2+000000391'", b"UNZ+3+000000390'")
    first, second, envelope = read(data)
    assert [first, second] == read(good), "the messages themselves are accepted"
    where = f"interchange segment 70 (UNZ), byte {data.index(b'UNZ')}"
    assert errors(envelope) == [
        ("invalid.message_count", where),
        ("invalid.control_reference", where),
    ]
    assert envelope.problems[0].message == "UNZ gives '3' messages; the interchange has 2"


def test_unknown_segment_rejects_only_its_consignment(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_sea_import"]
    data = data.replace(b"CPI+4++C'\n", b"CPI+4++C'\nXYZ+1+2'\n").replace(b"UNT+86+", b"UNT+87+")
    (message,) = read(data)
    assert message.manifest is not None
    assert [c.bill_number for c in message.manifest.consignments] == [
        "MEDUSH123456",
        "HLCUBO1234567",
    ]
    (rejected,) = message.rejected
    assert rejected.bill_number == "ICL-KIN-0042"
    offset = data.index(b"XYZ")
    assert [(p.code, p.position) for p in rejected.problems] == [
        ("unknown.segment", f"message 1, segment 41 (XYZ), byte {offset}")
    ]
    assert b"XYZ+1+2'" in rejected.fragment


def test_unknown_segment_in_the_header_rejects_the_message(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_sea_import"]
    data = data.replace(b"GIS+IMP::ZZZ'\n", b"GIS+IMP::ZZZ'\nZZ9'\n").replace(
        b"UNT+86+", b"UNT+87+"
    )
    (message,) = read(data)
    assert message.manifest is None
    assert errors(message) == [
        ("unknown.segment", f"message 1, segment 14 (ZZ9), byte {data.index(b'ZZ9')}")
    ]
    assert message.fragment == data


def test_invalid_container_check_digit_rejects_only_that_consignment(
    cuscar_bytes: dict[str, bytes],
) -> None:
    data = cuscar_bytes["d11a_sea_import"].replace(b"TGHU9876542", b"GMCU6094137")
    (message,) = read(data)
    assert message.manifest is not None
    accepted = [c.bill_number for c in message.manifest.consignments]
    assert accepted == ["MEDUSH123456", "ICL-KIN-0042"]
    (rejected,) = message.rejected
    assert rejected.bill_number == "HLCUBO1234567"
    (problem,) = rejected.problems
    assert (problem.code, problem.position) == (
        "invalid.ContainerNumber",
        "message 1, segment 82 (EQD)",
    )
    assert (
        problem.message
        == "container number 'GMCU6094137': check digit is 7, the ISO 6346 rule gives 5"
    )
    assert problem.bill_number == "HLCUBO1234567"


def test_rejected_consignment_fragment_is_an_interchange_that_replays(
    cuscar_bytes: dict[str, bytes],
) -> None:
    good = cuscar_bytes["d11a_sea_import"]
    expected = read(good)[0].manifest
    assert expected is not None
    (rejected,) = read(good.replace(b"TGHU9876542", b"GMCU6094137"))[0].rejected
    fragment = rejected.fragment
    assert fragment.startswith(good[: good.index(b"CNI+1+")]), "UNA, UNB and the header as sent"
    assert fragment.endswith(b"SEL+HL552212'\nUNT+47+1'\nUNZ+1+CT000147'\n")
    assert fragment.count(b"CNI+") == 1

    (again,) = read(fragment)
    assert again.manifest is not None
    assert again.manifest.consignments == ()
    assert [p.position for p in again.rejected[0].problems] == ["message 1, segment 43 (EQD)"]

    (fixed,) = read(fragment.replace(b"GMCU6094137", b"TGHU9876542"))
    assert fixed.manifest is not None
    assert fixed.rejected == ()
    assert fixed.manifest.consignments == (expected.consignments[2],)
    assert fixed.manifest.voyage == expected.voyage


def test_undecodable_bytes_reject_their_consignment_and_are_kept(
    cuscar_bytes: dict[str, bytes],
) -> None:
    data = cuscar_bytes["d11a_replace_change_cancel"].replace(b"AUTOPARTES", b"AUTO\xffPARTES", 1)
    first, second, third = read(data)
    assert first.manifest is not None
    assert first.manifest.consignments == ()
    (rejected,) = first.rejected
    (problem,) = rejected.problems
    assert problem.code == "invalid.bytes"
    assert problem.position == f"message 1, segment 15 (NAD), byte {data.index(b'NAD+CZ')}"
    assert f"0xFF at byte {data.index(bytes([0xFF]))}" in problem.message
    assert b"AUTO\xffPARTES" in rejected.fragment
    assert second.manifest is not None
    assert third.manifest is not None


HEADER_FAULTS = [
    (b"CUSCAR:D:11A:UN", b"CUSCAR:D:12A:UN", "unsupported.directory", 1, "UNH"),
    (b"CUSCAR:D:11A:UN", b"IFTMIN:D:11A:UN", "unsupported.message_type", 1, "UNH"),
    (b"BGM+85+MSC-FA412W-KIN+9", b"BGM+85+MSC-FA412W-KIN+31", "unsupported.function", 2, "BGM"),
    (b"DTM+137:202403050915:203", b"DTM+137:202413050915:203", "invalid.datetime", 3, "DTM"),
    (b"DTM+137:202403050915:203", b"DTM+137:2024030509:303", "invalid.datetime", 3, "DTM"),
    (b"+1++MSCU", b"+7++MSCU", "invalid.mode", 5, "TDT"),
    (b"9321483:146", b"9321484:146", "invalid.ImoNumber", 5, "TDT"),
]


@pytest.mark.parametrize(("old", "new", "code", "segment", "tag"), HEADER_FAULTS)
def test_a_bad_header_rejects_the_message_whole(
    cuscar_bytes: dict[str, bytes], old: bytes, new: bytes, code: str, segment: int, tag: str
) -> None:
    data = cuscar_bytes["d11a_sea_import"].replace(old, new, 1)
    (message,) = read(data)
    assert message.manifest is None
    assert (code, f"message 1, segment {segment} ({tag})") in errors(message)
    assert message.fragment == data


def test_a_message_without_tdt_says_so(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_replace_change_cancel"]
    start = data.index(b"TDT", data.index(b"UNH+3"))
    data = data[:start] + data[data.index(b"\n", start) + 1 :]
    *_, cancel = read(data.replace(b"UNT+7+3", b"UNT+6+3"))
    assert errors(cancel) == [("missing.TDT", "message 3, segment 1 (UNH)")]


def test_bad_numbers_reject_their_consignment(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_sea_import"].replace(b"KGM:2150.5", b"KGM:2,150.5")
    (message,) = read(data)
    (rejected,) = message.rejected
    assert [(p.code, p.position) for p in rejected.problems] == [
        ("invalid.number", "message 1, segment 50 (MEA)")
    ]
    assert rejected.problems[0].message == "gross weight: '2,150.5' is not a decimal number"


def test_a_mostly_unreadable_message_is_given_up_with_a_bounded_report() -> None:
    head = b"UNB+UNOC:3+S+R+240101:1200+1'UNH+1+CUSCAR:D:11A:UN'BGM+85+X+9'"
    (message,) = read(head + b"QQQ+1'" * 5000)
    assert message.manifest is None
    assert len(message.problems) < 300
    assert message.problems[-1].code == "problems.unlisted"
    codes = {p.code for p in message.problems}
    assert {"unknown.segment", "truncated.message"} <= codes


def test_a_cancellation_is_not_rejected_for_having_no_goods(cuscar_bytes: dict[str, bytes]) -> None:
    *_, cancel = read(cuscar_bytes["d11a_replace_change_cancel"])
    assert cancel.manifest is not None
    assert cancel.rejected == ()
    assert cancel.manifest.consignments[0].kind is DocumentKind.SIMPLE


def test_a_party_of_an_unknown_role_is_reported_not_kept(cuscar_bytes: dict[str, bytes]) -> None:
    data = cuscar_bytes["d11a_sea_import"].replace(b"NAD+FW+", b"NAD+ZZ+")
    (message,) = read(data)
    assert message.manifest is not None
    house = message.manifest.consignments[1]
    assert [p.role.value for p in house.parties] == ["shipper", "consignee"]
    (warning,) = message.problems
    assert warning.severity is Severity.WARNING
    assert (warning.code, warning.position) == ("unread.segment", "message 1, segment 46 (NAD)")
    assert warning.bill_number == "ICL-KIN-0042"


DAMAGE = st.binary(max_size=4) | st.sampled_from([b"'", b"+", b":", b"?", b"UNH+", b"CNI+9'"])


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(sorted(p.stem for p in CUSCAR_FIXTURES.glob("*.edi"))),
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 3), DAMAGE),
        min_size=1,
        max_size=6,
    ),
)
def test_any_damage_gives_problems_never_an_exception(
    name: str, edits: list[tuple[float, int, bytes]]
) -> None:
    """Bytes deleted, inserted or overwritten anywhere (separators and non-UTF-8 included):
    reading finishes, every problem has a position and a reason, and whatever is rejected comes
    back as a fragment."""
    data = bytearray((CUSCAR_FIXTURES / f"{name}.edi").read_bytes())
    for where, width, insert in edits:
        at = int(where * len(data))
        data[at : at + width] = insert
    for message in read(bytes(data)):
        assert all(p.position and p.message for p in message.problems)
        if message.manifest is None and message.problems[0].code not in ENVELOPE_ONLY:
            assert message.fragment
        for rejected in message.rejected:
            assert rejected.problems
            assert rejected.fragment.startswith(b"UNA")


ENVELOPE_ONLY = {
    "empty.input",
    "invalid.interchange",
    "invalid.syntax",
    "unsupported.charset",
    "truncated.segment",
    "data.after_unz",
    "segment.outside",
    "unsupported.interchange",
    "truncated.interchange",
    "invalid.message_count",
    "invalid.control_reference",
    "invalid.group_reference",
    "missing.control_reference",
    "invalid.segment",
}
