"""Hostile and broken declarations: each gets a reason with a position, never a traceback.

Truncated, malformed, oversized, deeply nested and entity-laden inputs are refused with their
reason; hypothesis then throws random bytes and mutations of a valid declaration at the reader.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.ingest.ens import tree
from cargotarget.ingest.ens.reader import read_ens
from cargotarget.model.problems import ParsedMessage, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ens"
VALID = (FIXTURES / "air_houses.xml").read_bytes()
POSITION = re.compile(r"line \d+, column \d+")


def _read(data: bytes) -> ParsedMessage:
    [message] = list(read_ens(io.BytesIO(data)))
    return message


def _refused(data: bytes) -> tuple[str, str, str]:
    message = _read(data)
    assert message.manifest is None
    [problem] = message.problems
    assert POSITION.fullmatch(problem.position)
    return problem.code, problem.message, problem.position


def test_truncated_declaration_is_refused_where_it_stops() -> None:
    code, text, where = _refused(VALID[:1500])
    assert code == "invalid.xml"
    assert "well-formed" in text
    assert where == "line 36, column 8"  # the last line read, where an element is missing


def test_mismatched_tags_are_refused_at_the_wrong_end_tag() -> None:
    data = VALID.replace(b"</GooDesGDS23>", b"</GooDes>", 1)
    code, text, where = _refused(data)
    assert code == "invalid.xml"
    assert "mismatched tag" in text
    assert where.startswith("line 40, column ")


def test_entity_expansion_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE CC315A [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><CC315A>&b;</CC315A>'
    )
    code, text, _ = _refused(bomb)
    assert code == "forbidden.xml"
    assert "DTD" in text


def test_external_entity_is_refused() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE CC315A [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<CC315A><MesSenMES3>&x;</MesSenMES3></CC315A>"
    )
    code, _, _ = _refused(xxe)
    assert code == "forbidden.xml"


def test_deep_nesting_is_refused_before_it_is_built() -> None:
    deep = b"<CC315A>" + b"<a>" * 10_000 + b"</a>" * 10_000 + b"</CC315A>"
    code, _, where = _refused(deep)
    assert code == "too.deep"
    assert where == f"line 1, column {len('<CC315A>') + 3 * (tree.MAX_DEPTH - 1) + 1}"


def test_oversized_input_is_refused_without_reading_it_all() -> None:
    class Endless(io.RawIOBase):
        read_so_far = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            buffer[:] = b" " * len(buffer)
            self.read_so_far += len(buffer)
            return len(buffer)

    source = Endless()
    [message] = list(read_ens(io.BufferedReader(source)))
    assert message.manifest is None
    assert message.problems[0].code == "too.large"
    assert source.read_so_far <= tree.MAX_BYTES + 2 * io.DEFAULT_BUFFER_SIZE


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "invalid.xml"),
        (b"\x00\xff\xfe garbage \x01", "invalid.xml"),
        (b"<CC999A><HEAHEA/></CC999A>", "unsupported.message"),
        (b"<CC315A><MesSenMES3>x</MesSenMES3></CC315A>", "missing.header"),
        (b'<?xml version="1.0" encoding="x-unknown"?><CC315A/>', "invalid.xml"),
        ("<CC315A><HEAHEA/></CC315A>".encode("utf-16"), "unsupported.encoding"),
    ],
    ids=["empty", "binary", "other-message", "no-header", "unknown-encoding", "utf-16"],
)
def test_inputs_that_are_no_declaration_are_refused(data: bytes, code: str) -> None:
    assert _refused(data)[0] == code


def test_bad_values_in_an_item_reject_only_its_document() -> None:
    data = VALID.replace(b"<GroMasGDS46>150.5<", b"<GroMasGDS46>1_50.5<").replace(
        b"<NumOfPacGS24>10<", b"<NumOfPacGS24>-10<"
    )
    message = _read(data)
    assert message.manifest is not None
    assert [c.bill_number for c in message.manifest.consignments] == ["HFRA1001"]
    codes = {(p.code, p.position) for r in message.rejected for p in r.problems}
    assert ("invalid.number", "line 66, column 9") in codes
    assert ("invalid.number", "line 77, column 13") in codes


def test_hostile_text_is_kept_as_text() -> None:
    data = VALID.replace(b"LAPTOP COMPUTERS", b"&lt;script&gt;alert(1)&lt;/script&gt;")
    message = _read(data)
    assert message.manifest is not None
    assert message.manifest.consignments[0].goods[0].description == "<script>alert(1)</script>"


def _check_answer(data: bytes) -> None:
    messages = list(read_ens(io.BytesIO(data)))
    assert len(messages) == 1
    [message] = messages
    problems = [*message.problems, *(p for r in message.rejected for p in r.problems)]
    for problem in problems:
        assert POSITION.fullmatch(problem.position), problem
        assert problem.message
    if message.manifest is None:
        assert any(p.severity is Severity.ERROR for p in message.problems)
    for rejected in message.rejected:
        assert any(p.severity is Severity.ERROR for p in rejected.problems)


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data: bytes) -> None:
    _check_answer(data)


@FUZZ
@given(st.integers(0, len(VALID)), st.integers(0, len(VALID)), st.binary(max_size=40))
def test_mutated_declarations_never_raise(start: int, stop: int, insert: bytes) -> None:
    start, stop = min(start, stop), max(start, stop)
    _check_answer(VALID[:start] + insert + VALID[stop:])


@FUZZ
@given(st.integers(0, len(VALID)))
def test_truncated_declarations_never_raise(cut: int) -> None:
    _check_answer(VALID[:cut])


@FUZZ
@given(
    st.sampled_from([b"<IteNumGDS7>1<", b"<GroMasGDS46>410.0<", b"<ComNomCMD1>847130<"]),
    st.text(max_size=30),
)
def test_any_text_in_a_field_never_raises(field: bytes, text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "surrogatepass")
    _check_answer(VALID.replace(field, field[: field.index(b">") + 1] + escaped + b"<"))
