"""The catalogue id of each target, and the one GDP growth target of the plan period.

A reader of a report asks first what growth it aims for. The catalogue (lexicon/metrics.toml)
says which printed names are GDP; this module says which target is *the* GDP growth target:
the growth rate (in %) of GDP for the report's plan period. Shares of GDP, GDP per capita,
energy use per unit of GDP resolve to no id already (lexicon/metrics.py); here a GDP level
(达到1万亿元), a multi-year goal (年均增长, 翻一番, a target of another period) and a restatement
of the same target later in the report (确定经济增长6.5%以上的预期目标) lose the id too, so a
report that states one GDP growth target has exactly one target whose metric has the id `gdp`.

Every provider's targets pass through here (assemble.py), so the rule is one rule.
"""

from __future__ import annotations

from summarizer.lexicon import changes, kinds, units
from summarizer.lexicon.metrics import exact_id
from summarizer.models import ReportMeta, TargetItem

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


def assign_target_ids(targets: list[TargetItem], meta: ReportMeta) -> list[TargetItem]:
    """Set every target's `metric.metric_id`; the first GDP growth target of the plan period
    keeps `gdp`, a later one with the same value is the same target restated (dropped), and
    one with another value (兵团's own growth, a scenario) keeps its words but not the id."""
    out: list[TargetItem] = []
    first: TargetItem | None = None
    for target in targets:
        if target.metric is None:
            out.append(target)
            continue
        target.metric.metric_id = target_metric_id(target, meta)
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
