"""One report reduced to what tracking needs: the targets it states, the figures it reports as
achieved, and what its reviews say became of a target.

`record_of(summary)` runs while the summary's section texts are at hand (the pipeline hands
each summary out once) and keeps a few hundred bytes per target, so tracking hundreds of
reports holds records, never summaries.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from summarizer.clauses import sentence_at
from summarizer.document.periods import figure_period, item_target_period, make_period
from summarizer.figures import metric_id_of
from summarizer.lexicon import qualifiers
from summarizer.lexicon.metrics import resolve
from summarizer.lexicon.outcomes import outcomes
from summarizer.models import (
    OK_STATUSES,
    Check,
    MetricItem,
    Period,
    ReportMeta,
    ReportSummary,
    Role,
    format_decimal,
)
from summarizer.track.model import Achieved, Measure, Source, Stated, TrackRecord
from summarizer.track.said import said_after, said_in
from summarizer.verify.claims import to_decimal

_LEADING_NUMBER = re.compile(r"^\s*([-+−]?\d+(?:\.\d+)?)")
# Span order inside a year, for the chronology of reports (a 上半年总结 comes before the year's).
_SPAN_END: dict[str, float] = {
    "Q1": 0.25,
    "H1": 0.5,
    "Q2": 0.5,
    "Q3": 0.75,
    "Q4": 1.0,
    "H2": 1.0,
    "Y": 1.0,
    "5Y": 1.0,
}


def _when(meta: ReportMeta) -> tuple[int, float]:
    if meta.review_period is not None:
        return meta.review_period.year, _SPAN_END.get(meta.review_period.span, 1.0)
    if meta.plan_period is not None:
        return meta.plan_period.year, 0.0
    return 0, 0.0


def _group(meta: ReportMeta, report: str) -> str:
    for name in (meta.region, meta.issuer):
        if name and name.strip():
            return "".join(name.split())
    return f"file:{report}"


def _corrected(check: Check | None) -> Decimal | None:
    """A reviewer's corrected value, in the claim's own unit (`10.7` or `10.7亿元` → 10.7)."""
    if check is None or check.review != "corrected" or not check.corrected_value:
        return None
    found = _LEADING_NUMBER.match(check.corrected_value.replace(",", ""))
    if found is None:
        return None
    try:
        return Decimal(found.group(1).replace("−", "-"))
    except InvalidOperation:
        return None


def _exact(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(format_decimal(to_decimal(value)))


class _Reader:
    """Reads one summary; `text` is the cleaned report text when its sections carry it."""

    def __init__(self, summary: ReportSummary) -> None:
        self.summary = summary
        meta = summary.report
        self.meta = meta
        self.report = Path(meta.path).stem if meta.path else "report"
        self.sections = {s.id: s for s in summary.sections}
        self.checks: dict[tuple[str, str], Check] = {
            (c.item_id, c.field): c for c in summary.checks
        }
        self.quote_flags = {c.item_id for c in summary.checks if c.status == "quote_not_found"}
        self.text = self._text()

    def _text(self) -> str | None:
        sections = sorted(self.summary.sections, key=lambda s: s.start)
        if not sections or any(len(s.text) != s.end - s.start for s in sections):
            return None
        pieces, at = [], 0
        for section in sections:
            if section.start != at:
                return None
            pieces.append(section.text)
            at = section.end
        return "".join(pieces)

    def role(self, section_id: str) -> Role:
        section = self.sections.get(section_id)
        return section.role if section is not None else "other"

    def heading(self, section_id: str) -> str:
        section = self.sections.get(section_id)
        return " ".join(section.heading_path) if section is not None else ""

    def sentence(self, start: int | None, end: int | None, fallback: str) -> tuple[str, int]:
        """The sentence around `[start, end)` and where it begins; the fallback text (a quote)
        when the report's text or the place is unknown."""
        if self.text is None or start is None or end is None:
            return fallback, -1
        lo, hi = sentence_at(self.text, start, end)
        return self.text[lo:hi], lo

    def source(
        self, item_id: str, quote: str, span: tuple[int | None, int | None], *checks: Check | None
    ) -> Source:
        flags: list[str] = []
        start, end = span
        if item_id in self.quote_flags or start is None:
            flags.append(f"{self.report} {item_id}: quote not found in the report")
        status: str | None = None
        for check in checks:
            if check is None:
                continue
            settled = check.review in ("accepted", "corrected")
            if status is None or (check.is_flag and not settled):
                status = check.review if settled else check.status
            if check.is_flag and not settled:
                flags.append(
                    f"{self.report} {item_id}: {check.claim} — {check.message or check.status}"
                )
        return Source(
            report=self.report,
            path=self.meta.path,
            item_id=item_id,
            quote=quote,
            start=start,
            end=end,
            check=status,
            flags=tuple(flags),
        )


