"""Where a problem is in an X12 interchange, and what was found in one part of a transaction set.

A position names the segment by its number in the interchange (the ISA is 1) and its tag, e.g.
``segment 14 (VID)``: the number a filer's EDI tool shows beside each segment. Problems found while
tokenising add the byte offset.
"""

from __future__ import annotations

from cargotarget.model.problems import Problem, Severity

#: Problems kept for one part of a transaction set; beyond this they are counted, not listed, so
#: that garbage cannot make a report as large as itself.
MAX_LISTED = 200


def label(tag: str) -> str:
    """A segment tag fit to print; a garbled one is quoted and cut short."""
    return tag if tag.isascii() and tag.isalnum() and len(tag) <= 4 else repr(tag[:12])


def position(index: int, tag: str, offset: int | None = None) -> str:
    where = f"segment {index} ({label(tag)})"
    return where if offset is None else f"{where}, byte {offset}"


class Tracker:
    """The problems of one part of a transaction set (its header or one bill) and the segment
    each canonical field was read from, so that the model's checks can point at segments.

    ``origin`` is the segment that opens the part (ST or LX): fields with no segment of their
    own, such as a missing goods item, are placed there.
    """

    def __init__(self, origin: tuple[int, str]) -> None:
        self.origin = origin
        self.bill: str | None = None
        self.problems: list[Problem] = []
        self.fields: dict[str, tuple[int, str]] = {}
        self.errors = 0
        self._unlisted = 0

    def mark(self, path: str, index: int, tag: str) -> None:
        """Record that the field at ``path`` was read from segment ``index``."""
        self.fields[path] = (index, tag)

    def error(self, code: str, text: str, index: int, tag: str, *, always: bool = False) -> None:
        """Record an error; ``always`` lists it even past the limit (the reason a transaction set
        was rejected must never be among the unlisted)."""
        problem = Problem(
            code=code, message=text, position=position(index, tag), bill_number=self.bill
        )
        self.add(problem, always=always)

    def warning(self, code: str, text: str, index: int, tag: str) -> None:
        self.add(
            Problem(
                code=code,
                message=text,
                position=position(index, tag),
                severity=Severity.WARNING,
                bill_number=self.bill,
            )
        )

    def add(self, problem: Problem, *, always: bool = False) -> None:
        if problem.severity is Severity.ERROR:
            self.errors += 1
        if always or len(self.problems) < MAX_LISTED:
            self.problems.append(problem)
        else:
            self._unlisted += 1

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def locate(self, path: str) -> str:
        """The position of the field at ``path`` (``goods[1].hs_code``), or of the nearest
        enclosing part that was read from a segment (``goods[1]``), or of the opening segment."""
        while True:
            found = self.fields.get(path)
            if found is not None:
                return position(*found)
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                return position(*self.origin)
            path = path[:cut]

    def listed(self) -> tuple[Problem, ...]:
        """The problems, with a last one saying how many more were found but not listed."""
        if not self._unlisted:
            return tuple(self.problems)
        more = Problem(
            code="problems.unlisted",
            message=f"{self._unlisted} further problems were found and are not listed",
            position=position(*self.origin),
            bill_number=self.bill,
        )
        return (*self.problems, more)
