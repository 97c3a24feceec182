"""chunk: split a cleaned report into sections: one per heading or part (parts.py), and
over-long ones at sentence ends.

Sections form a flat list in document order; each runs from its heading to the next heading, so
their spans tile ``[0, len(text))`` exactly. The hierarchy lives in each section's heading path,
the part it belongs to in its role. A section longer than the budget is split at sentence ends
(。；！？), never inside a figure; its parts keep its heading path and role.
"""

from __future__ import annotations

from collections.abc import Iterator

from summarizer.document.parts import outline
from summarizer.models import Document, Role, Section

__all__ = ["DEFAULT_MAX_CHARS", "chunk", "outline", "split_long"]

DEFAULT_MAX_CHARS = 2500

_SENTENCE_END = "。；！？!?;"
_SOFT_BREAK = "，,、：: \t\u3000\n"
# Characters that may stand inside a printed figure: never cut between two of them.
_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９.．%％‰")


def _section(text: str, titles: list[str], role: Role, start: int, end: int) -> Section:
    return Section(
        id="",
        heading_path=list(titles),
        level=len(titles),
        role=role,
        start=start,
        end=end,
        text=text[start:end],
    )


def _renumber(sections: list[Section]) -> list[Section]:
    width = max(2, len(str(len(sections))))
    for i, section in enumerate(sections, 1):
        section.id = f"s{i:0{width}d}"
    return sections


def _cut_point(text: str, lo: int, hi: int) -> int:
    """The best place in (lo, hi] to end a part: a sentence end, else a soft break, else a
    place that is not inside a figure."""
    for chars in (_SENTENCE_END, _SOFT_BREAK):
        for i in range(hi, lo, -1):
            if text[i - 1] in chars:
                return i
    i = hi
    while i > lo + 1 and text[i - 1] in _NUMBER_CHARS and text[i] in _NUMBER_CHARS:
        i -= 1
    return i


def _split_points(text: str, start: int, end: int, max_chars: int) -> Iterator[int]:
    """Cut points that make parts of roughly equal length, none longer than `max_chars`."""
    pos = start
    while end - pos > max_chars:
        remaining = end - pos
        parts_left = -(-remaining // max_chars)
        target = pos + -(-remaining // parts_left)
        # Prefer a sentence end near the even share, but never past the budget.
        hi = min(pos + max_chars, max(target + max_chars // 5, target))
        cut = _cut_point(text, pos + max_chars // 4, min(hi, pos + max_chars))
        if cut <= pos:
            cut = pos + max_chars
        yield cut
        pos = cut


def split_long(text: str, sections: list[Section], max_chars: int) -> list[Section]:
    """Split sections longer than `max_chars` at sentence ends (never inside a figure)."""
    out: list[Section] = []
    for section in sections:
        if section.end - section.start <= max_chars:
            out.append(section)
            continue
        bounds = [section.start, *_split_points(text, section.start, section.end, max_chars)]
        bounds.append(section.end)
        n = len(bounds) - 1
        for k in range(n):
            part = _section(text, section.heading_path, section.role, bounds[k], bounds[k + 1])
            part.part, part.parts = k + 1, n
            out.append(part)
    return _renumber(out)


def chunk(doc: Document, *, max_chars: int = DEFAULT_MAX_CHARS) -> list[Section]:
    """Sections of `doc.text` in document order; their spans tile ``[0, len(doc.text))``."""
    if max_chars < 50:
        raise ValueError(f"max_chars must be at least 50, got {max_chars}")
    return split_long(doc.text, outline(doc), max_chars)
