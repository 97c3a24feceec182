"""ReportSummaries → one Briefing, a summary at a time (see `BriefingBuilder`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from summarizer.models import ReportSummary
from summarizer.render.brief_compare import Holder, compare
from summarizer.render.brief_model import (
    Briefing,
    Counts,
    ReportBrief,
    build_report,
    count_checks,
    recurring_problems,
    report_key,
)
from summarizer.track import TrackRecord, record_of, track


class BriefingBuilder:
    """Builds a briefing one summary at a time, keeping of each only what the briefing shows
    (its ReportBrief) and what comparisons and tracking need (its track record): a briefing of
    hundreds of reports never holds their summaries, whose section texts and checks are most
    of their size."""

    def __init__(self) -> None:
        self.reports: list[ReportBrief] = []
        self.records: list[TrackRecord] = []
        self.counts = Counts()
        self._taken: set[str] = set()

    def add(self, summary: ReportSummary) -> None:
        key = report_key(summary.report, len(self.reports), self._taken)
        self.reports.append(build_report(summary, key))
        self.records.append(record_of(summary))
        count_checks(self.counts, summary)

    def build(self, *, now: datetime | None = None) -> Briefing:
        if not self.reports:
            raise ValueError("a briefing needs at least one report summary")
        reports = self.reports
        engines = sorted({r.provider + (f" / {r.model}" if r.model else "") for r in reports})
        prompts = sorted({r.prompt_version for r in reports if r.prompt_version})
        multi = len(reports) > 1
        holders = [
            Holder(
                key=report.key,
                stem=Path(report.path).stem if report.path else report.key,
                label=report.label,
                issuer=report.issuer,
                group=record.group,
                scope=record.level,
            )
            for report, record in zip(reports, self.records, strict=True)
        ]
        return Briefing(
            generated_at=now or datetime.now().astimezone(),
            reports=reports,
            counts=self.counts,
            engines=engines,
            prompt_versions=prompts,
            comparison=compare(holders, self.records) if multi else [],
            recurring=recurring_problems(reports) if multi else [],
            track_rows=track(self.records),
        )


def build_briefing(summaries: Iterable[ReportSummary], *, now: datetime | None = None) -> Briefing:
    builder = BriefingBuilder()
    for summary in summaries:
        builder.add(summary)
    return builder.build(now=now)
