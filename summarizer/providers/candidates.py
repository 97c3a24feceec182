"""The figures of a section as prompt candidates: each quantity the numbers stage finds, with
the clause it stands in, so that a model labels figures instead of hunting for them (and has
no reason to write one that is not there)."""

from __future__ import annotations

from summarizer.numbers import extract_numbers

# A clause ends at these; 、 separates list members inside one clause and does not.
_CLAUSE_BREAKS = frozenset("，,。；;：:！？!?\n")
# Characters of context kept before and after a figure when its clause is long: what is
# measured mostly stands before the figure (实现地区生产总值15.93亿元).
_BEFORE = 12
_AFTER = 6
_NUMBER_CHARS = frozenset("0123456789.．%％")


def candidate_lines(text: str) -> list[str]:
    """`15.93亿元——实现地区生产总值15.93亿元` for every quantity in `text`, in order."""
    lines = []
    for mention in extract_numbers(text):
        lines.append(f"{mention.raw}——{clause_of(text, mention.start, mention.end)}")
    return lines


def clause_of(text: str, start: int, end: int) -> str:
    """The clause around text[start:end], cut to a few characters on each side (never
    inside another figure)."""
    left = start
    while left > 0 and text[left - 1] not in _CLAUSE_BREAKS and start - left < _BEFORE:
        left -= 1
    while 0 < left < start and text[left] in _NUMBER_CHARS and text[left - 1] in _NUMBER_CHARS:
        left += 1
    right = end
    while right < len(text) and text[right] not in _CLAUSE_BREAKS and right - end < _AFTER:
        right += 1
    while (
        end < right < len(text)
        and text[right] in _NUMBER_CHARS
        and text[right - 1] in _NUMBER_CHARS
    ):
        right -= 1
    return " ".join(text[left:right].split())
