"""Targets: what a plan commits to for the coming period (力争/确保…, 主要目标为：…), one per
clause, with the figure it commits to and the period it is for."""

from __future__ import annotations

from summarizer.clauses import first_of, has_any, strip_edges, strip_words
from summarizer.document import periods
from summarizer.figures import Figure
from summarizer.lexicon import items, names, qualifiers
from summarizer.models import Metric, ReportMeta, Role, Target
from summarizer.providers.rules.metrics import metric as metric_of
from summarizer.providers.rules.section import Clause, SectionText, trim_summary

_ITEMS = items()
_TRAILING_BOUNDS = qualifiers().words("suffix")
# What may follow the figure a clause commits to: 新建老年食堂1个, 覆盖率50%以上的目标.
_GOAL_ENDS = ("", "的目标", "目标", "左右的目标")


def read_targets(section: SectionText, *, plan: bool) -> list[Target]:
    out: list[Target] = []
    for start, end in section.sentences:
        if section.overlaps_claimed(start, end):
            continue
        sentence = section.piece(start, end)
        if has_any(sentence, _ITEMS.long_term_markers) and not plan:
            continue
        goal_from = _goal_list_start(start, sentence)
        forward = False
        long_term = False
        commitment: str | None = None
        for clause in section.clauses(start, end):
            body = section.piece(clause.start, clause.end)
            # 到2035年，人均地区生产总值达到…: the rest of the sentence is long-term.
            long_term = long_term or has_any(body, _ITEMS.long_term_markers)
            if long_term:
                continue
            context = section.text[start : clause.end]
            cue = first_of(body, _ITEMS.commitments)
            if cue:
                commitment = cue
            if plan:
                in_goal_list = goal_from is not None and clause.start >= goal_from
                main = _committed_figure(section, clause)
                if in_goal_list or main is not None:
                    out.append(_target(section, clause, main, commitment, context))
                continue
            if has_any(body, _ITEMS.forward_cues):
                forward = True
            elif has_any(body, _ITEMS.past_markers):
                forward = False
            if forward and clause.figures:
                out.append(_target(section, clause, clause.figures[-1], commitment, context))
    return out


def _goal_list_start(start: int, sentence: str) -> int | None:
    """Where the items of a 主要目标为：… passage begin, if the sentence is one."""
    for cue in _ITEMS.goal_list_cues:
        at = sentence.find(cue)
        if at >= 0:
            return start + at + len(cue)
    return None


def _committed_figure(section: SectionText, clause: Clause) -> Figure | None:
    """The figure a plan clause commits to: the last one, standing at the clause's end
    (新建老年食堂1个, 覆盖率50%以上) or a growth rate (地区生产总值增长8%). A figure that only
    describes the scope of a task (对10%留用地进行梳理) is no target."""
    if not clause.figures:
        return None
    main = clause.figures[-1]
    if main.is_change:
        return main
    rest = strip_words(section.text[main.end : clause.end], _TRAILING_BOUNDS, tail=False)
    return main if strip_edges(rest) in _GOAL_ENDS else None


def _target(
    section: SectionText,
    clause: Clause,
    main: Figure | None,
    commitment: str | None,
    context: str,
) -> Target:
    """One target from one clause; `context` is its sentence up to the clause's end, which may
    say the period (确保年内完成…)."""
    body = section.piece(clause.start, clause.end)
    # A commitment is not also reported as a result.
    section.claimed.append((clause.start, clause.end))
    metric: Metric | None = None
    if main is not None:
        name = main.name or _words_near(main)
        # A growth target is its rate as the metric's value: 地区生产总值增长8% → 8, %.
        metric = metric_of(name, main.mention, text=section.text)
    qualifier = commitment or (metric.qualifier if metric is not None else None)
    return Target(
        summary=trim_summary(body),
        metric=metric,
        qualifier=qualifier,
        period=target_period(section.meta, section.heading, section.section.role, context),
        evidence=body,
    )


def target_period(meta: ReportMeta, heading: str, role: Role, clause_text: str) -> str | None:
    """The period a target is for, as the frame stage reads it (document/periods.py)."""
    period = periods.target_period(meta, role, clause_text, heading)
    return period.label if period is not None else None


def _words_near(figure: Figure) -> str:
    """A figure nothing names is shown with the words before or after it, without figures."""
    for words in (figure.words, figure.tail):
        words = strip_edges(words)
        if len(words) >= 2:
            return words[-names().max_name_chars :]
    return figure.mention.raw
