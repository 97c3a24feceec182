"""What stands around a candidate figure: a qualifier or sign in front, the cue that gives a
change its direction, and the named rules that say a figure is no quantity at all."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal, get_args

from summarizer.models import Direction, NumberMention
from summarizer.numbers.pattern import (
    _CHANGES,
    _CN_DIGIT,
    _COUNTED,
    _CUE_FIRST,
    _CUE_LAST,
    _CUE_RE,
    _CUE_SPAN,
    _DOTS,
    _FALSE_QUALIFIER_HEADS,
    _LEVEL_CUES,
    _LINE_START,
    _LIST_TAIL_RE,
    _NAME_SUFFIXES,
    _NAME_UNITS,
    _OBJECT_CUE_RE,
    _PREFIX_LAST,
    _PREFIX_QUALIFIERS,
    _QUOTES_RE,
    _SIGNS,
    _UNITS,
)
from summarizer.numerals import SCALES

# --------------------------------------------------------------------------- results

ExclusionRule = Literal[
    "date",
    "time",
    "code",
    "section-number",
    "event-name",
    "plot-name",
    "quoted-name",
    "name-suffix",
    "ordinal",
    "formula",
    "year-span",
    "indefinite",
    "footnote",
]
EXCLUSION_RULES: tuple[ExclusionRule, ...] = get_args(ExclusionRule)


@dataclass(slots=True, frozen=True)
class Excluded:
    """A figure that a named rule says is not a quantity."""

    start: int
    end: int
    raw: str
    rule: ExclusionRule


@dataclass(slots=True)
class Scan:
    mentions: list[NumberMention] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)


class _Quotes:
    """Spans of short quoted names (“3341模式”, 《…》), found once per text and only if needed."""

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def inside(self, start: int, end: int) -> bool:
        if self._starts is None:
            spans = [(m.start(), m.end()) for m in _QUOTES_RE.finditer(self._text)]
            self._starts = [s for s, _ in spans]
            self._ends = [e for _, e in spans]
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._starts[i] < start and end < self._ends[i]


# --------------------------------------------------------------------------- scanning


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _prefix(text: str, start: int) -> tuple[str | None, int]:
    """The qualifier printed right before `start`, and where it begins."""
    if start == 0 or text[start - 1] not in _PREFIX_LAST:
        return None, start
    head = text[max(0, start - 3) : start]
    for word, _bound in _PREFIX_QUALIFIERS:
        if head.endswith(word):
            qstart = start - len(word)
            guard = _FALSE_QUALIFIER_HEADS.get(word)
            if guard and qstart > 0 and text[qstart - 1] in guard:
                return None, start
            return word, qstart
    return None, start


def _cue(text: str, end: int, unit: str | None) -> tuple[Direction | None, str | None, bool]:
    """Direction from the cue word ending at `end` (or standing before a short object: 减少债务
    159亿元); the third item is True for a level (增长到). A cue that raises a level (提升)
    says nothing of a count of things (农房风貌品质提升1.1万户)."""
    m = None
    if end > 0 and text[end - 1] in _CUE_LAST:
        m = _CUE_RE.search(text[max(0, end - _CUE_SPAN) : end])
    if m is None:
        lo = max(0, end - _CUE_SPAN - _CHANGES.object_chars)
        if _CUE_FIRST.isdisjoint(text[lo:end]):
            return None, None, False
        m = _OBJECT_CUE_RE.search(text, lo, end)
        if m is None:
            return None, None, False
    if m["level"]:
        return None, None, True
    cue = m["inc"] or m["inc1"] or m["dec"] or m["dec1"]
    if cue in _LEVEL_CUES and unit in _COUNTED:
        return None, None, False
    if m["inc"] or m["inc1"]:
        return "increase", cue, False
    return "decrease", cue, False


# Scale words a Chinese numeral can end in (万, 亿, 万亿): the big units of numerals.py.
_CN_SCALES = sorted((w for w in SCALES if set(w) <= set("万亿")), key=len, reverse=True)


def _scale_of_cn(token: str) -> str | None:
    """Scale word that ends a Chinese numeral (一千二百万 → 万) when a coefficient precedes it."""
    for word in _CN_SCALES:
        if token.endswith(word) and len(token) > len(word):
            return word
    return None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# …次 followed by the session it numbers (、六次)全会.
_SESSION_RE = re.compile(r"(?:、[一二三四五六七八九十]+次)*(?:全会|会议|全体会议|党代会)")
_CLASSIFIER_CHARS = frozenset(u.unit for u in _UNITS.all if u.classifier and len(u.unit) == 1)


def _context_rule(
    text: str,
    start: int,
    end: int,
    unit: str | None,
    bare: bool,
    is_cn: bool,
    quotes: _Quotes,
    group: bool = False,
) -> ExclusionRule | None:
    """The rule, if any, that says the figure in [start, end) is not a quantity."""
    prev = text[start - 1] if start > 0 else ""
    prev2 = text[start - 2] if start > 1 else ""
    nxt = text[end] if end < len(text) else ""
    if prev == "第":
        return "ordinal"
    if prev and (_is_ascii_alnum(prev) or prev in "/\\_"):
        return "code"
    if prev in _SIGNS and prev2 and (_is_ascii_alnum(prev2) or prev2 in "/\\"):
        return "code"
    if prev in _DOTS and prev2.isdigit():
        return "event-name"
    if unit in _NAME_UNITS:
        return "plot-name"
    if bare:
        if nxt and (_is_ascii_alnum(nxt) or nxt in "/\\_"):
            return "code"
        if nxt in _DOTS and end + 1 < len(text) and text[end + 1].isdigit():
            return "event-name"
        if nxt == "+" or (prev == "+" and prev2 and (_is_ascii_alnum(prev2))):
            return "formula"
        if nxt in ".．、" and (start == 0 or prev in _LINE_START):
            after = text[end + 1 : end + 2]
            if not after.isdigit():
                return "section-number"
        if prev in "(（" and nxt in ")）":
            return "section-number"
        if nxt == "、" and _LIST_TAIL_RE.match(text, end):
            return "plot-name"
        if nxt == "字":
            return "name-suffix"
    if (bare or is_cn) and text[end : end + 2] in _NAME_SUFFIXES:
        # “3341模式”, 八项规定, 八八战略; but 三条战略通道 counts roads.
        # …but 三条战略通道 counts roads: a counted noun may begin with 战略.
        counted = (
            is_cn and unit and text[end : end + 2] == "战略" and _is_han(text[end + 2 : end + 3])
        )
        if not counted and not group:
            return "name-suffix"
    if group and is_cn and (not _is_han(nxt) or prev == "的"):
        # 党的二十大, 十六大、十六届三中全会: a congress by its number.
        return "ordinal"
    if prev == "[" and nxt == "]":
        return "footnote"
    if is_cn and unit == "次" and (prev == "届" or _SESSION_RE.match(text, end)):
        # 十三届五次全会, 七届五次、六次全会: sessions, not a count.
        return "ordinal"
    if unit == "类" and prev in _CLASSIFIER_CHARS and (prev2.isdigit() or prev2 in _CN_DIGIT):
        # 8个1类新药: the class of a drug, counted by the 8个 before it.
        return "plot-name"
    if unit != "%" and quotes.inside(start, end):
        return "quoted-name"
    return None