def _measure(metric: MetricItem, check: Check | None) -> Measure:
    """A growth rate or the figure itself: as the source figure reads (figures/), else as the
    metric's printed name and unit resolve."""
    if check is not None and check.kind in ("growth", "level") and check.status in OK_STATUSES:
        return "growth" if check.kind == "growth" else "level"
    ref = resolve(metric.name, metric.unit)
    return ref.measure if ref is not None else "level"


def _metric_id(metric: MetricItem, check: Check | None) -> str | None:
    """The catalogue id of what a figure measures: the provider's metric's, else the one the
    figures stage read for the source figure the check found (a name the provider garbled:
    `较快增长全省生产总值`)."""
    if metric.metric_id:
        return metric.metric_id
    if check is not None and check.status in OK_STATUSES and check.metric_id:
        return check.metric_id
    # A summary assembled elsewhere (an older JSON): the rule assemble applies.
    unit = metric.unit or (metric.change.unit if metric.change is not None else None)
    return metric_id_of(metric.name, unit) if metric.name else None


def _signed(amount: Decimal, direction: str | None) -> Decimal:
    return -amount if direction == "decrease" else amount


def record_of(summary: ReportSummary) -> TrackRecord:
    """What tracking needs of one report (its targets, outcomes and words about targets)."""
    reader = _Reader(summary)
    meta = summary.report
    record = TrackRecord(
        report=reader.report,
        path=meta.path,
        group=_group(meta, reader.report),
        issuer=meta.issuer,
        region=meta.region,
        when=_when(meta),
        level=meta.level,
    )
    if summary.error is not None:
        return record
    _read_targets(reader, record)
    _read_achieved(reader, record)
    if reader.text is not None:
        for section in summary.sections:
            if section.role == "review":
                record.said.extend(
                    said_in(
                        section.text,
                        section.start,
                        meta,
                        " ".join(section.heading_path),
                        reader.report,
                    )
                )
    return record


def _read_targets(reader: _Reader, record: TrackRecord) -> None:
    lex = outcomes()
    for order, target in enumerate(reader.summary.targets):
        metric = target.metric
        if metric is None:
            continue
        check = reader.checks.get((target.id, "metric"))
        metric_id = _metric_id(metric, check)
        if metric_id is None or (check is not None and check.review == "rejected"):
            continue
        role = reader.role(target.section_id)
        sentence, _ = reader.sentence(target.start, target.end, target.evidence)
        restated = role in ("review", "problems")
        if restated:
            # A review part looks back: a target it names is the reviewed period's, and only a
            # clause that calls it a target (…的预期目标) restates one.
            if not lex.names_a_target(sentence):
                continue
            period = figure_period(reader.meta, reader.heading(target.section_id), sentence)
        else:
            period = target.resolved_period or item_target_period(
                reader.meta,
                role,
                reader.heading(target.section_id),
                target.period,
                target.evidence,
            )
        if period is None:
            continue
        multi_year = check is not None and check.multi_year
        if multi_year and period.span != "5Y":
            # A goal over several years (年均增长…) inside a one-year plan: no annual outcome
            # can settle it.
            continue
        figure = _target_figure(metric, check)
        if figure is None:
            continue
        measure, value, value_hi, unit = figure
        qualifier = metric.qualifier or target.qualifier
        ceiling = qualifiers().bound(metric.qualifier) == "upper" or lex.caps(
            target.evidence[: max(0, target.evidence.find(metric.raw or "\0"))] or target.evidence
        )
        record.targets.append(
            Stated(
                metric_id=metric_id,
                measure=measure,
                value=value,
                value_hi=value_hi,
                unit=unit,
                qualifier=qualifier,
                goal="ceiling" if ceiling else "floor",
                period=period,
                source=reader.source(target.id, target.evidence, (target.start, target.end), check),
                restated=restated,
                order=order,
                multi_year=multi_year,
                average=multi_year and _average(metric, check, target.evidence),
                name=metric.name,
            )
        )


_START_YEAR = re.compile(r"(?:(?:19|20)[0-9]{2}年(?:底|末)?的?)?$")


def _starts_a_change(check: Check | None) -> bool:
    """由4638亿元增加到7670亿元, 从1995年的179亿元增加到463亿元: the first level is where the
    change started, before the period under review."""
    if check is None or not check.context or check.mention is None:
        return False
    if check.context_start is None:
        return False
    before = check.context[: check.mention.start - check.context_start]
    trimmed = _START_YEAR.sub("", before[-10:])
    return trimmed.endswith(outcomes().start_of_change)


