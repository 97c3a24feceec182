"""The built-in `rules` provider: offline, deterministic extraction by cue words.

It reads one section the way a hurried analyst would: the section's role says what to look for
(results in review parts, commitments in plan parts, shortcomings in problem parts), the clause
structure says where one item ends, summarizer/figures says which metric each figure belongs to,
and the lexicon's cue words decide the rest. Every summary is a trimmed source clause and every
evidence an exact substring of the section, so the cross-check can verify each quote and figure
by construction.

| module | job |
|---|---|
| section.py | the section's sentences, clauses and figures, shared by the readers |
| achievements.py | results, with their metrics |
| targets.py | commitments for the coming period, with the period they are for |
| problems.py | listed shortcomings |
| metrics.py | a Metric (and its Change) from a figure |
| categories.py | an achievement's category, a problem's area |
"""

from __future__ import annotations

from summarizer.document.paragraphs import is_self_building
from summarizer.document.parts import is_self_building_heading
from summarizer.lexicon.frame import frame_lexicon
from summarizer.lexicon.loader import digest as lexicon_digest
from summarizer.models import SCHEMA_VERSION, ChunkResult, ReportMeta, Section
from summarizer.providers.base import Extraction
from summarizer.providers.rules.achievements import read_achievements
from summarizer.providers.rules.problems import read_problems
from summarizer.providers.rules.section import SectionText
from summarizer.providers.rules.targets import read_targets

__all__ = ["RULES_VERSION", "RulesProvider"]

# Bump whenever the output for the same section changes: it is part of the cache key.
RULES_VERSION = "17"


class RulesProvider:
    """The offline default provider: cue words + section roles + figures."""

    name = "rules"
    model: str | None = None
    prompt_version: str | None = None

    def identity(self) -> dict[str, str]:
        return {
            "provider": self.name,
            "version": RULES_VERSION,
            "schema": SCHEMA_VERSION,
            "lexicon": lexicon_digest(),
        }

    async def extract(self, section: Section, meta: ReportMeta) -> Extraction:
        return Extraction(result=self.extract_sync(section, meta))

    def extract_sync(self, section: Section, meta: ReportMeta) -> ChunkResult:
        text = SectionText(section, meta)
        role = section.role
        # Problems first, then targets: a clause one of them claims is no achievement.
        problems = read_problems(text)
        plan = role == "plan" or (role == "other" and _commits_ahead(section, meta))
        targets = read_targets(text, plan=plan) if role != "problems" else []
        # Results only from review parts: an opening, a closing or an appendix reports none.
        achievements = read_achievements(text) if role == "review" else []
        return ChunkResult(achievements=achievements, targets=targets, problems=problems)


def _commits_ahead(section: Section, meta: ReportMeta) -> bool:
    """A part outside the plan that still sets the plan period's tasks: an appendix or list
    headed by the plan period and a plan word (2020年十件民生实事安排建议), or the government's
    own part of a report with a plan (一般性支出压减15%: a target like any other)."""
    period = meta.plan_period
    if period is None or period.year is None:
        return False
    year = f"{period.year}年"
    words = frame_lexicon().plan_words
    if is_self_building(section.text, addressed=False):
        return True  # 各位代表！…政府自身建设 opening the government's own part
    return any(
        (year in h and any(w in h for w in words)) or is_self_building_heading(h)
        for h in section.heading_path
    )
