"""Items put where the report's own structure says they belong, whichever provider read them.

A model reads one section at a time and does not always file what it reads as the report does
(Qwen2.5-Coder-1.5B on the development sections put a plan's targets under achievements, and
wrote a problems paragraph of seven problems as one item). The frame already knows the part
each section belongs to, and the rules provider knows how a report lists its problems, so:

* an achievement of a plan part whose words do not look back (a past marker, 了, the reviewed
  year) is a target: one per figure, as the rules provider reports them (one without a figure
  when it has none);
* a problem whose quote holds several problems (一是…二是…, A；B；C after ：) is one problem each.

The rules provider's own items already follow both rules; this changes nothing of them.
"""

from __future__ import annotations

from summarizer.models import (
    Achievement,
    ChunkResult,
    Metric,
    Problem,
    ReportMeta,
    Section,
    Target,
)
from summarizer.providers.rules.problems import read_problems
from summarizer.providers.rules.section import SectionText
from summarizer.providers.rules.tense import TenseReader

__all__ = ["refile"]


def refile(result: ChunkResult, section: Section, meta: ReportMeta) -> ChunkResult:
    """`result` with achievements of a plan part that look ahead made targets, and problems
    that quote several problems split; the same object when nothing moves."""
    achievements: list[Achievement] = list(result.achievements)
    targets = list(result.targets)
    if section.role == "plan" and achievements:
        # Only a plan part's achievements can move: the tense reader is built for them alone.
        tense = TenseReader(meta)
        achievements = []
        for achievement in result.achievements:
            if tense.of(achievement.evidence) == "past":
                achievements.append(achievement)
            else:
                targets.extend(_as_targets(achievement))
    problems = [split for problem in result.problems for split in _split(problem, section, meta)]
    if len(achievements) == len(result.achievements) and len(problems) == len(result.problems):
        return result
    return ChunkResult(achievements=achievements, targets=targets, problems=problems)


def _as_targets(achievement: Achievement) -> list[Target]:
    # A metric a model names without a figure (种业振兴行动: null) is no target of its own: the
    # item is one target, with no figure, unless some metric has one.
    valued = [m for m in achievement.metrics if m.value is not None or m.change is not None]
    metrics: list[Metric | None] = list(valued) or [None]
    return [
        Target(
            summary=achievement.summary,
            metric=metric,
            qualifier=metric.qualifier if metric is not None else None,
            period=None,  # the frame's: the plan period, unless the words name another
            evidence=achievement.evidence,
        )
        for metric in metrics
    ]


def _split(problem: Problem, section: Section, meta: ReportMeta) -> list[Problem]:
    evidence = problem.evidence
    alone = Section(
        id=section.id,
        heading_path=[],
        level=section.level,
        role="problems",
        start=0,
        end=len(evidence),
        text=evidence,
    )
    found = read_problems(SectionText(alone, meta))
    if len(found) < 2:
        return [problem]
    # Each keeps the area the model gave the whole, unless its own words say another.
    return [p if p.area else p.model_copy(update={"area": problem.area}) for p in found]
