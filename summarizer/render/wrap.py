"""Line breaking for Chinese text in a terminal table, never inside a figure.

Chinese has no spaces, so a long sentence is one "word" to rich, which folds it at whatever
cell the column ends: `…轨道交通原COCC项目涉及的13` | `户滞迁户`. Here a line may break between
any two characters except inside a figure as the numbers stage reads it (13户, 15.93亿元,
同比增长10.6% keeps 10.6%), inside a run of Latin letters or digits (COCC, 2023), before
closing punctuation (，。、） never start a line) or after opening punctuation (（“ never end
one). The column's minimum width is its widest such piece, so a table narrows by wrapping,
not by cutting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from summarizer.numbers import extract_numbers

_LATIN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ][0-9A-Za-z０-９Ａ-Ｚａ-ｚ.,．%‰_\-+/]*")
_NO_LINE_START = frozenset("，。、；：！？）】》」』”’,.;:!?)]%‰…·")
_NO_LINE_END = frozenset("（【《「『“‘([")


def pieces(text: str) -> list[str]:
    """The text cut where a line may break; joined, the pieces are the text."""
    keep: list[tuple[int, int]] = [(m.start, m.end) for m in extract_numbers(text)]
    keep += [match.span() for match in _LATIN.finditer(text)]
    # Spans that must stay whole, merged where they overlap.
    whole = [False] * (len(text) + 1)  # whole[i]: no break allowed before text[i]
    for start, end in keep:
        for i in range(start + 1, end):
            whole[i] = True
    for i in range(1, len(text)):
        if text[i] in _NO_LINE_START or text[i - 1] in _NO_LINE_END:
            whole[i] = True
        if text[i - 1].isspace() and not text[i].isspace():
            whole[i] = False
    out: list[str] = []
    start = 0
    for i in range(1, len(text)):
        if not whole[i]:
            out.append(text[start:i])
            start = i
    if text:
        out.append(text[start:])
    return out


def break_lines(text: str, width: int, cut: list[str] | None = None) -> Iterator[str]:
    """Greedy lines of at most `width` cells (a piece wider than that stands alone); `cut` is
    `pieces(text)` when the caller has it already."""
    line, used = "", 0
    for piece in pieces(text) if cut is None else cut:
        size = cell_len(piece)
        if line and used + size > width:
            yield line.rstrip()
            piece = piece.lstrip()
            line, used = piece, cell_len(piece)
        else:
            line += piece
            used += size
    if line:
        yield line.rstrip()


class Wrapped:
    """A table cell of Chinese text that wraps between pieces (see `pieces`)."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style
        self._pieces: list[str] | None = None

    @property
    def cut(self) -> list[str]:
        # Measured more than once per render by rich: cut the text once.
        if self._pieces is None:
            self._pieces = pieces(self.text)
        return self._pieces

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(p.strip()) for p in self.cut), default=0)
        return Measurement(widest, max(widest, cell_len(self.text)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = list(break_lines(self.text, max(1, options.max_width), self.cut)) or [""]
        yield Text("\n".join(lines), style=self.style, overflow="fold")
