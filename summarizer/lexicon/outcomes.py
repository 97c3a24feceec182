"""The words of targets met and missed (outcomes.toml): typed, built once.

What a review says of a target (高于预期目标0.2个百分点, 接近…预期目标, 完成年度目标), which
words name a target in a review sentence, and which make a target a ceiling. Read by the track
stage; this module knows no stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from summarizer.lexicon.loader import string, strings

__all__ = ["Outcomes", "Verdict", "outcomes"]

# What a verb before the target noun says: above / reached / basically → met; near / below →
# missed.
Verdict = Literal["above", "reached", "basically", "near", "below"]
VERDICTS: tuple[Verdict, ...] = ("above", "reached", "basically", "near", "below")


@dataclass(frozen=True, slots=True)
class Outcomes:
    target_nouns: tuple[str, ...]
    verdicts: tuple[tuple[str, Verdict], ...]  # (verb, verdict), longest verb first
    comparative_lead: str
    higher: tuple[str, ...]
    lower: tuple[str, ...]
    general: tuple[str, ...]
    ceiling: tuple[str, ...]
    forward: tuple[str, ...]
    year_on_year: tuple[str, ...]
    average: tuple[str, ...]
    start_of_change: tuple[str, ...]

    def noun_pattern(self) -> str:
        return "|".join(re.escape(w) for w in self.target_nouns)

    def verb_pattern(self) -> str:
        return "|".join(re.escape(w) for w, _ in self.verdicts)

    def verdict_of(self, verb: str) -> Verdict | None:
        for word, verdict in self.verdicts:
            if word == verb:
                return verdict
        return None

    def names_a_target(self, text: str) -> bool:
        return any(noun in text for noun in self.target_nouns)

    def is_general(self, text: str) -> bool:
        return any(word in text for word in self.general)

    def caps(self, text: str) -> bool:
        """True when a target's words make its figure a ceiling (控制在…以内, 降至…)."""
        return any(word in text for word in self.ceiling)


@cache
def outcomes() -> Outcomes:
    pairs: list[tuple[str, Verdict]] = []
    for verdict in VERDICTS:
        pairs.extend((word, verdict) for word in strings("outcomes", f"verdict.{verdict}"))
    pairs.sort(key=lambda pair: -len(pair[0]))
    return Outcomes(
        target_nouns=tuple(sorted(strings("outcomes", "target_nouns"), key=len, reverse=True)),
        verdicts=tuple(pairs),
        comparative_lead=string("outcomes", "comparative.lead"),
        higher=strings("outcomes", "comparative.higher"),
        lower=strings("outcomes", "comparative.lower"),
        general=strings("outcomes", "words.general"),
        ceiling=strings("outcomes", "words.ceiling"),
        forward=strings("outcomes", "words.forward"),
        year_on_year=strings("outcomes", "words.year_on_year"),
        average=strings("outcomes", "words.average"),
        start_of_change=strings("outcomes", "words.start_of_change"),
    )
