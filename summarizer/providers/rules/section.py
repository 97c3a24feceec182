"""One section as the rules readers see it: its sentences, clauses and figures.

The figures are read once per section by summarizer/figures (the same reading the cross-check
makes of the whole report), so a metric's name, the change that belongs to it and the names a
分别 list hands out are decided in one place. The readers of achievements, targets and problems
share this object; `claimed` holds the spans one of them used, so no clause is reported twice.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from summarizer.clauses import (
    CLAUSE_ENDS,
    SEGMENT_ENDS,
    SENTENCE_ENDS,
    split,
    strip_edges,
)
from summarizer.figures import Figure, read_figures
from summarizer.lexicon import items
from summarizer.models import NumberMention, ReportMeta, Section
from summarizer.numbers import extract_numbers


@dataclass(slots=True)
class Clause:
    start: int
    end: int
    # The figures a summary may cite: quantities, not thresholds (in text order).
    figures: list[Figure] = field(default_factory=list)
    segment: int = 0

    @property
    def mentions(self) -> list[NumberMention]:
        return [f.mention for f in self.figures]

    @property
    def is_change(self) -> list[bool]:
        return [f.is_change for f in self.figures]


class SectionText:
    """A section's text with its figures, sentences and clauses."""

    def __init__(self, section: Section, meta: ReportMeta) -> None:
        self.section = section
        self.meta = meta
        self.text = section.text
        self.heading = " ".join(section.heading_path)
        self.figures = read_figures(self.text, extract_numbers(self.text))
        self._listed = [f for f in self.figures if f.quantity and not f.threshold]
        self._starts = [f.start for f in self._listed]
        self._clause_cache: dict[tuple[int, int], list[Clause]] = {}
        # Spans already used by one item kind, so no clause is reported twice.
        self.claimed: list[tuple[int, int]] = []

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        return split(self.text, 0, len(self.text), SENTENCE_ENDS)

    def clauses(self, start: int, end: int) -> list[Clause]:
        """The clauses of one sentence, with their figures, numbered by `；` segment."""
        cached = self._clause_cache.get((start, end))
        if cached is not None:
            return cached
        clauses: list[Clause] = []
        self._clause_cache[(start, end)] = clauses
        for seg_no, (seg_start, seg_end) in enumerate(split(self.text, start, end, SEGMENT_ENDS)):
            for a, b in split(self.text, seg_start, seg_end, CLAUSE_ENDS):
                lo = bisect.bisect_left(self._starts, a)
                hi = bisect.bisect_left(self._starts, b)
                figures = [f for f in self._listed[lo:hi] if f.end <= b]
                clauses.append(Clause(a, b, figures, segment=seg_no))
        return clauses

    def has_figures(self, start: int, end: int) -> bool:
        """Whether [start, end) holds a figure a summary may cite (no clause split needed)."""
        at = bisect.bisect_left(self._starts, start)
        return at < len(self._starts) and self._starts[at] < end

    def piece(self, start: int, end: int) -> str:
        return self.text[start:end]

    def overlaps_claimed(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.claimed)


def trim_summary(text: str) -> str:
    """A clause as a summary of its own: edge punctuation and leading connectives off."""
    text = strip_edges(text)
    changed = True
    while changed:
        changed = False
        for word in items().leading_connectives:
            if text.startswith(word) and len(text) > len(word) + 1:
                text = strip_edges(text[len(word) :])
                changed = True
                break
    return text
