"""The frame vocabulary (frame.toml), typed and read once per process.

`fold(text)` maps traditional characters to simplified ones, one for one, so a cue found in the
folded text stands at the same offsets in the original. Every word list is a tuple in file
order; `alternation(words)` turns one into a regex alternative, longest first.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["FrameLexicon", "FrameLexiconError", "alternation", "fold", "frame_lexicon"]


class FrameLexiconError(ValueError):
    """frame.toml cannot be read as the code expects: names the entry."""


@dataclass(frozen=True, slots=True)
class FrameLexicon:
    fold_table: Mapping[int, int]
    # Any character `fold_table` changes: most texts have none, and need no translating.
    foldable: re.Pattern[str]
    # [kinds]
    government_report: tuple[str, ...]
    government_report_opening: tuple[str, ...]
    summary_words: tuple[str, ...]
    plan_words: tuple[str, ...]
    half_words: tuple[str, ...]
    pure_plan: tuple[str, ...]
    # [levels]
    department: tuple[str, ...]
    street: tuple[str, ...]
    county: tuple[str, ...]
    city: tuple[str, ...]
    province: tuple[str, ...]
    generic_places: tuple[str, ...]
    government: str
    # [periods]
    first_half: tuple[str, ...]
    second_half: tuple[str, ...]
    quarters: tuple[tuple[str, ...], ...]  # Q1..Q4
    last_year: tuple[str, ...]
    past_term: tuple[str, ...]
    future_term: tuple[str, ...]
    whole_year: tuple[str, ...]
    this_year: tuple[str, ...]
    next_year: tuple[str, ...]
    long_term: tuple[str, ...]
    duration_leads: tuple[str, ...]
    duration_tails: tuple[str, ...]
    duration_alone: tuple[str, ...]
    third_plan_first_year: int
    # [roles]
    review_strong: tuple[str, ...]
    review_weak: tuple[str, ...]
    plan_strong: tuple[str, ...]
    plan_weak: tuple[str, ...]
    problems: tuple[str, ...]
    remedies: tuple[str, ...]
    self_building: tuple[str, ...]
    self_building_ends: tuple[str, ...]
    appendix: tuple[str, ...]
    closing: tuple[str, ...]
    salutation: tuple[str, ...]
    # [paragraphs]
    plan_openers: tuple[str, ...]
    future: tuple[str, ...]
    shortfalls: tuple[str, ...]
    self_critique: tuple[str, ...]
    address: tuple[str, ...]
    self_building_paragraph: tuple[str, ...]
    past: tuple[str, ...]


def _section(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name)
    if not isinstance(value, Mapping):
        raise FrameLexiconError(f"lexicon/frame.toml: [{name}] missing")
    return value


def _words(section: Mapping[str, Any], where: str, key: str) -> tuple[str, ...]:
    value = section.get(key)
    if not isinstance(value, list) or not value:
        raise FrameLexiconError(f"lexicon/frame.toml: {where}.{key}: a non-empty list of words")
    words: list[str] = []
    for word in value:
        if not isinstance(word, str) or not word.strip():
            raise FrameLexiconError(f"lexicon/frame.toml: {where}.{key}: {word!r} is not a word")
        if word in words:
            raise FrameLexiconError(f"lexicon/frame.toml: {where}.{key}: {word!r} listed twice")
        words.append(word)
    return tuple(words)


def _string(section: Mapping[str, Any], where: str, key: str) -> str:
    value = section.get(key)
    if not isinstance(value, str) or not value:
        raise FrameLexiconError(f"lexicon/frame.toml: {where}.{key}: a non-empty string")
    return value


def _fold_table(section: Mapping[str, Any]) -> dict[int, int]:
    src = _string(section, "traditional", "from")
    dst = _string(section, "traditional", "to")
    if len(src) != len(dst):
        raise FrameLexiconError(
            f"lexicon/frame.toml: traditional: from has {len(src)} characters, to {len(dst)}"
        )
    table: dict[int, int] = {}
    for a, b in zip(src, dst, strict=True):
        if table.get(ord(a), ord(b)) != ord(b):
            raise FrameLexiconError(f"lexicon/frame.toml: traditional: {a} maps to two characters")
        table[ord(a)] = ord(b)
    return table


@cache
def frame_lexicon() -> FrameLexicon:
    """The frame vocabulary, parsed and checked once."""
    path = resources.files("summarizer.lexicon").joinpath("frame.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FrameLexiconError(f"lexicon/frame.toml: {exc}") from None
    kinds = _section(data, "kinds")
    levels = _section(data, "levels")
    periods = _section(data, "periods")
    roles = _section(data, "roles")
    paragraphs = _section(data, "paragraphs")
    first_year = periods.get("five_year_plan_first_year_of_third")
    if not isinstance(first_year, int):
        raise FrameLexiconError(
            "lexicon/frame.toml: periods.five_year_plan_first_year_of_third: a year"
        )
    table = _fold_table(_section(data, "traditional"))
    return FrameLexicon(
        fold_table=table,
        foldable=re.compile("[" + re.escape("".join(map(chr, table))) + "]"),
        government_report=_words(kinds, "kinds", "government_report"),
        government_report_opening=_words(kinds, "kinds", "government_report_opening"),
        summary_words=_words(kinds, "kinds", "summary"),
        plan_words=_words(kinds, "kinds", "plan"),
        half_words=_words(kinds, "kinds", "half"),
        pure_plan=_words(kinds, "kinds", "pure_plan"),
        department=_words(levels, "levels", "department"),
        street=_words(levels, "levels", "street"),
        county=_words(levels, "levels", "county"),
        city=_words(levels, "levels", "city"),
        province=_words(levels, "levels", "province"),
        generic_places=_words(levels, "levels", "generic_places"),
        government=_string(levels, "levels", "government"),
        first_half=_words(periods, "periods", "first_half"),
        second_half=_words(periods, "periods", "second_half"),
        quarters=tuple(_words(periods, "periods", f"q{n}") for n in range(1, 5)),
        last_year=_words(periods, "periods", "last_year"),
        past_term=_words(periods, "periods", "past_term"),
        future_term=_words(periods, "periods", "future_term"),
        whole_year=_words(periods, "periods", "whole_year"),
        this_year=_words(periods, "periods", "this_year"),
        next_year=_words(periods, "periods", "next_year"),
        long_term=_words(periods, "periods", "long_term"),
        duration_leads=_words(periods, "periods", "duration_leads"),
        duration_tails=_words(periods, "periods", "duration_tails"),
        duration_alone=_words(periods, "periods", "duration_alone"),
        third_plan_first_year=first_year,
        review_strong=_words(roles, "roles", "review_strong"),
        review_weak=_words(roles, "roles", "review_weak"),
        plan_strong=_words(roles, "roles", "plan_strong"),
        plan_weak=_words(roles, "roles", "plan_weak"),
        problems=_words(roles, "roles", "problems"),
        remedies=_words(roles, "roles", "remedies"),
        self_building=_words(roles, "roles", "self_building"),
        self_building_ends=_words(roles, "roles", "self_building_ends"),
        appendix=_words(roles, "roles", "appendix"),
        closing=_words(roles, "roles", "closing"),
        salutation=_words(roles, "roles", "salutation"),
        plan_openers=_words(paragraphs, "paragraphs", "plan_openers"),
        future=_words(paragraphs, "paragraphs", "future"),
        shortfalls=_words(paragraphs, "paragraphs", "shortfalls"),
        self_critique=_words(paragraphs, "paragraphs", "self_critique"),
        address=_words(paragraphs, "paragraphs", "address"),
        self_building_paragraph=_words(paragraphs, "paragraphs", "self_building"),
        past=_words(paragraphs, "paragraphs", "past"),
    )


def fold(text: str) -> str:
    """`text` with traditional characters folded to simplified ones (same length)."""
    lex = frame_lexicon()
    table = lex.fold_table
    # A few characters to fold in a long text: replace those, not translate every one.
    return lex.foldable.sub(lambda m: chr(table[ord(m.group())]), text)


def alternation(words: Iterable[str]) -> str:
    """A regex alternative of `words`, longest first (so 存在的问题 wins over 问题)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
