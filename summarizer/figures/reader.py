"""Reading every figure of a text with the metric it belongs to, one segment at a time.

A segment runs to the next ；or sentence end. Within it, each clause names its own figures
(clause.py); then the segment hands out names that its figures' own words do not give: the
names of a 分别 list (lists.py), the level a change refers back to (…15.93亿元，同比增长10.6%),
the metric a share is of (…，占地区生产总值比重45.9%), the metric a per-unit figure is of
(人均达6073元). Last, each figure gets its kind, whether it spans several years, the threshold
in its name, and its catalogue id (kinds.py).

Everything depends only on the segment's own text, so the rules provider reading one section
and the cross-check reading the whole report get the same figures.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from summarizer.clauses import CLAUSE_ENDS, SEGMENT_ENDS, split, strip_edges
from summarizer.figures.clause import (
    is_quantity,
    is_result,
    is_threshold,
    level_reached,
    mark_changes,
    mark_growth_names,
    names_nothing,
    own_name,
)
from summarizer.figures.kinds import classify
from summarizer.figures.lists import _shared_subject, names_each, names_for
from summarizer.figures.model import Figure
from summarizer.figures.naming import clean_name, share_name, strip_tail, without_flow
from summarizer.lexicon import changes, kinds, names, qualifiers, units
from summarizer.lexicon.metrics import resolve
from summarizer.models import NumberMention

_NAMES = names()
_KINDS = kinds()
_TIME_UNITS = units().of("time")
# A name given a figure of a 均 list is at least this long.
_SHORTEST_NAME = 2
# What may stand between 均 and its figure: a change cue, a bound, a filler (均压减, 均达到, 均为).
_EACH_CUES = frozenset(
    (
        "",
        *changes().increase,
        *changes().decrease,
        *changes().fillers,
        *qualifiers().words("prefix"),
    )
)
_SENTENCE_MARKS = frozenset("。！？!?；;：:")
_LEADING_DATE = re.compile(r"^(?:(?:19|20)[0-9]{2}年(?:底|末)?|去年|今年|上年)")


def read_figures(text: str, mentions: Sequence[NumberMention]) -> list[Figure]:
    """Every comparable mention of `text` as a Figure, in text order."""
    ordered = sorted((m for m in mentions if m.comparable), key=lambda m: m.start)
    figures = [Figure(m) for m in ordered]
    if not figures:
        return figures
    starts = [m.start for m in ordered]
    previous = (0, 0)
    for seg_start, seg_end in split(text, 0, len(text), SEGMENT_ENDS):
        lo = bisect.bisect_left(starts, seg_start)
        hi = bisect.bisect_left(starts, seg_end)
        if lo < hi:
            _read_segment(text, (seg_start, seg_end), figures[lo:hi], _broken_line(text, previous))
        previous = (seg_start, seg_end)
    return figures


def _broken_line(text: str, previous: tuple[int, int]) -> str:
    """The line before, when a page broke a sentence at a line end (…各类科技项目\n\n546 项):
    its last clause names the figure that opens the next line."""
    start, end = previous
    if end <= start or text[end - 1] in _SENTENCE_MARKS:
        return ""
    gap = text[end : end + 4]
    if "\n" not in gap:
        return ""
    clauses = split(text, start, end, CLAUSE_ENDS)
    return text[clauses[-1][0] : clauses[-1][1]] if clauses else ""


# --------------------------------------------------------------------------- one segment


def _read_segment(
    text: str, segment: tuple[int, int], figures: list[Figure], broken: str = ""
) -> None:
    clauses = split(text, segment[0], segment[1], CLAUSE_ENDS)
    starts = [start for start, _ in clauses]
    by_clause: dict[int, list[Figure]] = {}
    for figure in figures:
        index = max(0, bisect.bisect_right(starts, figure.start) - 1)
        by_clause.setdefault(index, []).append(figure)
    # The words of a clause with no results (五年间全省国内生产总值连年保持两位数增长), for the
    # clause right after it.
    shares_subject: dict[int, str] = {0: broken} if broken else {}
    for index, clause in enumerate(clauses):
        found = by_clause.get(index)
        if found:
            _read_clause(text, clause, segment, found)
        if not found or not any(f.result and f.quantity and not f.threshold for f in found):
            shares_subject[index + 1] = text[clause[0] : clause[1]]
    named = [f for f in figures if f.quantity and not f.threshold]
    if broken and named and not named[0].name and named[0].clause == clauses[0]:
        named[0].name = clean_name(strip_tail(strip_edges(broken)))[0]
    _compose(text, clauses, named, shares_subject)
    _hand_out_lists(text, clauses, named, shares_subject)
    _refer_back(text, named, shares_subject, clauses)
    for figure in named:
        classify(text, figure)
        figure.each = _given_to_each(text, figure)


def _read_clause(
    text: str, clause: tuple[int, int], segment: tuple[int, int], figures: list[Figure]
) -> None:
    for i, figure in enumerate(figures):
        figure.quantity = is_quantity(text, figure)
        # Every figure keeps the words on both sides, quantity or not (建设|40周年).
        figure.clause, figure.segment = clause, segment
        figure.words = text[figures[i - 1].end if i > 0 else clause[0] : figure.start]
        tail_end = figures[i + 1].start if i + 1 < len(figures) else clause[1]
        figure.tail = text[figure.end : tail_end]
    active = [f for f in figures if f.quantity]
    for i, figure in enumerate(active):
        following = active[i + 1] if i + 1 < len(active) else None
        figure.threshold = is_threshold(text, figure, following)
        figure.clause, figure.segment = clause, segment
        # A threshold keeps the words on both sides: 其中注册资金|千万元以上|46家.
        figure.words = text[active[i - 1].end if i > 0 else clause[0] : figure.start]
        figure.tail = text[figure.end : following.start if following else clause[1]]
    named = [f for f in active if not f.threshold]
    mark_changes(text, clause[0], named)
    for i, figure in enumerate(named):
        figure.result = is_result(text, figure)
        lo = named[i - 1].end if i > 0 else clause[0]
        hi = named[i + 1].start if i + 1 < len(named) else clause[1]
        figure.words = text[lo : figure.start]
        figure.tail = text[figure.end : hi]
        figure.before = text[segment[0] : figure.start]
        figure.name = own_name(text, clause, named, i)
        gap = strip_edges(figure.words)
        listed = i > 0 and (not gap or gap in _NAMES.list_joiners)
        figure.lead = named[i - 1].lead if listed else figure.words
    mark_growth_names(named)


# --------------------------------------------------------------------------- lists


def _groups(text: str, figures: list[Figure]) -> list[list[Figure]]:
    """Runs of figures of one clause with only a list joiner between them: 5.8%和7.9%."""
    groups: list[list[Figure]] = []
    for figure in figures:
        if groups:
            last = groups[-1][-1]
            gap = strip_edges(text[last.end : figure.start])
            if (
                last.clause == figure.clause
                and (not gap or gap in _NAMES.list_joiners)
                and last.is_change == figure.is_change
            ):
                groups[-1].append(figure)
                continue
        groups.append([figure])
    return groups


def _lead(text: str, group: list[Figure], figures: list[Figure]) -> str:
    """The words before a group within its clause (after the figure before it, if any)."""
    first = group[0]
    before = [f for f in figures if f.clause == first.clause and f.end <= first.start]
    lo = before[-1].end if before else first.clause[0]
    return text[lo : first.start]


def _given_to_each(text: str, figure: Figure) -> tuple[str, ...]:
    """A、B和C均压减10%: the names the one figure is given to, each; () for any other figure."""
    if figure.respectively:
        return ()
    words = text[figure.clause[0] : figure.start]
    at = max(words.rfind(word) for word in _NAMES.distributive)
    if at <= 0 or words[at - 1] in _NAMES.not_distributive_after:
        return ()
    if words[at + 1 :] not in _EACH_CUES or any(ch.isdigit() for ch in words[:at]):
        # 优质均衡发展县6个 is no 均 list, nor 228件人大建议和411件政协提案的办理率和满意率均达
        # 100% one this can name.
        return ()
    found = names_each(words[:at])
    if not found or min(len(name) for name in found) < _SHORTEST_NAME:
        return ()  # 形成采、炼各1000万吨: abbreviations, not names
    return tuple(found)


def _hand_out_lists(
    text: str,
    clauses: Sequence[tuple[int, int]],
    figures: list[Figure],
    pending: dict[int, str],
) -> None:
    clause_index = {clause: i for i, clause in enumerate(clauses)}
    roster: list[str] = []
    roster_figures: list[Figure] = []
    for group in _groups(text, figures):
        count = len(group)
        if count < 2:
            continue
        lead = _LEADING_DATE.sub("", strip_edges(_lead(text, group, figures)))
        respectively = "分别" in lead
        found: list[str] | None = None
        source: list[Figure] = []
        if respectively:
            head, _, rest = lead.rpartition("分别")
            found = names_for(head, count) if not names_nothing(head) else None
            if found is None and not names_nothing(rest):
                found = names_for(rest, count)
        elif not names_nothing(lead):
            found = names_for(lead, count)
        if found is None:
            own = _single_name(lead)
            before = [f for f in figures if f.end <= group[0].start]
            earlier = _distinct_levels(before)
            if len(roster) == count and (not own or own in _NAMES.anaphora):
                found, source = list(roster), roster_figures
            elif own and (own in _NAMES.sub_measures or own.startswith(_KINDS.share_lead)):
                # 从业人员分别达到…; 占规模以上工业比重分别达到…: of each metric before.
                named = _distinct_names(before)
                base = roster if len(roster) == count else named[-count:]
                base = [without_flow(b).rsplit("的", 1)[-1] for b in base]
                if len(base) == count:
                    found = [
                        _of_each(b, own, figure) for b, figure in zip(base, group, strict=True)
                    ]
            elif not own and len(earlier) >= count:
                source = earlier[-count:]
                found = [f.name for f in source]
            elif not own:
                # 引进省外资金、技术、人才，分别增长29％、23.6％和63.9％: the clause before lists them.
                before_words = pending.get(clause_index.get(group[0].clause, -1), "")
                found = names_for(before_words, count) if before_words else None
        if found is None:
            continue
        for i, (figure, name) in enumerate(zip(group, found, strict=True)):
            cleaned = clean_name(name)[0] or name
            figure.name = cleaned
            figure.named_here = False
            figure.respectively = respectively or figure.respectively
            if source and figure.is_change and not source[i].is_change:
                figure.level = source[i]
                if source[i].change is None:
                    source[i].change = figure
        roster = [f.name for f in group]
        roster_figures = [f.level or f if f.is_change else f for f in group]


def _distinct_levels(figures: list[Figure]) -> list[Figure]:
    """The last level of each metric named before, in the order the metrics first appear:
    国内生产总值由2670亿元增加到3569亿元，财政收入由235亿元增加到346.7亿元 → [3569亿元,
    346.7亿元]."""
    last: dict[str, Figure] = {}
    for figure in figures:
        if not figure.is_change and figure.result and figure.name:
            last.setdefault(figure.name, figure)
            last[figure.name] = figure
    return list(last.values())


def _of_each(base: str, own: str, figure: Figure) -> str:
    """占规模以上工业比重 of 高新技术产业产值; 从业人员 of 个体户; 总数 of 公园游园 (a count:
    总数分别达到912个、638公里 gives 638公里 to the path itself)."""
    if own.startswith(_KINDS.share_lead):
        return share_name(base, own)
    if own in ("总数", "总量") and units().dimension(figure.mention.unit) != "count":
        return base
    return base + own


def _distinct_names(figures: list[Figure]) -> list[str]:
    """The metrics named before, in the order they first appear (levels and changes alike)."""
    return list(dict.fromkeys(f.name for f in figures if f.result and f.name))


def _single_name(lead: str) -> str:
    if names_nothing(lead):
        return ""
    return clean_name(strip_edges(lead.replace("分别", "")))[0]


def _sub_measure(name: str) -> bool:
    """从业人员, 总数: a name that measures something of each metric of a list."""
    return len(name) <= 4


# --------------------------------------------------------------------------- references


def _compose(
    text: str,
    clauses: Sequence[tuple[int, int]],
    figures: list[Figure],
    shares_subject: dict[int, str],
) -> None:
    """Names a figure's own words give only together with the figure before: 人均 (of the
    metric before), 占…比重 / 占比 (a share of it), 外资 after 实际利用内资 (实际利用外资),
    市级 after 省级专精特新中小企业 (市级专精特新中小企业), 总数 after 净增高新技术企业
    (高新技术企业总数)."""
    clause_index = {clause: i for i, clause in enumerate(clauses)}
    for i, figure in enumerate(figures):
        own = figure.name
        raw = strip_edges(figure.words)
        if raw in _NAMES.levels:
            own = raw  # 省级…167家、市级769家: the level alone (clean_name cuts it as framing)
        if not own:
            continue
        previous = figures[i - 1] if i > 0 else None
        if own.startswith(_KINDS.share_lead) or own in _KINDS.share or own in _KINDS.per_unit:
            earlier = [f for f in figures[:i] if not names_nothing(f.words)]
            subject = _subject(earlier)
        else:
            subject = ""
        if own.startswith(_KINDS.share_lead) or own in _KINDS.share:
            # The clause right before, when it has no figure of its own, says of what: 个体私营
            # 经济创造的增加值，已占国内生产总值的28.3%.
            pending = shares_subject.get(clause_index.get(figure.clause, -1), "")
            if pending:
                subject = clean_name(strip_edges(pending))[0] or subject
            figure.name = share_name(subject, own)
        elif own in _KINDS.per_unit and subject:
            # 全省国内生产总值达3950亿元，人均达6073元: 人均国内生产总值.
            figure.name = own + subject
        elif previous is None or previous.clause != figure.clause:
            continue
        elif own in _NAMES.sub_measures and previous.name:
            figure.name = without_flow(previous.name) + own
        elif own in _NAMES.levels and previous.name.startswith(_NAMES.levels):
            level = next(w for w in _NAMES.levels if previous.name.startswith(w))
            figure.name = own + previous.name[len(level) :]
        elif (
            strip_edges(figure.words) in _NAMES.of_the_counted
            and units().dimension(previous.mention.unit) == "count"
            and previous.name
        ):
            # 实施重点项目1125个、完成投资1355亿元: the investment in those projects.
            figure.name = previous.name + strip_edges(figure.words)
        elif text[previous.end : figure.start].startswith("、") and previous.name:
            if len(own) <= 2:
                # 实际利用内资1364.8亿元、外资1.6亿美元: 外资 is 实际利用外资.
                figure.name = _shared_subject([previous.name, own])[1]
            flow = previous.name[: len(previous.name) - len(without_flow(previous.name))]
            money = units().dimension(figure.mention.unit) == "money"
            if flow and not figure.name.startswith(flow) and not figure.is_change and not money:
                # 新建公园游园305个、城市绿道和健身步道235公里: both are new.
                figure.name = flow + figure.name


def _refer_back(
    text: str,
    figures: list[Figure],
    shares_subject: dict[int, str],
    clauses: Sequence[tuple[int, int]],
) -> None:
    """Figures whose own words name nothing: a change is its level's (…15.93亿元，同比增长
    10.6%); a level reached is the same metric's (从8.9平方米增加到9.4平方米; 规模达到…)."""
    clause_index = {clause: i for i, clause in enumerate(clauses)}
    for i, figure in enumerate(figures):
        if not figure.named_here:
            continue
        earlier = figures[:i]
        own = figure.name
        nothing = not own or names_nothing(figure.words)
        if figure.is_change and nothing:
            level = next((f for f in reversed(earlier) if not f.is_change and f.result), None)
            if level is not None:
                figure.level = level
                if level.change is None:
                    level.change = figure
                figure.name = level.name
                figure.named_here = False
                continue
        results = [f for f in earlier if f.result]
        if (
            (nothing or own in _NAMES.anaphora)
            and results
            and results[-1].name
            and (
                figure.is_change
                or level_reached(figure)
                or own in _NAMES.anaphora
                or names_nothing(own)
            )
        ):
            figure.name = results[-1].name
            figure.named_here = False
            continue
        if not own and not results:
            # 一般公共预算收入跨上千亿元台阶，达到1012.28亿元: the clause before says of what.
            pending = shares_subject.get(clause_index.get(figure.clause, -1), "")
            named = _catalogue_subject(pending) or _short_subject(pending)
            if named:
                figure.name = named
                figure.named_here = False


def _short_subject(words: str) -> str:
    """财政收入突破百亿元大关，达到107亿元: a short clause before that names a metric."""
    name = clean_name(strip_tail(strip_edges(words)))[0]
    return name if 2 <= len(name) <= 8 and not names_nothing(name) else ""


def _catalogue_subject(words: str) -> str:
    """The words of a clause up to the end of the catalogue metric it opens with, if any."""
    words = clean_name(strip_tail(strip_edges(words)))[0]
    for end in range(len(words), 1, -1):
        if resolve(words[:end]) is not None and resolve(words[: end - 1]) is None:
            return words[:end]
    return ""


def _subject(earlier: list[Figure]) -> str:
    """The metric the figures before were about: the name of the last result (a span of time,
    连续24个月…, says how long, not of what)."""
    for figure in reversed(earlier):
        if figure.result and figure.name and figure.mention.unit not in _TIME_UNITS:
            return figure.name
    return ""
