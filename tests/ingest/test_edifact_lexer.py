"""The streaming EDIFACT tokenizer: separators, release character, chunks, offsets, bad bytes."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cargotarget.ingest.edifact.lexer import MAX_SEGMENT, UNTERMINATED, Lexer, Segment
from cargotarget.ingest.edifact.syntax import ServiceChars, SyntaxProblem

from .conftest import CUSCAR_FIXTURES


def lex(data: bytes, chunk_size: int = 1 << 20) -> list[Segment]:
    return list(Lexer(io.BytesIO(data), chunk_size=chunk_size))


def test_default_separators_give_tags_elements_numbers_and_offsets() -> None:
    data = b"UNB+UNOC:3+S+R+240101:1200+7'UNH+1+CUSCAR:D:11A:UN'BGM+85+REF+9'"
    segments = lex(data)
    assert [s.tag for s in segments] == ["UNB", "UNH", "BGM"]
    assert segments[0].elements == [["UNOC", "3"], ["S"], ["R"], ["240101", "1200"], ["7"]]
    assert segments[1].elements == [["1"], ["CUSCAR", "D", "11A", "UN"]]
    assert [s.index for s in segments] == [1, 2, 3]
    assert [s.offset for s in segments] == [0, data.index(b"UNH"), data.index(b"BGM")]
    assert segments[2].text == "BGM+85+REF+9"
    assert all(s.problem is None for s in segments)


def test_una_declares_the_separators_and_line_breaks_are_skipped() -> None:
    data = b"UNA|*,# ~\r\nUNB*UNOC|3*S*R~\r\nFTX*AAA***A#*B#|C#~D##~\r\n"
    lexer = Lexer(io.BytesIO(data))
    segments = list(lexer)
    assert lexer.has_una
    assert lexer.chars == ServiceChars("|", "*", ",", "#", " ", "~")
    assert segments[1].elements == [["AAA"], [""], [""], ["A*B|C~D#"]]
    assert segments[1].offset == data.index(b"FTX")


def test_release_character_escapes_separators_and_itself() -> None:
    segments = lex(b"UNB+UNOC:3'NAD+CZ+++O?'NEIL ?+ SONS?: LTD??+CITY'FTX+AAA+++50??'")
    assert segments[1].elements[3] == ["O'NEIL + SONS: LTD?"]
    assert segments[1].elements[4] == ["CITY"]
    assert segments[2].elements[3] == ["50?"], "an escaped release does not escape the terminator"


def test_no_release_character_when_the_una_declares_a_space() -> None:
    segments = lex(b"UNA:+.  'UNB+UNOC:3'FTX+AAA+++WHAT?'")
    assert segments[1].elements[3] == ["WHAT?"]


def test_the_character_set_follows_the_unb_syntax_identifier() -> None:
    text = "UNB+UNOW:4+S+R'NAD+CN+++ÑANDÚ 東京'"
    lexer = Lexer(io.BytesIO(text.encode("utf-8")))
    segments = list(lexer)
    assert lexer.codec == "utf-8"
    assert segments[1].elements[3] == ["ÑANDÚ 東京"]
    cyrillic = lex("UNB+UNOE:3'NAD+CN+++ТОРГОВЫЙ ДОМ'".encode("iso8859-5"))
    assert cyrillic[1].elements[3] == ["ТОРГОВЫЙ ДОМ"]


def test_undecodable_bytes_are_a_problem_with_their_offset_and_are_kept() -> None:
    data = b"UNB+UNOW:4'NAD+CN+++BAD \xff NAME'BGM+85'"
    segments = lex(data)
    bad = segments[1]
    assert bad.problem is not None
    bad_byte = data.index(b"\xff")
    assert f"byte {bad_byte}" in bad.problem
    assert "0xFF" in bad.problem
    assert bad.text.encode("utf-8", "surrogateescape") == b"NAD+CN+++BAD \xff NAME"
    assert segments[2].problem is None


def test_an_unsupported_syntax_identifier_is_reported_on_the_unb() -> None:
    segments = lex(b"UNB+UNOZ:3+S+R'UNH+1'")
    assert segments[0].problem is not None
    assert "'UNOZ'" in segments[0].problem


def test_a_last_segment_without_terminator_is_flagged() -> None:
    segments = lex(b"UNB+UNOC:3'UNT+5+1\n")
    assert segments[-1].tag == "UNT"
    assert segments[-1].problem == UNTERMINATED


def test_a_broken_una_cannot_be_tokenised() -> None:
    with pytest.raises(SyntaxProblem, match="must be distinct"):
        lex(b"UNA++.? 'UNB+UNOC:3'")
    with pytest.raises(SyntaxProblem, match="cut short"):
        lex(b"UNA:+")


def test_a_long_run_without_terminator_is_refused_not_buffered() -> None:
    with pytest.raises(SyntaxProblem, match="no segment terminator") as caught:
        lex(b"UNB+UNOC:3'" + b"A" * (MAX_SEGMENT + 10), chunk_size=64 * 1024)
    assert caught.value.offset == len(b"UNB+UNOC:3'")


@pytest.mark.parametrize("path", sorted(CUSCAR_FIXTURES.glob("*.edi")), ids=lambda p: p.stem)
@given(chunk_size=st.integers(1, 97))
def test_any_chunk_size_gives_the_same_segments(path: Path, chunk_size: int) -> None:
    data = path.read_bytes()
    assert lex(data, chunk_size) == lex(data)


separators = st.sampled_from(list("!\"#$%&*+,/:;<=>@^_|~'?"))


@st.composite
def service_chars(draw: st.DrawFn) -> ServiceChars:
    comp, elem, rel, term = draw(st.lists(separators, min_size=4, max_size=4, unique=True))
    return ServiceChars(comp, elem, ".", rel, " ", term)


values = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@given(
    chars=service_chars(),
    body=st.lists(st.lists(st.lists(values, min_size=1, max_size=3), max_size=4), max_size=6),
    chunk_size=st.integers(1, 50),
)
def test_escaped_values_come_back_exactly(
    chars: ServiceChars, body: list[list[list[str]]], chunk_size: int
) -> None:
    texts = ["UNB" + chars.element + "UNOW" + chars.component + "4"]
    for elements in body:
        escaped = [chars.component.join(chars.escape(v) for v in e) for e in elements]
        texts.append(chars.element.join(["FTX", *escaped]))
    data = chars.una() + "\n" + (chars.terminator + "\r\n").join(texts) + chars.terminator
    segments = lex(data.encode("utf-8"), chunk_size)
    assert [s.elements for s in segments[1:]] == body
    assert [s.index for s in segments] == list(range(1, len(body) + 2))


def test_agrees_with_pydifact_on_the_golden_files() -> None:
    from pydifact.parser import Parser

    for path in sorted(CUSCAR_FIXTURES.glob("*.edi")):
        data = path.read_bytes()
        lexer = Lexer(io.BytesIO(data))
        ours = list(lexer)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = Parser().parse(data.decode(lexer.codec))
            theirs = [s for s in parsed if s.tag != "UNA"]
        assert [s.tag for s in ours] == [s.tag for s in theirs], path.name
        for mine, other in zip(ours, theirs, strict=True):
            expected = [[e] if isinstance(e, str) else list(e) for e in other.elements]
            assert _trim(mine.elements) == _trim(expected), (path.name, mine.text)


def _trim(elements: list[list[str]]) -> list[list[str]]:
    """Elements without trailing empty components or elements (the two tokenizers differ
    only in whether they keep those)."""
    out = []
    for element in elements:
        element = list(element)
        while element and not element[-1]:
            element.pop()
        out.append(element)
    while out and not out[-1]:
        out.pop()
    return out
