"""The catalogue id of each target, the one GDP growth target of the plan period, and each
target once.

A reader of a report asks first what growth it aims for. The catalogue (lexicon/metrics.toml)
says which printed names are GDP; this module says which target is *the* GDP growth target:
the growth rate (in %) of GDP for the report's plan period. Shares of GDP, GDP per capita,
energy use per unit of GDP resolve to no id already (lexicon/metrics.py); here a GDP level
(达到1万亿元), a multi-year goal (年均增长, 翻一番, a target of another period) and a restatement
of the same target later in the report (确定经济增长6.5%以上的预期目标) lose the id too, so a
report that states one GDP growth target has exactly one target whose metric has the id `gdp`.
Any other target a report states twice (a plan's task again in its appendix of 民生实事) is
kept once, where it is first set.

Every provider's targets pass through here (assemble.py), so the rule is one rule.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from summarizer.lexicon import changes, kinds, names, units
from summarizer.lexicon.metrics import exact_id
from summarizer.models import ReportMeta, TargetItem
from summarizer.numbers import scan

__all__ = ["GDP", "assign_target_ids", "target_metric_id"]

GDP = "gdp"
_CHANGE_UNITS = units().change_units


def target_metric_id(target: TargetItem, meta: ReportMeta) -> str | None:
    """The id of what the target measures, with `gdp` kept for the plan period's growth."""
    metric = target.metric
    if metric is None or not metric.name:
        return None
    growth = (metric.unit or "") in _CHANGE_UNITS or (
        metric.change is not None and metric.value is None
    )
    metric_id = exact_id(metric.name, metric.unit)
    if metric_id is None and growth:
        # 经济增长8.5%: the name of a growth target is printed without its 增长.
        metric_id = next(
            (
                found
                for suffix in changes().growth_name_suffixes
                if (found := exact_id(metric.name + suffix, metric.unit)) is not None
            ),
            None,
        )
    if metric_id != GDP:
        return metric_id
    plan = meta.plan_period
    for_plan = plan is None or target.period is None or target.period == plan.label
    several_years = kinds().is_multi_year(target.evidence) or kinds().is_multi_year(metric.name)
    return GDP if growth and for_plan and not several_years else None


def assign_target_ids(
    targets: list[TargetItem], meta: ReportMeta, reviews: Collection[str] = ()
) -> list[TargetItem]:
    """Set every target's `metric.metric_id`; the first GDP growth target of the plan period
    keeps `gdp`, a later one with the same value is the same target restated (dropped), and
    one with another value (兵团's own growth, a scenario) keeps its words but not the id.
    Any other target stated again (`_restates`) is dropped too, unless what it repeats stands
    in a review (`reviews`: those section ids), which speaks of the period before."""
    out: list[TargetItem] = []
    first: TargetItem | None = None
    for target in targets:
        if target.metric is None:
            out.append(target)
            continue
        target.metric.metric_id = target_metric_id(target, meta)
        if target.metric.metric_id != GDP and any(
            _restates(target, e) for e in out if e.section_id not in reviews
        ):
            continue
        if target.metric.metric_id == GDP:
            if first is None:
                first = target
            elif _same_value(first, target):
                continue
            else:
                target.metric.metric_id = None
        out.append(target)
    return out


def _same_value(a: TargetItem, b: TargetItem) -> bool:
    if a.metric is None or b.metric is None:
        return False
    return (a.metric.value, a.metric.value_hi) == (b.metric.value, b.metric.value_hi)


def _restates(later: TargetItem, earlier: TargetItem) -> bool:
    """The same target stated again: a plan's task restated in its appendix of 民生实事, a
    figure of the goals list repeated where its task is set. Same value, unit and period, and
    names that, without the verb they open with, are one or contain the other."""
    a, b = later.metric, earlier.metric
    if a is None or b is None or a.value is None or later.period != earlier.period:
        return False
    if (a.value, a.value_hi, a.unit) != (b.value, b.value_hi, b.unit):
        return False
    if kinds().is_multi_year(later.evidence) != kinds().is_multi_year(earlier.evidence):
        return False  # 年均增长9% and 增长9% are two targets
    x, y = _bare_name(a.name), _bare_name(b.name)
    shorter, longer = sorted((x, y), key=len)
    if len(shorter) < _MIN_SHARED_NAME or shorter not in longer:
        return False
    # 10家销售收入过50亿元的企业 is not 10家销售收入过100亿元的企业: the figures and years beside
    # must agree.
    few, many = sorted((_figures(later.evidence), _figures(earlier.evidence)), key=len)
    return few <= many


# A shorter name inside a longer one says they are one metric only from this length on (企业 is
# in too many names).
_MIN_SHARED_NAME = 3


def _figures(text: str) -> frozenset[tuple[Decimal, str | None] | str]:
    """The quantities of a quote, and its dates: 比2000年翻一番 is not 比2010年再翻一番."""
    found = scan(text)
    dates = (e.raw for e in found.excluded if e.rule == "date")
    return frozenset([*((m.value, m.unit) for m in found.mentions if m.comparable), *dates])


def _bare_name(name: str | None) -> str:
    name = name or ""
    for verb in names().head_verbs:
        if name.startswith(verb) and len(name) > len(verb):
            return name[len(verb) :]
    return name
