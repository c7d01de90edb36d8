"""The X12 envelope: separators from the ISA, and every control number and count checked.

The shared 310 sample (../shared/samples/x12_310, copied into tests/fixtures/x12) has four
deliberate mismatches; the golden test lists each with its position and both values.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cargotarget.ingest.x12.lexer import Lexer
from cargotarget.ingest.x12.reader import read_x12
from cargotarget.model.problems import ParsedMessage, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x12"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


def read(data: bytes) -> list[ParsedMessage]:
    return list(read_x12(io.BytesIO(data)))


def errors(messages: list[ParsedMessage]) -> list[tuple[str, str, str]]:
    return [
        (p.position, p.code, p.message)
        for m in messages
        for p in m.problems
        if p.severity is Severity.ERROR
    ]


def test_shared_310_sample_reports_each_envelope_mismatch_with_position_and_values() -> None:
    data = (FIXTURES / "310_shared_sample.edi").read_bytes()
    shared = SAMPLES / "x12_310" / "004010_310.edi"
    if shared.exists():
        assert shared.read_bytes() == data
    set_message, interchange = read(data)
    assert set_message.manifest is None
    assert errors([set_message]) == [
        (
            "segment 48 (SE)",
            "invalid.segment_count",
            "SE01 gives '49' segments; the transaction set has 46, ST to SE",
        ),
        (
            "segment 48 (SE)",
            "invalid.control_number",
            "SE02 control number '32353' differs from ST02 '35353'",
        ),
    ]
    assert errors([interchange]) == [
        (
            "segment 49 (GE), byte 1625",
            "invalid.control_number",
            "GE02 control number '61916' differs from GS06 '61716'",
        ),
        (
            "segment 50 (IEA), byte 1637",
            "invalid.control_number",
            "IEA02 control number '000061216' differs from ISA13 '000011566'",
        ),
    ]
    # The rejected set comes back whole in an interchange of its own, ready to be corrected.
    fragment = set_message.fragment
    assert fragment.startswith(data[:106])
    assert b"SE*49*32353~" in fragment
    assert fragment.endswith(b"GE*1*61716~\nIEA*1*000011566~\n")


def test_corrected_envelope_reads_without_envelope_problems() -> None:
    messages = read((FIXTURES / "310_envelope_corrected.edi").read_bytes())
    assert errors(messages) == []
    assert len(messages) == 1
    assert messages[0].manifest is not None


def test_315_is_not_supported_but_its_envelope_is_still_checked() -> None:
    shared = SAMPLES / "x12_315" / "004010_315.edi"
    status = shared.read_bytes() if shared.exists() else _STATUS_315
    (message,) = read(status)
    assert message.manifest is None
    (problem,) = message.problems
    assert problem.code == "unsupported.transaction"
    assert problem.position == "segment 3 (ST)"
    assert "'315' (status details (ocean)) is not supported" in problem.message
    broken = status.replace(b"SE*9*00001~", b"SE*8*00002~").replace(b"GE*1*1~", b"GE*2*1~")
    codes = [(p.position.split(",")[0], p.code) for m in read(broken) for p in m.problems]
    assert codes == [
        ("segment 3 (ST)", "unsupported.transaction"),
        ("segment 11 (SE)", "invalid.segment_count"),
        ("segment 11 (SE)", "invalid.control_number"),
        ("segment 12 (GE)", "invalid.set_count"),
    ]


_STATUS_315 = (
    b"ISA*00*          *00*          *ZZ*SOURCE         *ZZ*TARGET         *220524*1120*U*"
    b"00401*000000001*0*P*>~\nGS*QO*SOURCE*TARGET*20220524*1600*1*X*004010~\nST*315*00001~\n"
    b"B4***VA*20220901*0807**GMCU*609413*E**LOCKBOURNE*CI*7~\nN9*BM*21001ASK5V9U~\n"
    b"N9*BN*1NAN910141~\nN9*EQ*GMCU6094137~\nQ2*9330141********202N***L*MARIM~\n"
    b"R4*L*UN*USMEM*BNSF MEMPHIS RAMP*US***US~\nR4*E*UN*USDAL*BNSF ALLIANCE RAMP*US***US~\n"
    b"SE*9*00001~\nGE*1*1~\nIEA*1*000000001~\n"
)


def test_group_and_interchange_counts_are_checked() -> None:
    data = (FIXTURES / "309_sea_import.edi").read_bytes()
    wrong = data.replace(b"GE*1*147~", b"GE*3*147~").replace(b"IEA*1*", b"IEA*2*")
    *_, interchange = read(wrong)
    assert [(p.position, p.message) for p in interchange.problems] == [
        ("segment 42 (GE), byte 1495", "GE01 gives '3' transaction sets; the group has 1"),
        ("segment 43 (IEA), byte 1505", "IEA01 gives '2' functional groups; the interchange has 1"),
    ]


def test_missing_se_and_iea_are_reported() -> None:
    data = (FIXTURES / "309_sea_import.edi").read_bytes()
    cut = data[: data.index(b"SE*39")]
    set_message, interchange = read(cut)
    assert set_message.manifest is None
    assert set_message.problems[0].code == "truncated.transaction"
    assert "no SE" in set_message.problems[0].message
    assert [p.code for p in interchange.problems] == ["truncated.interchange"]


def test_separators_come_from_the_isa() -> None:
    data = (FIXTURES / "309_sea_import.edi").read_bytes()
    other = data.replace(b"*", b"|").replace(b"~\n", b"\n").replace(b"|>\n", b"|^\n", 1)
    assert other[103:106] == b"|^\n"
    lexer = Lexer(io.BytesIO(other))
    segments = list(lexer)
    assert lexer.separators is not None
    assert (lexer.separators.element, lexer.separators.component) == ("|", "^")
    assert lexer.separators.terminator == "\n"
    assert [s.tag for s in segments[:3]] == ["ISA", "GS", "ST"]
    assert [m.manifest for m in read(other)] == [m.manifest for m in read(data)]


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 1 << 20])
def test_small_chunks_read_the_same(chunk_size: int) -> None:
    data = (FIXTURES / "309_sea_import.edi").read_bytes()
    whole = read(data)
    assert list(read_x12(io.BytesIO(data), chunk_size=chunk_size)) == whole


def test_another_release_is_read_with_a_warning() -> None:
    data = (FIXTURES / "309_sea_import.edi").read_bytes().replace(b"*X*004010~", b"*X*005010~")
    (message,) = read(data)
    assert message.manifest is not None
    assert len(message.manifest.consignments) == 3
    (warning,) = [p for p in message.problems if p.code == "unsupported.version"]
    assert warning.position == "segment 2 (GS)"
    assert warning.severity is Severity.WARNING
    assert "'005010'" in warning.message
