"""A goods line being read from an X12 transaction set, before it becomes a canonical item.

A 309 sends a line (N10, H1) under each VID it is stowed in; a 310 builds one from an LX loop's
L0 and L5 segments and its N7 containers. Either way the parts arrive one segment at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cargotarget.model.manifest import DangerousGoods, GoodsItem


@dataclass
class GoodsLine:
    """The parts of one goods item read so far; ``index`` is the segment that opened it."""

    index: int
    sequence: int
    description: str = ""
    package_kind: str | None = None
    marks: tuple[str, ...] = ()
    package_count: int | None = None
    gross_weight_kg: float | None = None
    volume_m3: float | None = None
    hs_code: str | None = None
    containers: list[str] = field(default_factory=list)
    hazards: list[DangerousGoods] = field(default_factory=list)

    def finish(self) -> GoodsItem:
        return GoodsItem(
            sequence=self.sequence,
            description=self.description,
            hs_code=self.hs_code,
            package_count=self.package_count,
            package_kind=self.package_kind,
            gross_weight_kg=self.gross_weight_kg,
            volume_m3=self.volume_m3,
            marks=self.marks,
            dangerous_goods=tuple(self.hazards),
            container_numbers=tuple(self.containers),
        )


def by_sequence(line: GoodsLine) -> int:
    """Sort key: goods items come in the order of their line numbers."""
    return line.sequence
