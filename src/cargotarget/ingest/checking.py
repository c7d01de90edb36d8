"""The checks of a manifest's header, as every reader runs them on input that may be hostile.

The model checks the voyage (:func:`cargotarget.model.checks.check_voyage`); a manifest also
needs its reference, by which its amendments are matched.
"""

from __future__ import annotations

from cargotarget.model.checks import Locate, check_voyage
from cargotarget.model.manifest import Voyage
from cargotarget.model.problems import Problem


def header_problems(reference: str, voyage: Voyage, locate: Locate) -> list[Problem]:
    """Every problem with a manifest's reference and voyage; ``locate`` maps field paths
    (``reference``, ``voyage.imo_number``) to positions."""
    problems = check_voyage(voyage, locate)
    if not reference.strip():
        message = "manifest reference is missing"
        problems.insert(
            0, Problem(code="missing.reference", message=message, position=locate("reference"))
        )
    return problems
