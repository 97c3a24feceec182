"""ReportSummaries → one language-neutral briefing structure.

Everything a briefing states is decided here once (which figures are headline, each figure's
check status after review, which figures may be compared and ranked, which problems recur);
the Markdown, HTML and DOCX writers only lay it out, so the formats cannot disagree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from summarizer.headline import headline_figures
from summarizer.lexicon import items, units
from summarizer.lexicon.metrics import MetricRef, resolve
from summarizer.models import (
    CATEGORIES,
    Change,
    Check,
    Metric,
    ReportMeta,
    ReportSummary,
    format_decimal,
)
from summarizer.render.brief_compare import ComparisonGroup
from summarizer.render.figure_text import with_qualifier
from summarizer.track_rows import TrackRow

FigureStatus = Literal["verified", "accepted", "corrected", "flagged", "unchecked"]
Span = Literal["H1", "H2", "Y"]

# Reviews that settle a flag; "stale" means the decision no longer fits the text, so it is open.
_SETTLED = frozenset({"accepted", "corrected", "rejected"})
# Display order of period kinds: full years first, they carry the most weight.
_NUMBER_HEAD = re.compile(r"^\s*([-+−]?\d+(?:\.\d+)?)\s*(.*?)\s*$")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class FigureChange:
    direction: str | None
    amount: Decimal | None
    unit: str | None
    basis: str | None

    @property
    def signed(self) -> Decimal | None:
        if self.amount is None:
            return None
        if self.direction == "decrease":
            return -self.amount
        if self.direction == "flat":
            return Decimal(0)
        return self.amount


@dataclass(slots=True)
class Figure:
    """One figure of a report, as the briefing shows it (after review decisions)."""

    item_id: str
    # Where the figure sits in its item ("metrics[0]", "metric"), as checks name it.
    field_name: str
    name: str
    ref: MetricRef | None
    value: Decimal | None
    value_hi: Decimal | None
    unit: str | None
    qualifier: str | None
    raw: str | None
    change: FigureChange | None
    status: FigureStatus
    # What the source or provider said before a reviewer corrected it.
    corrected_from: str | None = None
    check_ids: list[str] = field(default_factory=list)

    @property
    def metric_id(self) -> str | None:
        return self.ref.metric.id if self.ref else None

    @property
    def headline(self) -> bool:
        return self.ref is not None and self.ref.metric.headline and self.ref.measure == "level"

    def value_text(self) -> str:
        """`近50`, `6-6.5`, `15.93`: qualifier and value, for a table with its own unit column."""
        if self.value is None:
            return self.raw or ""
        return with_qualifier(self._number(), None, self.qualifier)

    def display(self) -> str:
        """`近50场`, `240余起`, `35家以上`: the figure as the source writes it."""
        if self.value is None:
            return self.raw or ""
        return with_qualifier(self._number(), self.unit, self.qualifier)

    def _number(self) -> str:
        assert self.value is not None
        text = format_decimal(self.value)
        if self.value_hi is not None:
            text = f"{text}-{format_decimal(self.value_hi)}"
        return text

    def base_value(self) -> tuple[Decimal, str] | None:
        """The value in base units (亿元 → 元) with that unit, for comparisons."""
        if self.value is None:
            return None
        return to_base(self.value, self.unit)


@dataclass(slots=True)
class AchievementEntry:
    item_id: str
    summary: str
    category: str
    figures: list[Figure]
    evidence: str


@dataclass(slots=True)
class TargetEntry:
    item_id: str
    summary: str
    figure: Figure | None
    qualifier: str | None
    period: str | None


@dataclass(slots=True)
class ProblemEntry:
    item_id: str
    summary: str
    area: str | None
    area_group: str


@dataclass(slots=True)
class FlagEntry:
    report_key: str
    item_id: str
    check_id: str
    field: str
    claim: str
    status: str
    message: str
    context: str | None
    # [start, end) of the figure inside `context`, when the checker located it.
    mark: tuple[int, int] | None
    stale: bool = False


@dataclass(slots=True)
class ReportBrief:
    key: str
    title: str
    issuer: str | None
    period: str | None
    span: Span | None
    year: int | None
    path: str | None
    provider: str
    model: str | None
    prompt_version: str | None
    headline: list[Figure]
    achievements: dict[str, list[AchievementEntry]]
    targets: list[TargetEntry]
    problems: list[ProblemEntry]
    flags: list[FlagEntry]
    error: str | None

    @property
    def label(self) -> str:
        """How comparison tables name a report: its issuer, or its title when none."""
        return self.issuer or self.title

    def figures(self) -> Iterable[Figure]:
        for entries in self.achievements.values():
            for entry in entries:
                yield from entry.figures


@dataclass(slots=True)
class RecurringProblem:
    area: str
    entries: list[tuple[str, ProblemEntry]]  # (report label, problem)


@dataclass(slots=True)
class Counts:
    total: int = 0
    verified: int = 0
    flagged: int = 0
    reviewed: int = 0


@dataclass(slots=True)
class Briefing:
    generated_at: datetime
    reports: list[ReportBrief]
    counts: Counts
    engines: list[str]
    prompt_versions: list[str]
    comparison: list[ComparisonGroup]
    recurring: list[RecurringProblem]
    # 目标完成情况: each target against the outcome a later report gives (summarizer/track).
    track_rows: list[TrackRow] = field(default_factory=list)

    @property
    def multi(self) -> bool:
        return len(self.reports) > 1

    def flags(self) -> list[FlagEntry]:
        return [flag for report in self.reports for flag in report.flags]

    def report(self, key: str) -> ReportBrief:
        for report in self.reports:
            if report.key == key:
                return report
        raise KeyError(key)


# --------------------------------------------------------------------------- numbers


def to_decimal(value: float | None) -> Decimal | None:
    """A model float as the decimal the source printed (15.93, not 15.930000000000001)."""
    if value is None:
        return None
    # repr gives the shortest text that round-trips; format_decimal drops a float's ".0".
    return Decimal(format_decimal(Decimal(repr(value))))


def to_base(value: Decimal, unit: str | None) -> tuple[Decimal, str]:
    """(15.93, 亿元) → (1593000000, 元); units without a scale word pass through (千瓦 is a
    unit of its own, not 千 + 瓦)."""
    unit = (unit or "").strip()
    scale, rest = units().split_scale(unit)
    if scale is None or not rest:
        return value, unit
    return value * units().scale_factor(scale), rest


def parse_corrected(text: str) -> tuple[Decimal | None, str | None]:
    """A reviewer's corrected value: `15.93`, `15.93亿元`, `−6.2`."""
    match = _NUMBER_HEAD.match(text.replace(",", "").replace("，", ""))
    if match is None:
        return None, None
    try:
        number = Decimal(match.group(1).replace("−", "-"))
    except InvalidOperation:
        return None, None
    return number, (match.group(2) or None)


