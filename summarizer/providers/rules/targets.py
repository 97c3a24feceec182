"""Targets: what a report commits to for a coming period, one per figure it commits to.

Where they are read:
* in a plan part, every clause that looks ahead: the part's role says the report is speaking
  of what it will do, so a clause is a target unless it restates results (past tense, tense.py:
  去年…, 已…, 实现了…, the reviewed year as the time of the clause);
* elsewhere, only explicit target clauses (力争全年…, 确保…, 今年计划…), from the cue to the end
  of the sentence or to a clause that looks back.

What a target is: one per figure committed to, so a 主要预期目标 list or a `、` list gives one
per metric, a 分别 list one per metric it names (figures/lists.py hands out the names), a range
whole (the numbers stage reads 6%-6.5% as one figure). Thresholds (亿元以上项目), figures that
say when (9天内) and numbers that name (15分钟生活圈) are part of a clause, not targets. A clause
without figures is a qualitative target (metric null) when it stands in a goal list or says
a completion (完成…改造, 建成…).

Period: the part's, or the clause's own (到2025年, “十四五”期间; document/periods.py).
"""

from __future__ import annotations

import re

from summarizer.clauses import first_of, has_any, strip_edges
from summarizer.document import periods
from summarizer.figures import Figure
from summarizer.figures.clause import starts_a_change
from summarizer.lexicon import items, names, qualifiers, units
from summarizer.lexicon.outcomes import outcomes
from summarizer.models import Metric, NumberMention, ReportMeta, Role, Target
from summarizer.providers.rules.metrics import metric as metric_of
from summarizer.providers.rules.section import Clause, SectionText, trim_summary
from summarizer.providers.rules.tense import Tense, TenseReader

_ITEMS = items()
_TRAILING_BOUNDS = tuple(sorted(qualifiers().words("suffix"), key=len, reverse=True))
# What joins the items of a list of figures: 新增森林5万亩、绿地1000公顷.
_JOINERS = "、和及与,，"
_CHANGE_UNITS = units().change_units
# Units of a ratio of a whole (七成, 翻两番): never a count of named parts.
_RATIO_UNITS = units().of("multiple")
# Bounds that, printed inside a name, make a size class of it (10亿以上项目, 3岁以下婴幼儿).
_ABOVE, _BELOW = "以上", "以下"
_MONEY = "元"
_OF = "的"
# A noun of one or two characters and 的 right after a count: 5个县的试点经验.
_NOUN_OF = re.compile(r"^[\u4e00-\u9fff]{1,2}的")
_CLASSIFIERS = units().classifiers
# A scope named after 对 is the whole clause when at most this much follows its figure.
_SCOPE_TAIL = 6
_PREFIXES = tuple(qualifiers().words("prefix"))


def read_targets(section: SectionText, *, plan: bool) -> list[Target]:
    tense_of = TenseReader(section.meta)
    # Outside a plan part, the words that say a clause is a target: a review speaks of the
    # past, so only the strongest (力争, 今年计划) turn it; other parts (政府自身建设) may
    # commit with 确保 or 目标为 too.
    cues = _ITEMS.forward_cues
    if section.section.role != "review":
        cues = (*cues, *_ITEMS.commitment_cues)
    out: list[Target] = []
    for start, end in section.sentences:
        if section.overlaps_claimed(start, end):
            continue
        sentence = section.piece(start, end)
        goal_from = _goal_list_start(start, sentence)
        # Most sentences hold no figure and no goal list, and outside a plan part most say
        # no target cue: nothing to read in them.
        if goal_from is None and not section.has_figures(start, end):
            continue
        if section.section.role == "review":
            out.extend(_restated(section, start, end))
        if not plan and not has_any(sentence, cues):
            continue
        # A plan part speaks of what will be done until a clause looks back; elsewhere a
        # sentence speaks of the future only from an explicit target cue on.
        tense: Tense | None = "future" if plan else None
        commitment: str | None = None
        # Where the words that say the period of a clause begin: the latest clause of the
        # sentence that names one (按照“十五”计划…，今年…目标是：… is this year's).
        period_from = start
        for clause in section.clauses(start, end):
            body = section.piece(clause.start, clause.end)
            if periods.names_period(body):
                period_from = clause.start
            said = tense_of.of(body)
            if goal_from is not None and clause.start < goal_from <= clause.end:
                # 提出了…主要预期目标是：… — whatever its lead says, the list is the targets.
                said = "future"
            if plan:
                tense = said or tense
            elif has_any(body, cues) and said != "past":
                tense = "future"
            elif said == "past":
                tense = None
            cue = first_of(body, _ITEMS.commitments)
            if cue:
                commitment = cue
            if tense != "future":
                continue
            context = section.text[period_from : clause.end]
            figures = [f for f in clause.figures if f.result]
            committed = [f for i, f in enumerate(figures) if _commits(section, clause, figures, i)]
            for index, figure in enumerate(committed):
                piece = _piece(section, clause, committed, index)
                # 一般性支出、“三公”经费、培训费和会议费均压减10%: a target for each.
                for name in figure.each or (None,):
                    out.append(_target(section, piece, figure, commitment, context, name))
            if committed:
                section.claimed.append((clause.start, clause.end))
            elif not figures and goal_from is not None and clause.start >= goal_from:
                out.append(_target(section, (clause.start, clause.end), None, commitment, context))
                section.claimed.append((clause.start, clause.end))
    return out


