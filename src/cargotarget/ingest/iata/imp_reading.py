"""What a Cargo-IMP message reader hands on before the checks: the header and each part.

A part is one air waybill (FWB, FFM) or house waybill (FHL) with the positions of its fields
and the lines it was read from; ``head`` and ``tail`` are the lines every part's fragment
repeats around its own, so that a held-back part is a message of its own that can be replayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cargotarget.ingest.iata.imp_fields import Marks
from cargotarget.ingest.iata.imp_lines import Line
from cargotarget.model.manifest import Consignment, Voyage


@dataclass
class Part:
    consignment: Consignment
    marks: Marks
    lines: list[Line]


@dataclass
class Reading:
    reference: str
    voyage: Voyage
    marks: Marks
    head: list[Line]
    parts: list[Part] = field(default_factory=list)
    tail: list[Line] = field(default_factory=list)


def hs_code(text: str) -> str:
    """A harmonised code as filed, without the dots and spaces some systems write."""
    return "".join(text.replace(".", "").split()).upper()
