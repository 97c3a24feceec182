"""Canonical metric ids: which printed names measure the same thing.

Reports name one metric many ways (生产总值 / 地区生产总值 / GDP) and name different metrics
alike (财政总收入 vs 一般公共预算收入; 限上 vs whole-economy retail sales). Figures may only be
compared across reports when they resolve to the same id here; the names live in
`summarizer/data/metric_synonyms.toml` so adding one is a data change, not a code change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

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


# A name ending like this reports a rate of change of the metric, not the metric itself.
_GROWTH_SUFFIX = re.compile(r"(?:同比)?(?:增长率?|增速|增幅|增长幅度|提高|下降|降幅|比上年增长)$")
# Shares and completion rates of a metric are other quantities altogether.
_NOT_THE_METRIC = re.compile(r"占比|比重|占全|完成率|覆盖率|贡献率|排名|位次")
_SPACES = re.compile(r"[\s\u3000]+")
# Scope words narrow a metric to enterprises above a size threshold; both spellings are common.
_SCOPE_SPELLINGS: tuple[tuple[str, str], ...] = (("限额以上", "限上"), ("规模以上", "规上"))
_SCOPES: tuple[str, ...] = ("限上", "规上")


def _norm(name: str) -> str:
    text = _SPACES.sub("", name)
    # Full-width Latin letters (ＧＤＰ) read as their ASCII forms.
    text = text.translate({code: code - 0xFEE0 for code in range(0xFF21, 0xFF5B)})
    for long, short in _SCOPE_SPELLINGS:
        text = text.replace(long, short)
    return text.upper()


def _split_scope(text: str) -> tuple[frozenset[str], str]:
    """(scope words, the name without them): 限上零售企业社会消费品零售总额 → ({限上}, 零售企业…)."""
    scopes = frozenset(scope for scope in _SCOPES if scope in text)
    for scope in scopes:
        text = text.replace(scope, "")
    return scopes, text


@cache
def catalog() -> tuple[MetricDef, ...]:
    """All metrics in the data file, in file order (also the display order)."""
    raw = (
        resources.files("summarizer")
        .joinpath("data/metric_synonyms.toml")
        .read_text(encoding="utf-8")
    )
    data = tomllib.loads(raw)
    metrics: list[MetricDef] = []
    seen: dict[str, str] = {}
    for entry in data.get("metric", []):
        kind = entry.get("kind", "amount")
        if kind not in _KINDS:
            raise ValueError(f"metric_synonyms.toml: metric {entry.get('id')!r} has kind {kind!r}")
        metric = MetricDef(
            id=str(entry["id"]),
            zh=str(entry["zh"]),
            en=str(entry["en"]),
            kind=kind,
            headline=bool(entry.get("headline", False)),
            synonyms=tuple(str(s) for s in entry["synonyms"]),
        )
        for synonym in (metric.zh, *metric.synonyms):
            key = _norm(synonym)
            other = seen.setdefault(key, metric.id)
            if other != metric.id:
                # One name with two ids would make every comparison of it a coin toss.
                raise ValueError(
                    f"metric_synonyms.toml: {synonym!r} is listed for {other} and {metric.id}"
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
def resolve(name: str, unit: str | None = None) -> MetricRef | None:
    """The canonical metric a printed name stands for, or None when it is none of ours.

    `unit` decides level vs growth when the name alone cannot: 地区生产总值 with unit `%` is a
    growth rate (a target such as 地区生产总值增长8%), with 亿元 it is the level.
    """
    text = _norm(name)
    if not text or _NOT_THE_METRIC.search(text):
        return None
    growth = bool(_GROWTH_SUFFIX.search(text))
    scopes, core = _split_scope(text)
    # Framing words (全年实现…, 上半年完成…, 其中…, 13家限上零售企业实现…) only add characters
    # around a synonym, so a substring match needs no list of them. Scope words must agree
    # exactly: a 限上 figure is never read as the whole economy's, nor the reverse.
    for synonym_scopes, synonym, metric in _synonym_index():
        if synonym_scopes == scopes and synonym and synonym in core:
            if not growth and unit is not None and metric.kind != "rate":
                growth = unit.strip() in {"%", "％", "个百分点"}
            return MetricRef(metric, "growth" if growth else "level")
    return None