def _restated(section: SectionText, start: int, end: int) -> list[Target]:
    """接近10％左右的预期目标, 超过11%的预定目标: a review that names last period's target by
    its figure restates it (the reviewed period's target, which summarizer/track settles
    against the outcome beside it). A figure a review reports is no target otherwise."""
    text = section.text
    review = section.meta.review_period
    nouns = outcomes().target_nouns
    out: list[Target] = []
    for clause in section.clauses(start, end):
        for figure in clause.figures:
            after = text[_bound_end(text, figure.end) : clause.end].removeprefix(_OF)
            if not after.startswith(nouns) or section.overlaps_claimed(clause.start, clause.end):
                continue
            target = _target(section, (clause.start, clause.end), figure, None, "")
            target.period = review.label if review is not None else target.period
            out.append(target)
            section.claimed.append((clause.start, clause.end))
    return out


def _commits(section: SectionText, clause: Clause, figures: list[Figure], index: int) -> bool:
    """Whether a figure of a forward clause is a figure committed to. Not committed to: a count
    of the parts of the plan (十个方面, 以下10件) or of a policy's articles (落实…30条), a size
    class (投资10亿元以上的项目, 10亿以上项目, 3岁以下婴幼儿), the scope of a task (5个县的试点
    经验), a capacity inside a project's name (80万吨乙烯等项目), a span (经过五年努力), where
    a change starts (由10%提高到14%), the stretch printed after a floor (900家、力争1000家), and
    proposals put to the vote (25件民生实事候选项目)."""
    text = section.text
    figure = figures[index]
    mention = figure.mention
    unit = mention.unit or ""
    if unit in _ITEMS.not_target_units or _enumerates(mention, unit):
        return False
    before = text[clause.start : mention.start]
    end = _bound_end(text, mention.end)
    after = text[end : clause.end]
    if before.endswith(_ITEMS.enumeration_leads) or text[mention.end : clause.end].startswith(
        _ITEMS.enumeration_nouns
    ):
        return False
    if has_any(text[mention.end : clause.end], _ITEMS.proposal_words):
        return False
    if has_any(after, _ITEMS.policy_nouns) or (
        unit == _ITEMS.policy_unit
        and not strip_edges(after)
        and strip_edges(before).startswith(_ITEMS.policy_verbs)
    ):
        return False
    if (
        strip_edges(before).startswith(_ITEMS.scope_leads)
        and len(strip_edges(after)) <= _SCOPE_TAIL
    ):
        # 对重新确定的43个重点贫困县，要…: the clause only names what the next one acts on.
        return False
    if any(
        starts_a_change(text[clause.start : f.start], text[f.end : clause.end])
        for f in figures[index + 1 :]
    ):
        # 16个扶贫开发重点县…递增比例由10%提高到14%: the clause commits to where the change
        # ends; what stands before where it starts is its scope.
        return False
    lower = mention.bound == "lower" or text[mention.end : end] == _ABOVE
    upper = mention.qualifier == _BELOW or text[mention.end : end] == _BELOW
    if after.startswith(_OF):
        # 投资近5000亿元的项目, 80%以上的大中型企业 (a share of them), 五万户的集中居住目标
        # are still committed to.
        return unit in _CHANGE_UNITS or not (lower or upper) or has_any(after, _ITEMS.goal_words)
    if _NOUN_OF.match(after) and not has_any(after, _ITEMS.goal_words):
        # 5个县的试点经验, 8个村的产业发展: what the task is about, counted.
        return False
    if after[:1].isalpha() and after[:1] not in _JOINERS:
        # 新增3000个以上停车泊位 counts things; 10亿以上重点项目 and 3岁以下婴幼儿 sort them.
        if upper or (lower and (not unit or _MONEY in unit)):
            return False
        if unit not in _CLASSIFIERS and unit not in _CHANGE_UNITS and _in_named_list(after):
            return False
    if starts_a_change(before, after):
        return False
    if index > 0 and has_any(text[figures[index - 1].end : mention.start], _ITEMS.stretch_cues):
        # 900家、力争1000家: the stretch of the figure before.
        return figures[index - 1].mention.unit != mention.unit
    return True


