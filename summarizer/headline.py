"""A report's headline figures: the key indicators a reader looks for first, ranked.

The terminal's 主要数据 table and every briefing call `headline_figures`, so the two never
disagree on what a report's key figures are or in which order they come.

Which figures: those of the achievements of review parts (a plan's targets and a problem's
figures are no results). One row per metric: the catalogue's id when the name measures exactly
that metric (lexicon/metrics.toml), else the name; of several figures of one metric the row
keeps the one a reader expects: a level rather than a growth alone, the reviewed year rather
than a five-year total or average.

How they are ranked (most important first):
1. the catalogue's key indicators (`headline = true`), in the catalogue's order: GDP, fiscal
   revenue, fixed-asset investment, retail sales, foreign trade, industrial output and value
   added, foreign capital, household income, employment …;
2. the catalogue's other metrics (a 街道's 楼宇税收, 实到内资, 招引企业 …);
3. other figures of the economy and of projects (the achievement's category), in the order
   the report gives them: sums of money, then counts;
4. only to fill a table shorter than `FILL_TO` rows: the other figures (a 街道's 化解纠纷事项),
   then a growth alone or a ratio of something that is no key indicator (集成电路增长15%,
   产销率), and last case handling, fines, the price of one tender (items.toml
   `headline.last_resort`).
A figure that spans several years (五年累计, 年均) ranks after the reviewed year's figures of
its tier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.clauses import has_any
from summarizer.document.periods import term_period
from summarizer.figures.clause import starts_a_change
from summarizer.lexicon import items, kinds, qualifiers, units
from summarizer.lexicon.metrics import catalog
from summarizer.models import AchievementItem, Metric, MetricItem, ReportSummary, SectionSummary

__all__ = ["MAX_ROWS", "HeadlineFigure", "headline_figures", "several_years"]

_ITEMS = items()
_CHANGE_UNITS = units().change_units
_MONEY = "元"
# A name ending in 率 or 度 measures a rate or a degree (产销率, 首位度, 涨幅).
_RATIO_END = ("率", "度", "幅")
# Tiers 0–1 (the catalogue's metrics) of the reviewed period are always headline; the other
# figures (and five-year ones) fill a table that has fewer rows than this.
_ALWAYS = 1
FILL_TO = 8
# A headline table is a headline: at most this many rows (the rest stay with their achievements).
MAX_ROWS = 15
_YEAR = re.compile(r"(?:19|20)\d\d年")


@dataclass(frozen=True, slots=True)
class HeadlineFigure:
    """One row of a headline table: a metric of an achievement, with its catalogue id."""

    item_id: str
    index: int
    metric: MetricItem
    metric_id: str | None

    @property
    def field(self) -> str:
        """Where the figure sits in its item, as checks name it (metrics[0])."""
        return f"metrics[{self.index}]"


@dataclass(slots=True)
class _Candidate:
    figure: HeadlineFigure
    tier: int
    order: int
    several_years: bool
    fullness: int


def headline_figures(summary: ReportSummary) -> list[HeadlineFigure]:
    """The report's headline figures, most important first (see the module's docstring)."""
    sections = {section.id: section for section in summary.sections}
    ranks = {metric.id: i for i, metric in enumerate(catalog())}
    key = {metric.id for metric in catalog() if metric.headline}
    best: dict[str, _Candidate] = {}
    position = 0
    for item in summary.achievements:
        section = sections.get(item.section_id)
        if section is not None and section.role != "review":
            continue
        multi_year = several_years(item, section)
        first_category = item.category in _ITEMS.headline_first_categories
        for index, metric in enumerate(item.metrics):
            position += 1
            if not _shown(metric) or _starts_a_change(metric, item.evidence):
                continue
            metric_id = metric.metric_id
            if metric_id is not None and _narrowed(metric.name, item.evidence):
                metric_id = None
            figure = HeadlineFigure(item.id, index, metric, metric_id)
            if metric_id is not None:
                tier, order = (0 if metric_id in key else 1), ranks[metric_id]
            else:
                tier, order = _tier(metric, item.evidence, first_category), position
            candidate = _Candidate(figure, tier, order, multi_year, _fullness(metric))
            slot = metric_id or metric.name
            if slot not in best or _better(candidate, best[slot]):
                best[slot] = candidate
    # The reviewed period's figures first; a five-year total or average only after them.
    ranked = sorted(best.values(), key=lambda c: (c.several_years, c.tier, c.order))
    # Figures of lesser tiers fill a short table only (a 街道 summary with few key indicators
    # still gets its own: 化解纠纷事项, 核酸检测), never a long one.
    out: list[HeadlineFigure] = []
    for candidate in ranked:
        if (candidate.tier <= _ALWAYS and not candidate.several_years) or len(out) < FILL_TO:
            out.append(candidate.figure)
    return out[:MAX_ROWS]


def several_years(item: AchievementItem, section: SectionSummary | None) -> bool:
    """A figure of 过去五年 / “十四五”时期: said in its own words, its section's heading, or the
    first sentence of its paragraph (过去五年，…。全市地区生产总值…)."""
    if kinds().is_multi_year(item.evidence):
        return True
    if section is None:
        return False
    heading = " ".join(section.heading_path)
    if (kinds().is_multi_year(heading) or term_period(heading)) and not _YEAR.search(heading):
        # 一、“十四五”时期工作回顾 (not 一、“十四五”时期和2025年工作回顾, which holds both).
        return True
    text = section.text
    at = item.start - section.start if item.start is not None and text else -1
    if at < 0 or at > len(text):
        return False
    paragraph = text.rfind("\n", 0, at) + 1
    lead = text[paragraph : min(at, paragraph + 80)]
    end = min((lead.find(mark) for mark in "。；" if mark in lead), default=len(lead))
    return kinds().is_multi_year(lead[:end]) or term_period(lead[:end]) is not None


def _starts_a_change(metric: Metric, evidence: str) -> bool:
    """分别从40152元、14652元增加到53215元、21419元: the level a change started from."""
    raw = metric.raw or ""
    at = evidence.find(raw) if raw else -1
    return at >= 0 and starts_a_change(evidence[:at], evidence[at + len(raw) :])


def _narrowed(name: str, evidence: str) -> bool:
    """建设用地地均GDP: printed after a per-unit or share word, the name is not the metric."""
    at = evidence.find(name)
    before = evidence[max(0, at - 4) : at] if at > 0 else ""
    marks = kinds()
    return bool(before) and (
        any(before.endswith(word) for word in marks.per_unit) or before.endswith(marks.share_lead)
    )


def _shown(metric: Metric) -> bool:
    """A figure with a value or a change and a name that names something (not 元)."""
    if metric.value is None and (metric.change is None or metric.change.amount is None):
        return False
    name = metric.name.strip()
    return len(name) >= 2 and name != (metric.unit or "")


def _tier(metric: Metric, evidence: str, first_category: bool) -> int:
    if has_any(metric.name, _ITEMS.headline_last_resort) or has_any(
        evidence, _ITEMS.headline_last_resort
    ):
        return 6
    if metric.value is None or _a_ratio(metric.name):
        # A growth alone (集成电路增长15%) or a ratio (产销率, 贡献率, 占比) of something that is
        # no key indicator says little on its own.
        return 5
    money = _MONEY in (metric.unit or "")
    if first_category:
        return 2 if money else 3
    return 4


def _a_ratio(name: str) -> bool:
    marks = kinds()
    return name.endswith(_RATIO_END) or any(word in name for word in (*marks.share, *marks.rate_of))


def _fullness(metric: Metric) -> int:
    """How much of a metric a figure gives, best first: a level with its growth (达到4.32万亿元，
    增长8.1%), an exact level, a bounded one (突破4万亿元), a growth alone."""
    if metric.value is None:
        return 3
    if metric.change is not None:
        return 0
    bound = qualifiers().bound(metric.qualifier)
    return 1 if bound in ("exact", "approx") else 2


def _better(new: _Candidate, old: _Candidate) -> bool:
    """Of two figures of one metric: the reviewed period's, then the fuller one."""
    if new.several_years != old.several_years:
        return old.several_years
    return new.fullness < old.fullness
