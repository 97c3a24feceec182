"""Achievements: the results a review section reports, one per run of clauses about one thing.

A clause with figures opens an achievement; clauses that only go on with it (，同比增长22.1%;
总投资23.7亿元; 分别增长…) join it. Each figure the group holds becomes a metric named as
summarizer/figures reads it, with the change figures attached to its level. A clause without
figures is an achievement of its own when it says a result (获评, 竣工 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.clauses import SENTENCE_ENDS, has_any, strip_edges
from summarizer.figures import Figure
from summarizer.lexicon import items, names, units
from summarizer.models import Achievement, Category, Metric
from summarizer.providers.rules.categories import category, category_scores
from summarizer.providers.rules.metrics import metric_of
from summarizer.providers.rules.section import Clause, SectionText, trim_summary
from summarizer.providers.rules.tense import TenseReader

_ITEMS = items()
_NAMES = names()
_CHANGE_UNITS = units().change_units
# The number of a heading: (一), 一、, 1. — not part of what it says.
_MARKER = re.compile(r"^[（(]?[一二三四五六七八九十0-9]{1,3}[)）、.．]\s*")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}年")
_ANNOUNCES = ("：", ":")
# A figure-free sentence of this many clauses or more is summed up by its clause of work done.
_SUMMED_UP = 3


@dataclass(slots=True)
class _Group:
    """Clauses that together report one achievement."""

    clauses: list[Clause] = field(default_factory=list)
    lead: Clause | None = None

    @property
    def figures(self) -> list[Figure]:
        return [f for clause in self.clauses for f in clause.figures]


def read_achievements(section: SectionText) -> list[Achievement]:
    heading_scores = category_scores(section.heading)
    out: list[Achievement] = []
    done_until = 0
    headed = _sub_heading(section, heading_scores)
    if headed is not None:
        achievement, done_until = headed
        out.append(achievement)
    for start, end in section.sentences:
        if end <= done_until or section.overlaps_claimed(start, end):
            continue
        sentence = section.piece(start, end)
        if has_any(sentence, _ITEMS.not_results):
            continue  # the guiding ideology, thanks: no result
        found = _sentence(section, section.clauses(start, end), heading_scores)
        if not found and _says_done(sentence):
            # 处置了…, 建成…, 完成…: work done, with or without a figure to show for it. A
            # long sentence is summed up by the clause that says what was done.
            found = [_achievement(sentence, [], heading_scores)]
            done = _done_clause(section, start, end)
            if done is not None:
                found[0].summary = trim_summary(done)
        out.extend(found)
    return out


def _sub_heading(
    section: SectionText, heading_scores: dict[Category, int]
) -> tuple[Achievement, int] | None:
    """(一)XX工作成效明显 and its lead sentence: what the report itself says of a field of
    work, an achievement even where no figure follows (a 街道 summary's qualitative review).
    Returns it with where it ends, so its lead sentence is not reported again."""
    path = section.section.heading_path
    if not path:
        return None
    own = path[-1].rstrip("…")
    text = section.text
    first = len(text) - len(text.lstrip())
    if len(own) < 4 or not text.startswith(own[: max(4, len(own) - 1)], first):
        return None
    if _YEAR.search(own) or has_any(own, _ITEMS.part_titles):
        return None  # 一、2023年工作回顾: the part's title, not a field of work
    line_end = text.find("\n", first)
    heading_end = min(
        (at for at in (line_end, *(text.find(m, first) for m in SENTENCE_ENDS)) if at >= 0),
        default=len(text),
    )
    title = strip_edges(_MARKER.sub("", strip_edges(text[first:heading_end])))
    if len(title) < 4:
        return None
    end = heading_end
    lead = next(((a, b) for a, b in section.sentences if a >= heading_end and b > a + 1), None)
    if lead is not None and not any(c.figures for c in section.clauses(*lead)):
        end = lead[1]
    evidence = strip_edges(text[first:end])
    return (
        Achievement(
            summary=title,
            category=category(evidence, heading_scores),
            metrics=[],
            evidence=evidence,
        ),
        end,
    )


def _done_clause(section: SectionText, start: int, end: int) -> str | None:
    """In a sentence of several clauses, the first that says what was done (建成, 完成, 了)."""
    clauses = section.clauses(start, end)
    if len(clauses) < _SUMMED_UP:
        return None
    for clause in clauses:
        body = section.piece(clause.start, clause.end)
        if len(strip_edges(body)) >= 6 and (
            has_any(body, _ITEMS.result_cues)
            or has_any(body, _ITEMS.done_verbs)
            or TenseReader.completed(body)
        ):
            return body
    return None


def _says_done(sentence: str) -> bool:
    """A sentence that says something was done: a result cue, a done verb, or 了. One that
    ends on a colon only announces what follows (一年来，…主要做了以下工作：)."""
    text = sentence.rstrip()
    return (
        len(strip_edges(text)) >= 8
        and not text.endswith(_ANNOUNCES)
        and (
            has_any(sentence, _ITEMS.result_cues)
            or has_any(sentence, _ITEMS.done_verbs)
            or TenseReader.completed(sentence)
        )
    )


def _sentence(
    section: SectionText, clauses: list[Clause], heading_scores: dict[Category, int]
) -> list[Achievement]:
    groups: list[_Group] = []
    found: list[tuple[int, Achievement]] = []
    current: _Group | None = None
    lead: Clause | None = None
    for clause in clauses:
        body = section.piece(clause.start, clause.end)
        if section.overlaps_claimed(clause.start, clause.end):
            current, lead = None, None
            continue
        if not clause.figures:
            if has_any(body, _ITEMS.result_cues) and len(body) >= 6:
                found.append((clause.start, _achievement(body, [], heading_scores)))
                current, lead = None, None
            elif current is None and len(body) <= 8:
                # 上半年，街道完成税收收入…: a short lead-in sets the scene for what follows.
                lead = clause
            else:
                current, lead = None, None
            continue
        if current is not None and clause.segment == current.clauses[-1].segment:
            if _refers_back(clause, groups):
                # 同比分别-6.2%、-19.3%: the changes of figures in groups before; one achievement.
                _merge_back(groups, clause)
                current = groups[-1]
                continue
            if _continues(section, clause, current):
                current.clauses.append(clause)
                continue
        current = _Group(clauses=[clause], lead=lead)
        lead = None
        groups.append(current)
    for group in groups:
        start = group.lead.start if group.lead is not None else group.clauses[0].start
        body = section.piece(start, group.clauses[-1].end)
        found.append(
            (group.clauses[0].start, _achievement(body, _metrics(section, group), heading_scores))
        )
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]


def _achievement(
    body: str, metrics: list[Metric], heading_scores: dict[Category, int]
) -> Achievement:
    return Achievement(
        summary=trim_summary(body),
        category=category(body, heading_scores),
        metrics=metrics,
        evidence=body,
    )


def _refers_back(clause: Clause, groups: list[_Group]) -> bool:
    """Changes whose levels stand in groups before the last one of the sentence."""
    if len(groups) < 2 or not all(f.is_change for f in clause.figures):
        return False
    earlier = {id(f) for group in groups[:-1] for f in group.figures}
    return any(f.level is not None and id(f.level) in earlier for f in clause.figures)


def _merge_back(groups: list[_Group], clause: Clause) -> None:
    """Pull the groups that hold the levels of `clause`'s changes into the last group."""
    levels = {id(f.level) for f in clause.figures if f.level is not None}
    current = groups[-1]
    current.clauses.append(clause)
    while len(groups) > 1 and any(id(f) in levels for f in groups[-2].figures):
        previous = groups.pop(-2)
        current.clauses[:0] = previous.clauses
        current.lead = previous.lead


def _continues(section: SectionText, clause: Clause, group: _Group) -> bool:
    body = strip_edges(section.piece(clause.start, clause.end))
    if all(f.is_change for f in clause.figures):
        # 同比增长22.1% goes with the figure before it; 规模以上工业增加值同比增长0.28%
        # names a metric of its own.
        return all(not f.named_here for f in clause.figures)
    if body.startswith(_ITEMS.continuation_starts):
        # 总投资23.7亿元 goes with the projects before it; 总投资3.8亿元的智格商业大楼项目
        # 全面竣工 is an item of its own.
        last = clause.figures[-1]
        return len(strip_edges(section.text[last.end : clause.end])) <= 2
    # 亿元以上5家: too short to name a figure of its own.
    return len(body) < 8 and any(not f.is_change for f in group.figures)


def _metrics(section: SectionText, group: _Group) -> list[Metric]:
    """One metric per figure of the group that measures a result; a change goes with its
    level when the level is in the group too."""
    figures = group.figures
    held = {id(f) for f in figures}
    out: list[Metric] = []
    last: Figure | None = None
    last_name = ""
    for figure in figures:
        if not figure.result:
            continue
        name = figure.name
        if not name and last is not None and last.mention.unit != figure.mention.unit:
            # 安保力量6700多人次,7万多小时: the same subject in another unit.
            name = last_name
        name = name or _words_near(figure)
        if figure.is_change:
            level = figure.level
            if (
                level is not None
                and id(level) in held
                and level.change is figure
                and level.result
                and not level.is_change
                and _fits_a_change(figure)
            ):
                continue  # reported with its level
            # 高新技术产业投资、民间投资均增长10%: the one figure is each name's.
            out.extend(metric_of(figure, section.text, name=n) for n in figure.each or (name,))
        else:
            change = figure.change
            if change is None or id(change) not in held or not _fits_a_change(change):
                change = None  # none, or one reported on its own (增加1229元, 增长1.5倍)
            out.extend(
                metric_of(figure, section.text, change, name=n) for n in figure.each or (name,)
            )
        last, last_name = figure, name
    return out


def _fits_a_change(figure: Figure) -> bool:
    """A Change holds one rate: 增长10.6%, 提高0.5个百分点 (not 增加1229元, 1.5倍, 6%-6.5%)."""
    return figure.mention.unit in _CHANGE_UNITS and figure.mention.value_hi is None


def _words_near(figure: Figure) -> str:
    """A figure nothing names is shown with the words beside it (58万人|纳入城市最低生活保障范围)."""
    for words in (figure.tail, figure.words):
        words = strip_edges(words)
        if len(words) >= 2:
            return words[: _NAMES.max_name_chars]
    return figure.mention.raw
