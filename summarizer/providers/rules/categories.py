"""Which category an achievement falls in, and which area a problem is about, by cue words
(items.toml: categories, problem areas)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

from summarizer.lexicon import items
from summarizer.models import CATEGORIES, Category


@lru_cache(maxsize=1)
def _category_words() -> tuple[re.Pattern[str], dict[str, Category]]:
    owner: dict[str, Category] = {}
    for category, words in items().categories:
        for word in words:
            owner.setdefault(word, cast(Category, category))
    # Longest first: 固定资产投资 counts for 项目建设, not as the 投资 inside it.
    pattern = re.compile("|".join(re.escape(w) for w in sorted(owner, key=len, reverse=True)))
    return pattern, owner


def category_scores(text: str) -> dict[Category, int]:
    pattern, owner = _category_words()
    scores: dict[Category, int] = {}
    for word in pattern.findall(text):
        category = owner[word]
        scores[category] = scores.get(category, 0) + 1
    return scores


def category(body: str, heading_scores: dict[Category, int]) -> Category:
    """A clause's own words count twice as much as its section heading's."""
    scores = category_scores(body)
    total = {c: 2 * scores.get(c, 0) + heading_scores.get(c, 0) for c in CATEGORIES}
    best = max(total.values())
    if best == 0:
        return "其他"
    return next(c for c in CATEGORIES if total[c] == best)


def area(text: str) -> str | None:
    """The problem area whose words occur most often; ties go to the earlier one."""
    best: tuple[int, str] | None = None
    for name, words in items().problem_areas:
        score = sum(text.count(w) for w in words)
        if score and (best is None or score > best[0]):
            best = (score, name)
    return None if best is None else best[1]
