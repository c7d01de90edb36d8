"""Bar charts as geometry for SVG drawn on the server: no script, no chart library, nothing
loaded from elsewhere (customs servers are often offline and the pages allow scripts from
the site only). The page's template turns the geometry into ``<rect>`` and ``<text>``
elements; labels stay text, escaped there like everything else."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

WIDTH = 640
ROW = 22
LABEL = 170
HEIGHT = 220
FOOT = 34


class Bar(msgspec.Struct, frozen=True, kw_only=True):
    """One bar: its label, its value as shown, and where it is drawn."""

    label: str
    shown: str
    x: float
    y: float
    width: float
    height: float


class Chart(msgspec.Struct, frozen=True, kw_only=True):
    """A chart of ``bars`` in a ``width`` x ``height`` view box; ``horizontal`` bars grow to
    the right from their labels, vertical ones up from theirs."""

    title: str
    horizontal: bool
    width: int
    height: int
    bars: list[Bar]


def _shown(value: float | None, share: bool) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0%}" if share else f"{value:g}"


def horizontal_bars(
    title: str, values: Sequence[tuple[str, float | None]], *, share: bool
) -> Chart:
    """Bars to the right, one row each; ``share``: values are 0..1, drawn against 100 %."""
    top = max([v or 0.0 for _, v in values] + [1.0 if share else 0.0]) or 1.0
    room = WIDTH - LABEL - 50
    bars = [
        Bar(
            label=label,
            shown=_shown(value, share),
            x=LABEL,
            y=i * ROW + 4,
            width=round(room * (value or 0.0) / top, 1),
            height=ROW - 8,
        )
        for i, (label, value) in enumerate(values)
    ]
    return Chart(
        title=title, horizontal=True, width=WIDTH, height=max(1, len(bars)) * ROW, bars=bars
    )


def vertical_bars(title: str, values: Sequence[tuple[str, int]]) -> Chart:
    """Columns up from a base line, labels below: a histogram of counts."""
    top = max([v for _, v in values] + [1])
    step = WIDTH / max(1, len(values))
    room = HEIGHT - FOOT - 16
    bars = []
    for i, (label, value) in enumerate(values):
        tall = round(room * value / top, 1)
        bars.append(
            Bar(
                label=label,
                shown=str(value),
                x=round(i * step + 4, 1),
                y=round(HEIGHT - FOOT - tall, 1),
                width=round(step - 8, 1),
                height=tall,
            )
        )
    return Chart(title=title, horizontal=False, width=WIDTH, height=HEIGHT, bars=bars)