# --------------------------------------------------------------------------- building


def _figure_status(checks: Sequence[Check]) -> FigureStatus:
    if not checks:
        return "unchecked"
    if any(c.review == "corrected" for c in checks):
        return "corrected"
    if any(c.is_flag and c.review not in _SETTLED for c in checks):
        return "flagged"
    if any(c.review == "accepted" for c in checks):
        return "accepted"
    return "verified"


def _change(change: Change | None) -> FigureChange | None:
    if change is None or (change.amount is None and change.direction is None):
        return None
    return FigureChange(change.direction, to_decimal(change.amount), change.unit, change.basis)


def _figure(
    metric: Metric, item_id: str, field_name: str, checks: dict[tuple[str, str], Check]
) -> Figure:
    own = [c for c in (checks.get((item_id, field_name)),) if c is not None]
    change_check = checks.get((item_id, f"{field_name}.change"))
    all_checks = own + ([change_check] if change_check is not None else [])
    value = to_decimal(metric.value)
    unit = metric.unit
    change = _change(metric.change)
    corrected_from: str | None = None
    for check in all_checks:
        if check.review != "corrected" or check.corrected_value is None:
            continue
        number, new_unit = parse_corrected(check.corrected_value)
        if check.field.endswith(".change") and change is not None:
            corrected_from = f"{change.amount}{change.unit or ''}"
            if number is not None:
                # A signed correction carries its own direction; an unsigned one keeps the old.
                direction = change.direction
                if number < 0:
                    direction, number = "decrease", -number
                change = FigureChange(direction, number, new_unit or change.unit, change.basis)
        else:
            corrected_from = (
                f"{format_decimal(value) if value is not None else metric.raw or ''}{unit or ''}"
            )
            if number is not None:
                value, unit = number, new_unit or unit
    return Figure(
        item_id=item_id,
        field_name=field_name,
        name=metric.name,
        ref=resolve(metric.name, metric.unit),
        value=value,
        value_hi=to_decimal(metric.value_hi),
        unit=unit,
        qualifier=metric.qualifier,
        raw=metric.raw,
        change=change,
        status=_figure_status(all_checks),
        corrected_from=corrected_from,
        check_ids=[c.id for c in all_checks],
    )


def infer_span(meta: ReportMeta) -> Span | None:
    """The kind of period the report's figures cover: its review's, or one read from its title.
    Quarters and five-year terms rank with nothing else."""
    if meta.review_period is not None:
        span = meta.review_period.span
        return span if span in ("H1", "H2", "Y") else None
    text = meta.title or ""
    if "下半年" in text:
        return "H2"
    if "上半年" in text or "半年" in text:
        return "H1"
    if re.search(r"(?:19|20)\d{2}年", text):
        return "Y"
    return None