def _average(metric: MetricItem, check: Check | None, evidence: str) -> bool:
    """A multi-year growth that is an average a year (年均增长9.5%): its basis says so, else
    the words right before its figure in the source, else its quote."""
    words = outcomes().average
    if metric.change is not None and metric.change.basis:
        return any(w in metric.change.basis for w in words)
    if check is not None and check.context and check.mention and check.context_start is not None:
        before = check.context[: check.mention.start - check.context_start][-8:]
        return any(w in before for w in words)
    return any(w in evidence for w in words)


def _target_figure(
    metric: MetricItem, check: Check | None
) -> tuple[Measure, Decimal | None, Decimal | None, str | None] | None:
    """(measure, value, upper end, unit) of a target's figure; a cut (下降3%) is negative."""
    corrected = _corrected(check)
    direction = check.mention.direction if check is not None and check.mention is not None else None
    if metric.value is not None:
        value = corrected if corrected is not None else _exact(metric.value)
        measure = _measure(metric, check)
        if value is not None and measure == "growth":
            value = _signed(value, direction)
        return measure, value, _exact(metric.value_hi), metric.unit
    change = metric.change
    if change is not None and change.amount is not None:
        amount = _exact(change.amount)
        assert amount is not None
        return "growth", _signed(amount, change.direction), None, change.unit or "%"
    return None


def _read_achieved(reader: _Reader, record: TrackRecord) -> None:
    meta = reader.meta
    order = 0
    for item in reader.summary.achievements:
        if reader.role(item.section_id) == "plan":
            continue
        heading = reader.heading(item.section_id)
        item_period = item.resolved_period
        if item_period is None:
            sentence, _ = reader.sentence(item.start, item.end, item.evidence)
            item_period = figure_period(meta, heading, sentence)
        if item_period is None:
            continue
        for index, metric in enumerate(item.metrics):
            field = f"metrics[{index}]"
            for figure in _achieved_figures(
                metric,
                reader.checks.get((item.id, field)),
                reader.checks.get((item.id, f"{field}.change")),
            ):
                measure, value, unit, check, where = figure
                metric_id = _metric_id(metric, check)
                if metric_id is None or (check is not None and check.review == "rejected"):
                    continue
                if measure == "level" and _starts_a_change(check):
                    continue
                period: Period | None = item_period
                mention = check.mention if check is not None else None
                multi_year = check is not None and check.multi_year
                if multi_year:
                    # 年均增长…, 比1997年…: the term the sentence, review or part names.
                    sentence, _ = reader.sentence(
                        mention.start if mention else item.start,
                        mention.end if mention else item.end,
                        item.evidence,
                    )
                    period = figure_period(meta, heading, sentence, multi_year=True)
                elif (
                    item_period.span == "5Y"
                    and measure == "growth"
                    and metric.change is not None
                    and any(w in (metric.change.basis or "") for w in outcomes().year_on_year)
                ):
                    period = make_period(item_period.year, "Y")
                if period is None:
                    continue
                says = None
                if mention is not None:
                    sentence, at = reader.sentence(mention.start, mention.end, item.evidence)
                    if at >= 0:
                        says = said_after(sentence, mention.end - at)
                record.achieved.append(
                    Achieved(
                        metric_id=metric_id,
                        measure=measure,
                        value=value,
                        unit=unit,
                        period=period,
                        source=reader.source(item.id, item.evidence, (item.start, item.end), check),
                        says=says,
                        order=order,
                        multi_year=multi_year,
                        average=multi_year
                        and measure == "growth"
                        and _average(metric, check, item.evidence),
                        name=metric.name,
                        field=field + where,
                    )
                )
                order += 1


def _achieved_figures(
    metric: MetricItem, level_check: Check | None, change_check: Check | None
) -> list[tuple[Measure, Decimal, str | None, Check | None, str]]:
    """The level and the growth an achieved metric reports, each with its check and where it
    sits in the metric ("" for the value, ".change")."""
    out: list[tuple[Measure, Decimal, str | None, Check | None, str]] = []
    if metric.value is not None:
        value = _corrected(level_check) or _exact(metric.value)
        measure = _measure(metric, level_check)
        if value is not None:
            direction: str | None = None
            if measure == "growth" and level_check is not None and level_check.mention is not None:
                direction = level_check.mention.direction
            if measure == "growth" and metric.change is not None and metric.change.direction:
                direction = metric.change.direction
            out.append((measure, _signed(value, direction), metric.unit, level_check, ""))
    change = metric.change
    if change is not None and change.amount is not None:
        amount = _corrected(change_check) or _exact(change.amount)
        if amount is not None:
            out.append(
                (
                    "growth",
                    _signed(amount, change.direction),
                    change.unit or "%",
                    change_check,
                    ".change",
                )
            )
    return out


__all__ = ["record_of"]
