"""The vocabulary of a printed quantity: units, scale words, qualifiers, change cues, and the
words that say what kind of quantity a figure is (share, per unit, multi-year total).

Typed views of units.toml, qualifiers.toml, changes.toml and kinds.toml, each built once.
The numbers stage builds its regex from these, the cross-check and figures.py read the same
objects, and the renderers place qualifiers by them: one word, one meaning, everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Literal, cast, get_args

from summarizer.lexicon.loader import (
    LexiconError,
    boolean,
    integer,
    string,
    strings,
    table,
    tables,
)

__all__ = [
    "Changes",
    "Kinds",
    "Qualifier",
    "Qualifiers",
    "Unit",
    "Units",
    "changes",
    "kinds",
    "qualifiers",
    "units",
]

Dimension = Literal[
    "percent",
    "percentage_point",
    "permille",
    "money",
    "area",
    "length",
    "volume",
    "mass",
    "energy",
    "power",
    "voltage",
    "concentration",
    "time",
    "count",
    "multiple",
    "score",
    "age",
    "anniversary",
    "name",
    "group",
]
BoundWord = Literal["exact", "lower", "upper", "approx"]
Position = Literal["prefix", "infix", "suffix"]


def _choice(name: str, key: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise LexiconError(f"lexicon/{name}.toml: {key} = {value!r}; expected one of {allowed}")
    return cast(str, value)


# --------------------------------------------------------------------------- units


@dataclass(frozen=True, slots=True)
class Unit:
    unit: str
    forms: tuple[str, ...]  # every printed form, the canonical one first
    dimension: Dimension
    chinese: bool
    guard: str
    classifier: bool
    counts: Literal["people", "times"] | None
    # Words one of which stands right before every figure in this unit, saying it grows: 翻两番.
    after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Units:
    all: tuple[Unit, ...]
    # printed form → canonical unit
    canonical: Mapping[str, str]
    # canonical unit → its entry
    by_unit: Mapping[str, Unit]
    # scale word → power of ten
    scales: Mapping[str, int]
    # what a unit may be per: 吨/日, 元/月
    per: tuple[str, ...]
    # after a unit that stands after its word: a half more (翻两番半)
    half: str
    # computed once: the sets stages ask for on every figure
    _classifiers: frozenset[str] = frozenset()
    _people: frozenset[str] = frozenset()
    _times: frozenset[str] = frozenset()

    def dimension(self, unit: str | None) -> Dimension | None:
        entry = self.by_unit.get(self.canonical.get(unit or "", unit or ""))
        return None if entry is None else entry.dimension

    def of(self, *dimensions: Dimension) -> frozenset[str]:
        """Canonical units of these dimensions."""
        return frozenset(u.unit for u in self.all if u.dimension in dimensions)

    @property
    def change_units(self) -> frozenset[str]:
        """Units a change is printed in: 10.6%, 0.5个百分点."""
        return self.of("percent", "percentage_point")

    @property
    def classifiers(self) -> frozenset[str]:
        return self._classifiers

    def counting(self, what: Literal["people", "times"]) -> frozenset[str]:
        return self._people if what == "people" else self._times

    def scale_factor(self, word: str | None) -> Decimal:
        return Decimal(10) ** self.scales[word] if word else Decimal(1)

    def split_scale(self, printed: str) -> tuple[str | None, str]:
        """(scale word, rest) of a printed unit: 亿元 → (亿, 元); 千瓦 → (None, 千瓦) because
        千瓦 is a unit of its own; 万千瓦 → (万, 千瓦); 百分点 stays whole."""
        if printed in self.canonical:
            return None, printed
        for word in sorted(self.scales, key=len, reverse=True):
            if printed.startswith(word) and len(printed) >= len(word):
                return word, printed[len(word) :]
        return None, printed


@cache
def units() -> Units:
    entries: list[Unit] = []
    canonical: dict[str, str] = {}
    allowed = get_args(Dimension)
    for raw in tables("units", "unit"):
        unit = string("units", "unit", raw)
        forms = (unit, *strings("units", "also", raw)) if "also" in raw else (unit,)
        counts = raw.get("counts")
        if counts is not None:
            _choice("units", f"{unit}.counts", counts, ("people", "times"))
        entry = Unit(
            unit=unit,
            forms=forms,
            dimension=cast(
                Dimension, _choice("units", f"{unit}.dimension", raw["dimension"], allowed)
            ),
            chinese=boolean("units", "chinese", raw),
            guard=string("units", "guard", raw, default=""),
            classifier=boolean("units", "classifier", raw),
            counts=counts,
            after=tuple(strings("units", "after", raw)) if "after" in raw else (),
        )
        for form in forms:
            if canonical.setdefault(form, unit) != unit:
                raise LexiconError(f"lexicon/units.toml: {form!r} is listed for two units")
        entries.append(entry)
    scales = {word: integer("units", f"scale.{word}") for word in table("units")["scale"]}
    return Units(
        all=tuple(entries),
        canonical=canonical,
        by_unit={u.unit: u for u in entries},
        scales=scales,
        per=strings("units", "per"),
        half=string("units", "half"),
        _classifiers=frozenset(u.unit for u in entries if u.classifier),
        _people=frozenset(u.unit for u in entries if u.counts == "people"),
        _times=frozenset(u.unit for u in entries if u.counts == "times"),
    )


# --------------------------------------------------------------------------- qualifiers


@dataclass(frozen=True, slots=True)
class Qualifier:
    word: str
    bound: BoundWord
    position: Position
    not_after: str
    time_only: bool
    not_for: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Qualifiers:
    all: tuple[Qualifier, ...]
    by_word: Mapping[str, Qualifier]

    def at(self, position: Position) -> tuple[Qualifier, ...]:
        """Words printed at `position`, longest first (a regex alternation tries them so)."""
        found = [q for q in self.all if q.position == position]
        return tuple(sorted(found, key=lambda q: -len(q.word)))

    def words(self, position: Position) -> tuple[str, ...]:
        return tuple(q.word for q in self.at(position))

    def bound(self, qualifier: str | None) -> BoundWord:
        """The bound a printed qualifier implies: the word itself, else the longest word it
        holds (约为 → approx, 超过了 → lower); exact when it holds none."""
        if not qualifier:
            return "exact"
        entry = self.by_word.get(qualifier)
        if entry is not None:
            return entry.bound
        for q in sorted(self.all, key=lambda q: -len(q.word)):
            if q.word in qualifier:
                return q.bound
        return "exact"

    def written(self, number: str, unit: str | None, qualifier: str | None) -> str:
        """A figure written back with its qualifier where Chinese puts it: 近50场, 240余起,
        35家以上. A word the lexicon does not place (累计, 力争) goes before the number."""
        unit = unit or ""
        if not qualifier:
            return f"{number}{unit}"
        entry = self.by_word.get(qualifier)
        position = entry.position if entry is not None else "prefix"
        if position == "infix":
            return f"{number}{qualifier}{unit}"
        if position == "suffix":
            return f"{number}{unit}{qualifier}"
        return f"{qualifier}{number}{unit}"

    def bounding(self) -> frozenset[str]:
        """Words that bound or approximate a figure (not 达/达到, which print it exactly)."""
        return frozenset(q.word for q in self.all if q.bound != "exact")


@cache
def qualifiers() -> Qualifiers:
    entries: list[Qualifier] = []
    for raw in tables("qualifiers", "qualifier"):
        word = string("qualifiers", "word", raw)
        entries.append(
            Qualifier(
                word=word,
                bound=cast(
                    BoundWord,
                    _choice("qualifiers", f"{word}.bound", raw.get("bound"), get_args(BoundWord)),
                ),
                position=cast(
                    Position,
                    _choice(
                        "qualifiers", f"{word}.position", raw.get("position"), get_args(Position)
                    ),
                ),
                not_after=string("qualifiers", "not_after", raw, default=""),
                time_only=boolean("qualifiers", "time_only", raw),
                not_for=strings("qualifiers", "not_for", raw) if "not_for" in raw else (),
            )
        )
    by_word = {q.word: q for q in entries}
    if len(by_word) != len(entries):
        raise LexiconError("lexicon/qualifiers.toml: a word is listed twice")
    return Qualifiers(all=tuple(entries), by_word=by_word)


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True, slots=True)
class Changes:
    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    flat: tuple[str, ...]
    bases: tuple[str, ...]  # longest first
    basis_increase: str
    basis_decrease: str
    level_marks: str
    fillers: tuple[str, ...]  # longest first
    window: int
    growth_name_suffixes: tuple[str, ...]
    growth_target_ends: tuple[str, ...]
    object_chars: int
    not_objects: str
    level_cues: tuple[str, ...]
    start_marks: tuple[str, ...]
    start_window: int

    @property
    def cues(self) -> tuple[str, ...]:
        return (*self.increase, *self.decrease, *self.flat)

    def direction_of(self, word: str) -> Literal["increase", "decrease", "flat"] | None:
        """The direction a cue word says; None for a word that is no cue."""
        if word in self.increase:
            return "increase"
        if word in self.decrease:
            return "decrease"
        if word in self.flat:
            return "flat"
        return None


@cache
def changes() -> Changes:
    def longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(words, key=len, reverse=True))

    cues = {k: strings("changes", k) for k in ("increase", "decrease", "flat")}
    seen: dict[str, str] = {}
    for direction, words in cues.items():
        for word in words:
            if seen.setdefault(word, direction) != direction:
                raise LexiconError(
                    f"lexicon/changes.toml: {word!r} is both {seen[word]} and {direction}"
                )
    return Changes(
        increase=cues["increase"],
        decrease=cues["decrease"],
        flat=cues["flat"],
        bases=longest_first(strings("changes", "bases")),
        basis_increase=string("changes", "basis_increase"),
        basis_decrease=string("changes", "basis_decrease"),
        level_marks=string("changes", "level_marks"),
        fillers=longest_first(strings("changes", "fillers")),
        window=integer("changes", "window"),
        growth_name_suffixes=longest_first(strings("changes", "growth_name_suffixes")),
        growth_target_ends=longest_first(strings("changes", "growth_target_ends")),
        object_chars=integer("changes", "object_chars"),
        not_objects=string("changes", "not_objects"),
        level_cues=strings("changes", "level_cues"),
        start_marks=strings("changes", "start_marks"),
        start_window=integer("changes", "start_window"),
    )


# --------------------------------------------------------------------------- kinds


@dataclass(frozen=True, slots=True)
class Kinds:
    per_unit: tuple[str, ...]
    per_unit_leads: tuple[str, ...]
    share: tuple[str, ...]
    rate_of: tuple[str, ...]
    share_lead: str
    share_suffix: str
    total: tuple[str, ...]
    multi_year: tuple[str, ...]
    plan_periods: tuple[str, ...]
    plan_period_words: tuple[str, ...]

    def is_per_unit(self, name: str) -> bool:
        return name.startswith(self.per_unit_leads) or any(word in name for word in self.per_unit)

    def is_share(self, name: str) -> bool:
        return any(word in name for word in self.share)

    def is_rate_of(self, name: str) -> bool:
        return any(word in name for word in self.rate_of)

    def is_multi_year(self, words: str) -> bool:
        if any(word in words for word in self.multi_year):
            return True
        # “十三五”期间, 十三五时期: the period's name right before its word.
        return any(
            f"{period}{close}{word}" in words
            for period in self.plan_periods
            for close in ("", "”", '"')
            for word in self.plan_period_words
        )


@cache
def kinds() -> Kinds:
    return Kinds(
        per_unit=strings("kinds", "per_unit"),
        per_unit_leads=strings("kinds", "per_unit_leads"),
        share=strings("kinds", "share"),
        rate_of=strings("kinds", "rate_of"),
        share_lead=string("kinds", "share_lead"),
        share_suffix=string("kinds", "share_suffix"),
        total=strings("kinds", "total"),
        multi_year=strings("kinds", "multi_year"),
        plan_periods=strings("kinds", "plan_periods"),
        plan_period_words=strings("kinds", "plan_period_words"),
    )
