"""Section results → one ReportSummary: ids, usage, cross-check, review decisions.

The pipeline hands over every section with what its provider returned (or why it failed);
this module is the single place where project-side facts (ids, spans, check statuses) are
attached, so every provider's output is treated the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from summarizer import verify
from summarizer.cache import Cache
from summarizer.clauses import sentence_at
from summarizer.document.periods import figure_period, item_target_period, names_a_term, plan_year
from summarizer.figures import metric_id_of
from summarizer.models import (
    AchievementItem,
    Document,
    ProblemItem,
    ReportSummary,
    Section,
    SectionSummary,
    TargetItem,
    Usage,
)
from summarizer.numbers import extract_numbers
from summarizer.providers.base import Extraction, Provider
from summarizer.ranking import rank_achievements
from summarizer.refile import refile
from summarizer.review import apply_decisions
from summarizer.target_ids import assign_target_ids

# (section, its extraction or None when it failed, the error line, whether it came from cache)
SectionResult = tuple[Section, Extraction | None, str | None, bool]


def build_summary(
    doc: Document,
    sections: Sequence[Section],
    results: Sequence[SectionResult],
    provider: Provider,
    *,
    lang: str = "zh",
    store: Cache | None = None,
) -> ReportSummary:
    summary = ReportSummary(
        report=doc.meta,
        text_length=len(doc.text),
        provider=provider.name,
        model=provider.model,
        prompt_version=provider.prompt_version,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    by_id = {
        section.id: (extraction, error, cached) for section, extraction, error, cached in results
    }
    total = Usage()
    for section in sections:
        extraction, error, cached = by_id.get(section.id, (None, "not processed", False))
        usage = extraction.usage if extraction is not None else Usage()
        if cached:
            # A cache hit cost nothing now; what it once cost is not this run's spending.
            usage = Usage(cache_hits=1)
        status = "failed" if extraction is None else ("cached" if cached else "ok")
        summary.sections.append(
            SectionSummary(
                **section.model_dump(exclude={"text"}),
                text=section.text,
                status=status,
                error=error if extraction is None else None,
                usage=usage,
            )
        )
        total = total.add(usage)
        if extraction is None:
            continue
        result = refile(extraction.result, section, doc.meta)
        for achievement in result.achievements:
            summary.achievements.append(
                AchievementItem(
                    id=f"a{len(summary.achievements) + 1}",
                    section_id=section.id,
                    **achievement.model_dump(),
                )
            )
        for target in result.targets:
            summary.targets.append(
                TargetItem(
                    id=f"t{len(summary.targets) + 1}", section_id=section.id, **target.model_dump()
                )
            )
        for problem in result.problems:
            summary.problems.append(
                ProblemItem(
                    id=f"p{len(summary.problems) + 1}",
                    section_id=section.id,
                    **problem.model_dump(),
                )
            )
    _name_metrics(summary)
    # The one GDP growth target of the plan period; a target stated twice, once.
    reviews = {s.id for s in summary.sections if s.role == "review"}
    summary.targets = assign_target_ids(summary.targets, doc.meta, reviews)
    for index, target in enumerate(summary.targets, 1):
        target.id = f"t{index}"
    summary.usage = total
    failed = [s.id for s in summary.sections if s.status == "failed"]
    if failed and len(failed) == len(summary.sections):
        summary.error = f"all {len(failed)} sections failed"

    mentions = extract_numbers(doc.text)
    verify.check_report(summary, doc, list(sections), mentions, lang=lang)
    _resolve_periods(summary, doc, sections)
    rank_achievements(summary)
    if store is not None:
        apply_decisions(summary, store)
    return summary


def _name_metrics(summary: ReportSummary) -> None:
    """Every metric gets the lexicon's canonical id of what it measures, whichever provider
    named it: the same rule figures/ applies to the source's own figures."""
    metrics = [m for a in summary.achievements for m in a.metrics]
    metrics += [t.metric for t in summary.targets if t.metric is not None]
    for metric in metrics:
        unit = metric.unit or (metric.change.unit if metric.change is not None else None)
        metric.metric_id = metric_id_of(metric.name, unit) if metric.name else None


def _resolve_periods(summary: ReportSummary, doc: Document, sections: Sequence[Section]) -> None:
    """Every item gets the period it is for, read the same way for every provider: a target
    from the period it wrote out, its words, its part and the frame; an achievement from the
    sentence its quote stands in (located by the check) and its part."""
    meta = doc.meta
    by_id = {section.id: section for section in sections}
    checks = {(c.item_id, c.field): c for c in summary.checks}
    for target in summary.targets:
        section = by_id.get(target.section_id)
        role = section.role if section is not None else "plan"
        heading = " ".join(section.heading_path) if section is not None else ""
        period = item_target_period(meta, role, heading, target.period, target.evidence)
        check = checks.get((target.id, "metric"))
        if (
            period is not None
            and period.span == "5Y"
            and check is not None
            and check.kind == "growth"
            and not check.multi_year
            and not names_a_term(target.evidence)
        ):
            # A growth rate set for a term says so (年均增长7%); a plain 增长9%左右 under a
            # heading or in a sentence that names the term (今年是实施“十五”计划的第一年) is the
            # plan year's.
            period = plan_year(meta) or period
        target.resolved_period = period
    for achievement in summary.achievements:
        section = by_id.get(achievement.section_id)
        heading = " ".join(section.heading_path) if section is not None else ""
        sentence = achievement.evidence
        if achievement.start is not None and achievement.end is not None:
            lo, hi = sentence_at(doc.text, achievement.start, achievement.end)
            sentence = doc.text[lo:hi]
        achievement.resolved_period = figure_period(meta, heading, sentence)
