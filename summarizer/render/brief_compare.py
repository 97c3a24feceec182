"""Like with like: which figures of several reports a briefing sets side by side and ranks.

A group holds one metric (the catalogue's id, measured one way: the level, its growth, or a
total or average over several years — each a metric of its own, as are thresholds, shares and
per-unit figures, which carry other ids or none), for one period (the figure's own: a 政府工作
报告's review figures carry the review year), at one scope (the reports' level: 省, 市, 区县,
街道乡镇). Only the achievements of a group are ranked, 1..n; the targets set for the same
metric and period stand beside them, unranked. Figures come from each report's track record
(summarizer/track), so a briefing and `summarizer track` read periods and ids the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from summarizer.lexicon.metrics import MetricDef, by_id, catalog
from summarizer.models import OK_STATUSES, Period
from summarizer.numbers import normalise
from summarizer.track.model import Achieved, Stated, TrackRecord
from summarizer.track.said import SOURCE_CHECK

ItemKind = Literal["achievement", "target"]
CellStatus = Literal["verified", "accepted", "corrected", "flagged", "unchecked"]
_SPAN_ORDER = {"Y": 0, "H1": 1, "H2": 2, "Q1": 3, "Q2": 4, "Q3": 5, "Q4": 6, "5Y": 7}


@dataclass(slots=True)
class ComparisonCell:
    report_key: str
    # The input file's stem, as the CSV names a report.
    report: str
    report_label: str
    issuer: str | None
    item_kind: ItemKind
    item_id: str | None
    printed_name: str
    # In the group's unit.
    value: Decimal
    qualifier: str | None
    status: CellStatus
    rank: int | None = None


@dataclass(slots=True)
class ComparisonGroup:
    metric: MetricDef
    measure: Literal["level", "growth"]
    # A sum or an average over several years: a metric of its own.
    multi_year: bool
    period: Period
    scope: str | None
    unit: str | None
    cells: list[ComparisonCell] = field(default_factory=list)
    # For a growth over several years: an average a year (年均) rather than a total.
    average: bool = False

    @property
    def metric_id(self) -> str:
        """gdp, gdp.growth, gdp.total (五年累计), gdp.growth.average (年均增长),
        gdp.growth.total (比1997年增长): each measure a metric of its own."""
        parts = [self.metric.id]
        if self.measure == "growth":
            parts.append("growth")
        if self.multi_year:
            parts.append("average" if self.average else "total")
        return ".".join(parts)

    def name(self, lang: str) -> str:
        base = self.metric.name(lang)
        zh = lang == "zh"
        if self.measure == "growth" and self.multi_year:
            if self.average:
                return f"{base}年均增速" if zh else f"{base}, average growth a year"
            return f"{base}累计增长" if zh else f"{base}, growth over the term"
        if self.measure == "growth":
            return f"{base}增速" if zh else f"{base} growth"
        if self.multi_year:
            return f"{base}（累计）" if zh else f"{base} (total over the term)"
        return base

    @property
    def achievements(self) -> list[ComparisonCell]:
        return [c for c in self.cells if c.item_kind == "achievement"]

    @property
    def targets(self) -> list[ComparisonCell]:
        return [c for c in self.cells if c.item_kind == "target"]


@dataclass(frozen=True, slots=True)
class Holder:
    """A report as the comparison names it."""

    key: str
    stem: str
    label: str
    issuer: str | None
    group: str
    scope: str | None


def _status(check: str | None) -> CellStatus | None:
    if check is None:
        return "unchecked"
    if check == SOURCE_CHECK:
        return None  # read by track from the text, not a figure of the summary
    if check in OK_STATUSES:
        return "verified"
    if check in ("accepted", "corrected"):
        return check  # type: ignore[return-value]
    return "flagged"


_Key = tuple[str, str, bool, bool, int, str, str, str | None]


def _key(
    metric_id: str,
    measure: str,
    multi_year: bool,
    average: bool,
    period: Period,
    scope: str | None,
) -> _Key:
    return (metric_id, measure, multi_year, average, period.year, period.span, period.label, scope)


def compare(holders: Sequence[Holder], records: Sequence[TrackRecord]) -> list[ComparisonGroup]:
    """Groups of catalogue headline metrics that at least two issuers report (or target) for
    the same period at the same scope; achievements ranked within each group."""
    headline = {metric.id for metric in catalog() if metric.headline}
    found: dict[_Key, list[tuple[Holder, Achieved | Stated]]] = defaultdict(list)
    for holder, record in zip(holders, records, strict=True):
        seen: set[tuple[_Key, str]] = set()
        figures: Iterable[Achieved | Stated] = [
            *record.achieved,
            *(t for t in record.targets if not t.restated),
        ]
        for figure in figures:
            if figure.metric_id not in headline or figure.value is None:
                continue
            if isinstance(figure, Achieved) and _status(figure.source.check) is None:
                continue
            key = _key(
                figure.metric_id,
                figure.measure,
                figure.multi_year,
                figure.average,
                figure.period,
                holder.scope,
            )
            kind = "achievement" if isinstance(figure, Achieved) else "target"
            # One figure of each kind per report and key: the first the report prints.
            if (key, kind) in seen:
                continue
            seen.add((key, kind))
            found[key].append((holder, figure))
    groups = [group for key, members in found.items() if (group := _group(key, members))]
    order = {metric.id: index for index, metric in enumerate(catalog())}
    groups.sort(
        key=lambda g: (
            order.get(g.metric.id, len(order)),
            g.measure != "level",
            g.multi_year,
            -g.period.year,
            _SPAN_ORDER.get(g.period.span, 9),
            g.scope or "",
        )
    )
    return groups


def _group(key: _Key, members: list[tuple[Holder, Achieved | Stated]]) -> ComparisonGroup | None:
    metric_id, measure, multi_year, average, year, span, label, scope = key
    metric = by_id(metric_id)
    if metric is None:
        return None
    # One cell per issuer and kind: the earliest report that gives it (the next year's review,
    # not a later one that repeats it).
    firsts: dict[tuple[str, bool], tuple[Holder, Achieved | Stated]] = {}
    for holder, figure in members:
        firsts.setdefault((holder.group, isinstance(figure, Achieved)), (holder, figure))
    issuers = {holder.group for holder, _ in firsts.values()}
    if len(issuers) < 2:
        return None
    unit = _display_unit([figure for _, figure in firsts.values()])
    group = ComparisonGroup(
        metric=metric,
        measure=measure,  # type: ignore[arg-type]
        multi_year=multi_year,
        period=Period(label=label, year=year, span=span),  # type: ignore[arg-type,unused-ignore]
        scope=scope,
        unit=unit,
        average=average,
    )
    for holder, figure in firsts.values():
        value = _in_unit(figure.value, figure.unit, unit)
        if value is None:
            continue  # another dimension (亿美元 among 亿元): not comparable here
        is_achieved = isinstance(figure, Achieved)
        group.cells.append(
            ComparisonCell(
                report_key=holder.key,
                report=holder.stem,
                report_label=holder.label,
                issuer=holder.issuer,
                item_kind="achievement" if is_achieved else "target",
                item_id=figure.source.item_id,
                printed_name=figure.name,
                value=value,
                qualifier=None if is_achieved else getattr(figure, "qualifier", None),
                status=_status(figure.source.check) or "unchecked",
            )
        )
    if len({c.issuer or c.report for c in group.cells}) < 2:
        return None
    _rank(group)
    return group


def _display_unit(figures: Sequence[Achieved | Stated]) -> str | None:
    units = [f.unit for f in figures if f.unit]
    if not units:
        return None
    # The unit most reports print, so the table reads like the reports (亿元, not 元).
    return Counter(units).most_common(1)[0][0]


def _in_unit(value: Decimal | None, unit: str | None, target: str | None) -> Decimal | None:
    if value is None:
        return None
    if unit == target or target is None:
        return value
    base, base_unit, _ = normalise(value, unit)
    one, target_unit, _ = normalise(Decimal(1), target)
    if base_unit != target_unit or one == 0:
        return None
    return (base / one).normalize()


def _rank(group: ComparisonGroup) -> None:
    """Achievements ranked 1..n by value (ties share a rank); targets after them, unranked."""
    ranked = sorted(group.achievements, key=lambda c: c.value, reverse=True)
    if len(ranked) >= 2:
        previous: Decimal | None = None
        rank = 0
        for position, cell in enumerate(ranked, start=1):
            if cell.value != previous:
                rank, previous = position, cell.value
            cell.rank = rank
    targets = sorted(group.targets, key=lambda c: c.value, reverse=True)
    group.cells = ranked + targets