def _in_named_list(after: str) -> bool:
    """80万吨乙烯等一批重大项目: the figure's noun is one name of a list ending in 等."""
    cut = min((after.find(mark) for mark in "、，,；;" if mark in after), default=len(after))
    return has_any(after[:cut], _ITEMS.list_ends)


def _enumerates(mention: NumberMention, unit: str) -> bool:
    """两个市场, 十个方面, 三项改革: a small count printed in words, counting named parts."""
    raw = mention.raw.lstrip("".join(_PREFIXES))
    return (
        bool(raw)
        and not raw[0].isdigit()
        and raw[0] not in "０１２３４５６７８９"
        and mention.scale is None
        and unit not in _CHANGE_UNITS
        and unit not in _RATIO_UNITS
        and mention.value <= 10
    )


def _goal_list_start(start: int, sentence: str) -> int | None:
    """Where the items of a 主要目标为：… passage begin, if the sentence is one."""
    for cue in _ITEMS.goal_list_cues:
        at = sentence.find(cue)
        if at >= 0:
            return start + at + len(cue)
    return None


def _bound_end(text: str, end: int) -> int:
    """The end of a figure with the bound printed after it (50%以上, 5.5%左右)."""
    for word in _TRAILING_BOUNDS:
        if text.startswith(word, end):
            return end + len(word)
    return end


def _piece(
    section: SectionText, clause: Clause, figures: list[Figure], index: int
) -> tuple[int, int]:
    """The words of one figure of a clause: from the list separator after the figure before
    it to the one after it (新增森林5万亩 | 绿地1000公顷). A figure whose piece names nothing
    of its own (建设高速公路4条、133公里; a 分别 list) keeps the whole clause."""
    if len(figures) == 1 or any(f.respectively for f in figures):
        return clause.start, clause.end
    text = section.text
    figure = figures[index]
    start = clause.start
    if index > 0:
        start = _bound_end(text, figures[index - 1].end)
        while start < figure.start and text[start] in _JOINERS:
            start += 1
    end = clause.end
    if index + 1 < len(figures):
        end = _bound_end(text, figure.end)
    own = text[start:end].replace(figure.mention.raw, "")
    if len(strip_edges(own)) < 2:
        return clause.start, clause.end
    return start, end


def _target(
    section: SectionText,
    span: tuple[int, int],
    main: Figure | None,
    commitment: str | None,
    context: str,
    name: str | None = None,
) -> Target:
    """One target from one piece of a clause; `context` is its sentence up to the clause's
    end, which may say the period (确保年内完成…, 到2025年，…); `name`, when given, names its
    figure (one of the names a 均 list gives it)."""
    body = strip_edges(section.piece(*span))
    metric: Metric | None = None
    if main is not None:
        name = name or main.name or _words_near(main)
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
