"""Canonical metric ids: which printed names measure the same thing.

Reports name one metric many ways (生产总值 / 地区生产总值 / GDP) and name different metrics
alike (财政总收入 vs 一般公共预算收入; 限上 vs whole-economy retail sales). Figures may only be
compared across reports when they resolve to the same id here; the names live in
`summarizer/lexicon/metrics.toml` so adding one is a data change, not a code change.

A name that holds a metric's synonym but measures something else of it (a share of GDP, GDP per
capita, energy use per unit of GDP, a completion rate: the words of kinds.toml) resolves to no
id unless the catalogue lists that measure under a name of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from summarizer.lexicon.frame import frame_lexicon
from summarizer.lexicon.loader import LexiconError, boolean, string, strings, table, tables
from summarizer.lexicon.quantities import changes, kinds

MetricKind = Literal["amount", "count", "rate"]
# "level": the figure itself (15.93亿元); "growth": its rate of change (增长10.6%).
Measure = Literal["level", "growth"]

_KINDS: frozenset[str] = frozenset({"amount", "count", "rate"})


@dataclass(frozen=True, slots=True)
class MetricDef:
    id: str
    zh: str
    en: str
    kind: MetricKind
    headline: bool
    synonyms: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True, slots=True)
class MetricRef:
    """A printed metric name resolved to its canonical metric and what is measured."""

    metric: MetricDef
    measure: Measure


_SPACES = re.compile(r"[\s\u3000]+")
# A date in a name says when, not what: 2002年国内生产总值 is the metric of that year.
_DATES = re.compile(r"(?:19|20)[0-9]{2}年(?:底|末)?")


@cache
def _growth_suffix() -> re.Pattern[str]:
    """A name ending like this reports a rate of change of the metric, not the metric itself."""
    words = "|".join(re.escape(w) for w in changes().growth_name_suffixes)
    return re.compile(f"(?:同比)?(?:{words})$")


@cache
def scope_spellings() -> tuple[tuple[str, str], ...]:
    """(printed spelling, short scope word), longest spelling first: (规模以上, 规上) …"""
    pairs: list[tuple[str, str]] = []
    for short, longs in table("metrics").get("scope", {}).items():
        pairs.extend((long, short) for long in strings("metrics", f"scope.{short}"))
        if not longs:
            raise LexiconError(f"lexicon/metrics.toml: scope.{short} lists no spelling")
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@cache
def scope_words() -> tuple[str, ...]:
    """Every spelling of a scope word, longest first: 规模以上, 限额以上, 规上, 限上."""
    words = [long for long, _ in scope_spellings()] + [short for _, short in scope_spellings()]
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


def _scopes() -> tuple[str, ...]:
    return tuple(dict.fromkeys(short for _, short in scope_spellings()))


def _norm(name: str) -> str:
    text = _SPACES.sub("", name)
    # Full-width Latin letters (ＧＤＰ) read as their ASCII forms.
    text = text.translate({code: code - 0xFEE0 for code in range(0xFF21, 0xFF5B)})
    for long, short in scope_spellings():
        text = text.replace(long, short)
    return text.upper()


def _split_scope(text: str) -> tuple[frozenset[str], str]:
    """(scope words, the name without them): 限上零售企业社会消费品零售总额 → ({限上}, 零售企业…)."""
    scopes = frozenset(scope for scope in _scopes() if scope in text)
    for scope in scopes:
        text = text.replace(scope, "")
    return scopes, text


def _measures_something_else(core: str, synonym: str) -> bool:
    """True when the words around `synonym` make the name a share, a per-unit figure or a
    rate of the metric (占GDP比重, 人均GDP, 单位GDP能耗, 完成率), not the metric itself."""
    at = core.find(synonym)
    marks = kinds()
    words = (*marks.share, *marks.per_unit, *marks.rate_of)
    if any(word in core and word not in synonym for word in words):
        return True
    # 占地区生产总值的45%: the figure is a part of the metric.
    return core[:at].endswith(marks.share_lead)


@cache
def catalog() -> tuple[MetricDef, ...]:
    """All metrics in the data file, in file order (also the display order)."""
    metrics: list[MetricDef] = []
    seen: dict[str, str] = {}
    for entry in tables("metrics", "metric"):
        kind = entry.get("kind", "amount")
        if kind not in _KINDS:
            raise LexiconError(
                f"lexicon/metrics.toml: metric {entry.get('id')!r} has kind {kind!r}"
            )
        metric = MetricDef(
            id=string("metrics", "id", entry),
            zh=string("metrics", "zh", entry),
            en=string("metrics", "en", entry),
            kind=kind,
            headline=boolean("metrics", "headline", entry),
            synonyms=strings("metrics", "synonyms", entry),
        )
        for synonym in (metric.zh, *metric.synonyms):
            key = _norm(synonym)
            other = seen.setdefault(key, metric.id)
            if other != metric.id:
                # One name with two ids would make every comparison of it a coin toss.
                raise LexiconError(
                    f"lexicon/metrics.toml: {synonym!r} is listed for {other} and {metric.id}"
                )
        metrics.append(metric)
    return tuple(metrics)


@cache
def _synonym_index() -> tuple[tuple[frozenset[str], str, MetricDef], ...]:
    """(scope words, synonym without them, metric), longest first so the most specific wins."""
    pairs = {
        _norm(synonym): metric for metric in catalog() for synonym in (metric.zh, *metric.synonyms)
    }
    index = [(*_split_scope(synonym), metric) for synonym, metric in pairs.items()]
    return tuple(sorted(index, key=lambda entry: -len(entry[1])))


def by_id(metric_id: str) -> MetricDef | None:
    for metric in catalog():
        if metric.id == metric_id:
            return metric
    return None


@cache
def _part_of_year() -> tuple[str, ...]:
    """上半年, 第三季度 …: the part of a year a dated name covers (frame.toml's words)."""
    lex = frame_lexicon()
    words = (*lex.first_half, *lex.second_half, *(w for q in lex.quarters for w in q))
    return tuple(sorted(set(words), key=len, reverse=True))


@cache
def whole_region() -> tuple[str, ...]:
    """Words that may stand around a synonym without narrowing the metric, longest first."""
    return tuple(sorted(strings("metrics", "whole_region"), key=len, reverse=True))


@cache
def exact_id(name: str, unit: str | None = None) -> str | None:
    """The catalogue id when `name` measures exactly that metric for the whole region: the
    synonym plus nothing but region and framing words (全市地区生产总值, 高新技术企业总数). A
    part or a flow of it (新片区规上工业总产值, 新签约亿元以上项目, 净增高新技术企业) gets None,
    as does a share, a per-unit figure or a rate of it (see `resolve`)."""
    ref = resolve(name, unit)
    if ref is None:
        return None
    scopes, core = _split_scope(_norm(name))
    for synonym_scopes, synonym, metric in _synonym_index():
        if metric is ref.metric and synonym_scopes == scopes and synonym and synonym in core:
            rest = core.replace(synonym, "", 1)
            break
    else:  # pragma: no cover - resolve found it, so the loop does too
        return None
    for word in _part_of_year():
        rest = rest.replace(word, "")
    for word in whole_region():
        rest = rest.replace(word, "")
    # After the framing words: 国内生产总值增长的预期目标 is the growth of the metric.
    rest = _growth_suffix().sub("", _DATES.sub("", rest))
    # 全省生产总值（GDP）: the metric's other name in brackets adds nothing.
    for synonym_scopes, synonym, metric in _synonym_index():
        if metric is ref.metric and synonym_scopes == scopes and synonym:
            rest = rest.replace(f"（{synonym}）", "").replace(f"({synonym})", "")
    return ref.metric.id if not rest.strip() else None


@cache
def resolve(name: str, unit: str | None = None) -> MetricRef | None:
    """The canonical metric a printed name stands for, or None when it is none of ours.

    `unit` decides level vs growth when the name alone cannot: 地区生产总值 with unit `%` is a
    growth rate (a target such as 地区生产总值增长8%), with 亿元 it is the level.
    """
    text = _norm(name)
    if not text:
        return None
    growth = bool(_growth_suffix().search(text))
    scopes, core = _split_scope(text)
    # Framing words (全年实现…, 上半年完成…, 其中…, 13家限上零售企业实现…) only add characters
    # around a synonym, so a substring match needs no list of them. Scope words must agree
    # exactly: a 限上 figure is never read as the whole economy's, nor the reverse.
    for synonym_scopes, synonym, metric in _synonym_index():
        if synonym_scopes == scopes and synonym and synonym in core:
            if _measures_something_else(core, synonym):
                return None
            if not growth and unit is not None and metric.kind != "rate":
                growth = unit.strip() in {"%", "％", "个百分点"}
            return MetricRef(metric, "growth" if growth else "level")
    return None
