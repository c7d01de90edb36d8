"""Where each canonical field of a declaration was read, so that checks point at elements."""

from __future__ import annotations

import re

from cargotarget.ingest.ens.tree import Node
from cargotarget.model.problems import Problem, Severity

_LAST_STEP = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


class Marks:
    """Field paths (``goods[0].hs_code``) mapped to element positions (``line 9, column 5``).

    A path never marked is placed at its nearest marked parent, and at ``origin`` (the element
    that opens the part being read) when none is; so every problem has a position.
    """

    def __init__(self, origin: Node, bill: str | None = None) -> None:
        self.origin = origin.position
        self.bill = bill
        self.paths: dict[str, str] = {}
        self.problems: list[Problem] = []

    def mark(self, path: str, node: Node | None) -> None:
        if node is not None:
            self.paths[path] = node.position

    def locate(self, path: str) -> str:
        while path:
            found = self.paths.get(path)
            if found is not None:
                return found
            shorter = _LAST_STEP.sub("", path)
            if shorter == path:
                break
            path = shorter
        return self.origin

    def error(self, code: str, message: str, node: Node | None) -> None:
        self._add(code, message, node, Severity.ERROR)

    def warning(self, code: str, message: str, node: Node | None) -> None:
        self._add(code, message, node, Severity.WARNING)

    def _add(self, code: str, message: str, node: Node | None, severity: Severity) -> None:
        where = node.position if node is not None else self.origin
        self.problems.append(
            Problem(
                code=code,
                message=message,
                position=where,
                severity=severity,
                bill_number=self.bill,
            )
        )
