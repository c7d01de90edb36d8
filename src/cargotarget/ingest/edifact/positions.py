"""Where a problem is in an interchange, and what was found in one part of a message.

A position names the message (its number in the interchange), the segment (its number in the
message, counted as UNT counts them: UNH is 1) and the segment tag, e.g.
``message 2, segment 14 (EQD)``; problems found while tokenising add the byte offset.
"""

from __future__ import annotations

from cargotarget.model.problems import Problem, Severity

#: Problems kept for one part of a message; beyond this they are counted, not listed, so that
#: garbage cannot make a report as large as itself.
MAX_LISTED = 200


def label(tag: str) -> str:
    """A segment tag fit to print; a garbled one is quoted and cut short."""
    return tag if tag.isascii() and tag.isalnum() and len(tag) <= 6 else repr(tag[:12])


def position(message: int, segment: int, tag: str, offset: int | None = None) -> str:
    where = f"message {message}, segment {segment} ({label(tag)})"
    return where if offset is None else f"{where}, byte {offset}"


def interchange_position(index: int, tag: str, offset: int) -> str:
    """A position outside any message: the segment's number in the interchange (UNB is 1)."""
    return f"interchange segment {index} ({label(tag)}), byte {offset}"


class Tracker:
    """The problems of one part of a message (its header or one consignment) and the segment
    each canonical field was read from, so that model checks can point at segments.

    ``origin`` is the segment that opens the part (UNH or CNI): fields with no segment of their
    own, such as a missing goods item, are placed there.
    """

    def __init__(self, message: int, origin: tuple[int, str]) -> None:
        self.message = message
        self.origin = origin
        self.bill: str | None = None
        self.problems: list[Problem] = []
        self.fields: dict[str, tuple[int, str]] = {}
        self.errors = 0
        self._unlisted = 0

    def mark(self, path: str, segment: int, tag: str) -> None:
        """Record that the field at ``path`` was read from this segment."""
        self.fields[path] = (segment, tag)

    def error(
        self,
        code: str,
        text: str,
        segment: int,
        tag: str,
        offset: int | None = None,
        *,
        always: bool = False,
    ) -> None:
        """Record an error; ``always`` lists it even past the limit (the reason a message was
        given up must never be among the unlisted)."""
        problem = Problem(
            code=code,
            message=text,
            position=position(self.message, segment, tag, offset),
            bill_number=self.bill,
        )
        self.add(problem, always=always)

    def warning(self, code: str, text: str, segment: int, tag: str) -> None:
        self.add(
            Problem(
                code=code,
                message=text,
                position=position(self.message, segment, tag),
                severity=Severity.WARNING,
                bill_number=self.bill,
            )
        )

    def not_read(self, segment: int, tag: str, what: str = "") -> None:
        """Warn that a segment (or part of one) carries data the canonical model does not keep."""
        detail = f" ({what})" if what else ""
        self.warning("unread.segment", f"{tag}{detail} is not read into the manifest", segment, tag)

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
                return position(self.message, *found)
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                return position(self.message, *self.origin)
            path = path[:cut]

    def listed(self) -> tuple[Problem, ...]:
        """The problems, with a last one saying how many more were found but not listed."""
        if not self._unlisted:
            return tuple(self.problems)
        more = Problem(
            code="problems.unlisted",
            message=f"{self._unlisted} further problems were found and are not listed",
            position=position(self.message, *self.origin),
            bill_number=self.bill,
        )
        return (*self.problems, more)