def _area_group(area: str | None, summary: str) -> str:
    for text in (area or "", summary):
        for group, cues in items().problem_themes:
            if any(cue in text for cue in cues):
                return group
    return "其他"


def _context_mark(check: Check) -> tuple[int, int] | None:
    if check.context is None or check.mention is None or check.context_start is None:
        return None
    start = check.mention.start - check.context_start
    end = check.mention.end - check.context_start
    if 0 <= start < end <= len(check.context):
        return start, end
    return None


def report_key(meta: ReportMeta, index: int, taken: set[str]) -> str:
    base = Path(meta.path).stem if meta.path else f"report-{index + 1}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def _title(meta: ReportMeta, key: str) -> str:
    """The report's own title; without one, who issued it for which period, else its file."""
    if meta.title:
        return meta.title
    reviewed = meta.review_period or meta.plan_period
    named = " ".join(part for part in (meta.issuer, reviewed and reviewed.label) if part)
    return named or (Path(meta.path).name if meta.path else key)


def build_report(summary: ReportSummary, key: str) -> ReportBrief:
    meta = summary.report
    checks = {(c.item_id, c.field): c for c in summary.checks if c.review != "rejected"}
    grouped: dict[str, list[AchievementEntry]] = defaultdict(list)
    for item in summary.achievements:
        figures = [
            _figure(metric, item.id, f"metrics[{index}]", checks)
            for index, metric in enumerate(item.metrics)
        ]
        grouped[item.category].append(
            AchievementEntry(item.id, item.summary, item.category, figures, item.evidence)
        )
    achievements: dict[str, list[AchievementEntry]] = {
        cat: grouped[cat] for cat in CATEGORIES if grouped.get(cat)
    }
    targets = [
        TargetEntry(
            item_id=t.id,
            summary=t.summary,
            figure=_figure(t.metric, t.id, "metric", checks) if t.metric else None,
            qualifier=t.qualifier,
            # The period as read for every provider (2024年, 2021—2025年), else its own words.
            period=t.resolved_period.label if t.resolved_period else t.period,
        )
        for t in summary.targets
    ]
    problems = [
        ProblemEntry(p.id, p.summary, p.area, _area_group(p.area, p.summary))
        for p in summary.problems
    ]
    flagged_ids = {c.id for c in summary.flags}
    flags = [
        FlagEntry(
            report_key=key,
            item_id=c.item_id,
            check_id=c.id,
            field=c.field,
            claim=c.claim,
            status=c.status,
            message=c.message,
            context=c.context,
            mark=_context_mark(c),
            stale=c.review == "stale",
        )
        for c in summary.checks
        if (c.is_flag or c.id in flagged_ids) and c.review not in _SETTLED
    ]
    brief = ReportBrief(
        key=key,
        title=_title(meta, key),
        issuer=meta.issuer,
        period=meta.review_period.label if meta.review_period else None,
        span=infer_span(meta),
        year=meta.review_period.year if meta.review_period else None,
        path=meta.path,
        provider=summary.provider,
        model=summary.model,
        prompt_version=summary.prompt_version,
        headline=[],
        achievements=achievements,
        targets=targets,
        problems=problems,
        flags=flags,
        error=summary.error,
    )
    brief.headline = _headline(brief, summary)
    return brief


def _headline(report: ReportBrief, summary: ReportSummary) -> list[Figure]:
    """The report's headline figures, chosen and ranked as the terminal's (summarizer/headline)."""
    figures = {(f.item_id, f.field_name): f for f in report.figures()}
    chosen = (figures.get((h.item_id, h.field)) for h in headline_figures(summary))
    return [figure for figure in chosen if figure is not None]


def count_checks(counts: Counts, summary: ReportSummary) -> None:
    for check in summary.checks:
        if check.field == "evidence":
            continue  # quotes are not figures; their flags still appear in the flag list
        counts.total += 1
        if check.review in _SETTLED:
            counts.reviewed += 1
        elif check.is_flag:
            counts.flagged += 1
        else:
            counts.verified += 1


def recurring_problems(reports: Sequence[ReportBrief]) -> list[RecurringProblem]:
    """Problem areas raised by at least two reports, each with every report's problems there."""
    by_area: dict[str, list[tuple[str, ProblemEntry]]] = defaultdict(list)
    holders: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        for problem in report.problems:
            by_area[problem.area_group].append((report.label, problem))
            holders[problem.area_group].add(report.key)
    ordered = [group for group, _ in items().problem_themes] + ["其他"]
    return [
        RecurringProblem(area, by_area[area]) for area in ordered if len(holders.get(area, ())) >= 2
    ]
