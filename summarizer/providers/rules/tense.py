"""The tense of a clause: does it say what was done, or what will be done?

Chinese marks tense with words, not verb forms: 已, 累计, 实现了, 去年, …以来 look back; 将, 力争,
确保, 今年, 全年 look ahead (items.toml: targets.past_markers / future_markers). The period the
report reviews looks back too where it says when (2021年，全市…; 上半年，街道…), but not where it
is a basis (比2021年增长) or an end point (到2025年). A clause with neither kind of word keeps
the tense of the clause before it in the same sentence.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from summarizer.clauses import has_any
from summarizer.lexicon import items
from summarizer.models import ReportMeta

Tense = Literal["past", "future"]

_ITEMS = items()


@cache
def _past_words() -> re.Pattern[str]:
    words = sorted(_ITEMS.past_markers, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


class TenseReader:
    """Reads the tense of clauses of one report (its reviewed period is a past marker)."""

    def __init__(self, meta: ReportMeta) -> None:
        review = meta.review_period
        words: list[str] = []
        if review is not None:
            if review.span == "5Y":
                first = int(review.label[:4]) if review.label[:4].isdigit() else review.year
                words += [f"{year}年" for year in range(first, review.year + 1)]
            elif review.span == "Y":
                words.append(f"{review.year}年")
            else:
                # 上半年，街道完成…: the reviewed half, with or without its year (the bare year
                # is the plan's too: 2023年下半年).
                words += [review.label, review.label.removeprefix(f"{review.year}年")]
        self._reviewed = (
            re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
            if words
            else None
        )
        self._not_time = tuple(_ITEMS.year_not_time)

    @staticmethod
    def completed(text: str) -> bool:
        """提出了14个方面, 遴选了13件: the particle of a completed action (not 为了, 了解)."""
        particle = _ITEMS.past_particle
        at = text.find(particle)
        while at >= 0:
            if not any(
                text.startswith(word, at - word.index(particle))
                for word in _ITEMS.not_past_particle
                if at - word.index(particle) >= 0
            ):
                return True
            at = text.find(particle, at + 1)
        return False

    def _names_reviewed_period(self, text: str) -> bool:
        if self._reviewed is None:
            return False
        for match in self._reviewed.finditer(text):
            before = text[max(0, match.start() - 2) : match.start()]
            after = text[match.end() : match.end() + 3]
            if before.endswith(self._not_time) or after.startswith(("以来", "基础上", "的基础")):
                continue
            if match.start() > 0 and text[match.start() - 1].isdigit():
                continue  # 12021年 is no year; 2021年 inside 2020—2021年 keeps its own reading
            return True
        return False

    def _looks_back(self, text: str) -> bool:
        """A past marker that says when, not a basis (比去年增长25% looks ahead)."""
        for match in _past_words().finditer(text):
            if not text[max(0, match.start() - 2) : match.start()].endswith(self._not_time):
                return True
        return False

    def of(self, text: str) -> Tense | None:
        """The tense `text` marks itself, or None when it says neither."""
        if self._looks_back(text) or self.completed(text) or self._names_reviewed_period(text):
            return "past"
        if has_any(text, _ITEMS.future_markers):
            return "future"
        return None
