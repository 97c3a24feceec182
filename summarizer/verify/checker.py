"""The report check: every item's quote located, every claimed figure judged, coverage counted."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from summarizer.figures import Figure, read_figures
from summarizer.models import (
    OK_STATUSES,
    Check,
    CheckStatus,
    Coverage,
    Document,
    Metric,
    NumberMention,
    ReportSummary,
    Section,
)
from summarizer.quotes import locate_quote
from summarizer.verify.claims import Claim, bound_of, change_claim, value_claim
from summarizer.verify.derived import recomputes
from summarizer.verify.matching import Verdict, judge
from summarizer.verify.messages import message, source_words

# Characters around a mention shown to a reviewer.
CONTEXT_CHARS = 40


class Checker:
    def __init__(
        self,
        summary: ReportSummary,
        doc: Document,
        sections: Sequence[Section],
        mentions: Sequence[NumberMention],
        lang: str,
    ) -> None:
        self.summary = summary
        self.text = doc.text
        self.lang = lang
        self.sections = {s.id: s for s in sections}
        comparable = [m for m in mentions if m.comparable]
        self.figures = read_figures(doc.text, comparable)
        self.starts = [p.mention.start for p in self.figures]
        self.checks: list[Check] = []
        self.matched: set[tuple[int, int]] = set()

    def scopes(self, section_id: str) -> list[list[Figure]]:
        section = self.sections.get(section_id)
        if section is None:
            return [self.figures]
        # `figure` is in text order: bisect, since a scan per claim is quadratic on big reports.
        lo = bisect.bisect_left(self.starts, section.start)
        hi = bisect.bisect_left(self.starts, section.end)
        return [self.figures[lo:hi], self.figures]

    def judge_in_evidence(self, claim: Claim, span: tuple[int, int] | None) -> Verdict | None:
        """The claim verified by a figure inside the item's own quote, when one is: the same
        status a section-wide look gives (an on-name match there is one here), but the figure
        the item speaks of, not an equal one elsewhere (a five-year 年均增长10% in the same
        section)."""
        if span is None:
            return None
        lo = bisect.bisect_left(self.starts, span[0])
        hi = bisect.bisect_left(self.starts, span[1])
        if lo == hi:
            return None
        verdict = judge(claim, [self.figures[lo:hi]])
        return verdict if verdict.status in OK_STATUSES else None

    def locate(self, item_id: str, section_id: str, evidence: str) -> tuple[int, int] | None:
        section = self.sections.get(section_id)
        span = None
        if section is not None:
            span = locate_quote(evidence, self.text, section.start, section.end)
        if span is None:
            span = locate_quote(evidence, self.text)
        if span is None:
            self.add(
                item_id,
                "evidence",
                evidence,
                "quote_not_found",
                None,
                message("quote_not_found", self.lang),
            )
        return span

    def add(
        self,
        item_id: str,
        field: str,
        claim: str,
        status: CheckStatus,
        figure: Figure | None,
        message: str,
    ) -> None:
        context, context_start = None, None
        mention = figure.mention if figure is not None else None
        # A figure shown beside a claim that was not found is a neighbour, not what it measures.
        matched = figure if status != "not_found" else None
        if mention is not None:
            context_start = max(0, mention.start - CONTEXT_CHARS)
            context = self.text[context_start : min(len(self.text), mention.end + CONTEXT_CHARS)]
        self.checks.append(
            Check(
                id=f"c{len(self.checks) + 1}",
                item_id=item_id,
                field=field,
                claim=claim,
                status=status,
                mention=mention,
                context=context,
                context_start=context_start,
                message=message,
                kind=matched.kind if matched is not None else None,
                multi_year=matched.multi_year if matched is not None else False,
                metric_id=matched.metric_id if matched is not None else None,
            )
        )

    def metric(
        self,
        item_id: str,
        section_id: str,
        field: str,
        metric: Metric,
        evidence_span: tuple[int, int] | None,
        extra_qualifier: str | None = None,
        track: bool = False,
    ) -> None:
        for suffix, claim in (
            ("", value_claim(metric, extra_qualifier)),
            (".change", change_claim(metric)),
        ):
            if claim is None:
                continue
            verdict = self.judge_in_evidence(claim, evidence_span) or judge(
                claim, self.scopes(section_id)
            )
            if metric.derived and verdict.status not in OK_STATUSES:
                # The model says it computed the figure: recompute it instead of looking it up.
                verdict = self.derived(claim, section_id, evidence_span, verdict)
            if track and verdict.figure is not None and verdict.status != "not_found":
                self.matched.add((verdict.figure.mention.start, verdict.figure.mention.end))
            src = source_words(self.text, verdict.figure)
            key: str = verdict.status
            if key == "not_found" and verdict.figure is not None:
                key = "not_found_near"
            if key == "derived" and not verdict.note:
                key = "derived_unchecked"
            self.add(
                item_id,
                field + suffix,
                claim.text,
                verdict.status,
                verdict.figure,
                message(key, self.lang, src=src, note=verdict.note),
            )

    def derived(
        self,
        claim: Claim,
        section_id: str,
        evidence_span: tuple[int, int] | None,
        fallback: Verdict,
    ) -> Verdict:
        # The numbers it was computed from stand in its evidence, else somewhere in its section.
        windows = [evidence_span] if evidence_span is not None else []
        section = self.sections.get(section_id)
        if section is not None:
            windows.append((section.start, section.end))
        numbers: list[NumberMention] = []
        for lo, hi in windows:
            first = bisect.bisect_left(self.starts, lo)
            last = bisect.bisect_left(self.starts, hi)
            numbers = [p.mention for p in self.figures[first:last]]
            if len(numbers) >= 2:
                break
        how = recomputes(claim, numbers)
        if how is not None:
            return Verdict("derived", fallback.figure, how)
        if len(numbers) < 2 and fallback.status == "not_found":
            # Nothing to recompute from: the model's word is all there is, and it says so.
            return Verdict("derived", fallback.figure)
        return Verdict("derived_mismatch", fallback.figure)

    def coverage(self) -> Coverage:
        # Sections tile the text: each figure's section by bisect, not by a scan (quadratic
        # on a report of thousands of sections).
        review = sorted(
            ((s.start, s.end) for s in self.sections.values() if s.role == "review"),
        )
        review_starts = [start for start, _ in review]

        def in_review(at: int) -> bool:
            i = bisect.bisect_right(review_starts, at) - 1
            return i >= 0 and at < review[i][1]

        figures = [
            p.mention
            for p in self.figures
            if not p.threshold and p.quantity and in_review(p.mention.start)
        ]
        covered_keys = {
            (m.value, m.unit, m.direction) for m in figures if (m.start, m.end) in self.matched
        }
        omitted = [
            m
            for m in figures
            if (m.start, m.end) not in self.matched
            and (m.value, m.unit, m.direction) not in covered_keys
        ]
        return Coverage(
            review_figures=len(figures), covered=len(figures) - len(omitted), omitted=omitted
        )


def check_report(
    summary: ReportSummary,
    doc: Document,
    sections: list[Section],
    mentions: list[NumberMention],
    *,
    lang: str = "zh",
) -> None:
    """Check every item of `summary` against `doc`: fills item spans, `checks`, `flags` and
    `coverage`. Never raises on a bad claim: a wrong figure is a flag, not an error."""
    checker = Checker(summary, doc, sections, mentions, lang)
    for achievement in summary.achievements:
        span = checker.locate(achievement.id, achievement.section_id, achievement.evidence)
        achievement.start, achievement.end = span if span is not None else (None, None)
        for index, metric in enumerate(achievement.metrics):
            checker.metric(
                achievement.id,
                achievement.section_id,
                f"metrics[{index}]",
                metric,
                span,
                track=True,
            )
    for target in summary.targets:
        span = checker.locate(target.id, target.section_id, target.evidence)
        target.start, target.end = span if span is not None else (None, None)
        if target.metric is not None:
            quantity_qualifier = target.qualifier if bound_of(target.qualifier) != "exact" else None
            checker.metric(
                target.id, target.section_id, "metric", target.metric, span, quantity_qualifier
            )
    for problem in summary.problems:
        span = checker.locate(problem.id, problem.section_id, problem.evidence)
        problem.start, problem.end = span if span is not None else (None, None)
    summary.checks = checker.checks
    summary.flags = [check for check in checker.checks if check.is_flag]
    summary.coverage = checker.coverage()
