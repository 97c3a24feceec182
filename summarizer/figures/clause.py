"""One clause at a time: which figures are changes, thresholds or no results, and the name each
figure's own words give it.

A clause runs between two of ，,：:；;。 (outside brackets and quotes). Within it a figure's
own words are those from the figure before it (after a list joiner) or the clause start.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from summarizer.clauses import (
    BRACKETS,
    OPENERS,
    PLAIN_EDGES,
    has_any,
    strip_edges,
    unmatched,
)
from summarizer.figures.model import Figure
from summarizer.figures.naming import clean_name, first_joiner, people_count_name, read_after
from summarizer.lexicon import changes, kinds, names, qualifiers, units
from summarizer.models import Direction

_NAMES = names()
_UNITS = units()
_CHANGES = changes()
_CHANGE_UNITS = _UNITS.change_units
_TIME_UNITS = _UNITS.of("time")
_NON_QUANTITY_UNITS = _UNITS.of("anniversary")
_FREQUENCY_UNITS = _UNITS.counting("times")
_PERSON_UNITS = _UNITS.counting("people")
_CLASSIFIERS = _UNITS.classifiers
_JOINERS = frozenset(_NAMES.list_joiners)
_TIME_ONLY = frozenset(q.word for q in qualifiers().all if q.time_only)
# 是1997年的1.5倍: a multiple of an earlier year's level is a change.
_MULTIPLE_OF = re.compile(r"是[^，,；;。]{0,12}的$")
# Dates and the words that frame a from…to pair stand between a name and its figure:
# 全市经济增速由2022年的|0.8%, 人均地区生产总值…从2015年的|71683元.
_DATE_TAIL = re.compile(r"(?:由|从)?(?:(?:19|20)[0-9]{2}年(?:底|末)?)?的?$")


@lru_cache(maxsize=1)
def _nothing_pattern() -> re.Pattern[str]:
    """Words that frame a figure without naming a metric: cues, bases, fillers, qualifiers,
    totals and the refer-back words of the lexicon, years, digits and punctuation."""
    words = {
        *_CHANGES.cues,
        *_CHANGES.bases,
        *_CHANGES.fillers,
        *qualifiers().words("prefix"),
        *kinds().total,
        *kinds().multi_year,
        *_NAMES.refer_back,
        # 增加到, 提高至 (a bare 到 is also the 到 of 到位).
        *(cue + mark for cue in _CHANGES.cues for mark in _CHANGES.level_marks),
    }
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(
        r"(?:比|较)?(?:(?:19|20)[0-9]{2}年(?:底|末)?|上年|去年|前[三四五]年|上一个五年)(?:同期)?"
        + r"|[“”\"]?(?:"
        + "|".join(kinds().plan_periods)
        + r")[“”\"]?(?:期末|末|时期|期间)?"
        + r"|[一二三四五六七八九十0-9]+年(?:来|间)?"
        r"|(?:比|较)(?=[^，,]{0,3}(?:增|降|减|提|下|上|高|低))"
        f"|{alternation}"
        r"|[\s\d.%\-+－—()（）、，,：:；;]"
    )


@lru_cache(maxsize=16384)
def without_framing(words: str) -> str:
    """`words` without the words that only frame a figure (cues, bases, qualifiers, years)."""
    return _nothing_pattern().sub("", words)


@lru_cache(maxsize=16384)
def names_nothing(words: str) -> bool:
    """True when `words` name no metric: …，同比增长 / 分别为 / 比1997年分别增长 / 增加到."""
    if any(marker in words for marker in kinds().per_unit):
        return False  # 人均达6073元: 人均 names a per-unit figure
    return len(_nothing_pattern().sub("", words)) < 2


def level_reached(figure: Figure) -> bool:
    """增长到, 提高至: the figure is the level reached, not the change."""
    return bool(figure.mention.extra.get("level"))


# --------------------------------------------------------------------------- changes


def mark_changes(text: str, clause_start: int, figures: Sequence[Figure]) -> None:
    """Which figures of a clause are changes (同比增长10.6%, 减少114人, 是1997年的1.5倍,
    增速为8.2%) rather than levels, and which way each went."""
    previous: Figure | None = None
    window_size = _CHANGES.window
    for figure in figures:
        mention = figure.mention
        gap_start = previous.end if previous is not None else clause_start
        gap = text[gap_start : mention.start]
        window = text[max(clause_start, mention.start - window_size) : mention.start]
        direction = mention.direction
        change = False
        if level_reached(figure):
            change = False
        elif (
            direction is not None
            or (mention.unit in _CHANGE_UNITS and _cue_governs(window))
            or (mention.unit == "倍" and _MULTIPLE_OF.search(gap))
            or (
                mention.unit in _CHANGE_UNITS
                and strip_edges(gap).endswith(
                    (
                        "增速",
                        "增幅",
                        "增长率",
                        "增速为",
                        "增幅为",
                        "增长率为",
                        "增速分别为",
                        "增幅分别为",
                    )
                )
            )
        ):
            change = True
        elif (
            previous is not None
            and previous.is_change
            and not level_reached(previous)
            and previous.mention.unit == mention.unit
            and _is_joiner(strip_edges(gap))
        ):
            # 分别增长11.7%、19.2%; 比2015年分别增加13064元、6756元: one cue governs a list.
            change = True
            direction = previous.direction
        if change and direction is None:
            direction = _direction_of(window)
        figure.is_change = change
        figure.direction = direction if change else None
        previous = figure


def _cue_governs(window: str) -> bool:
    """A change cue or basis stands before the figure with nothing naming a metric between:
    同比增长超|40%, but not 对全市税收增长贡献率达|72% or 增加值占比从|6.3%."""
    last = -1
    for word in (*_CHANGES.cues, *_CHANGES.bases):
        at = window.rfind(word)
        if at >= 0:
            last = max(last, at + len(word))
    if last < 0 or window[last : last + 1] in tuple(_CHANGES.level_marks):
        return False  # 提高到24%: the level reached
    return names_nothing(window[last:])


def mark_growth_names(figures: Sequence[Figure]) -> None:
    """全市经济增速由2022年的0.8%…: a rate named as the growth of a metric is a change."""
    for figure in figures:
        if (
            not figure.is_change
            and figure.mention.unit in _CHANGE_UNITS
            and figure.name.endswith(("增速", "增幅", "增长率"))
        ):
            figure.is_change = True


def _is_joiner(gap: str) -> bool:
    return not gap or gap in _JOINERS


def _direction_of(window: str) -> Direction | None:
    best = -1
    found = None
    for cue in _CHANGES.cues:
        at = window.rfind(cue)
        if at > best:
            best, found = at, cue
    if found is not None:
        direction = _CHANGES.direction_of(found)
        return None if direction is None or direction == "flat" else direction
    if has_any(window, _CHANGES.bases):
        return "increase"
    return None


# --------------------------------------------------------------------------- what is a result


def is_quantity(text: str, figure: Figure) -> bool:
    """八八战略实施20周年, 15分钟托育服务圈: numbers that name, not measure."""
    mention = figure.mention
    if (mention.unit or "") in _NON_QUANTITY_UNITS:
        return False
    tail = text[mention.end : mention.end + 10]
    stop = min((tail.find(ch) for ch in "，,。；;、" if ch in tail), default=len(tail))
    return not has_any(tail[:stop], _NAMES.name_like_suffixes)


def is_result(text: str, figure: Figure) -> bool:
    """14天内实现…, (全区31个): figures that say when, or compare with a wider area. They
    keep their clause but measure no result of their own."""
    mention = figure.mention
    unit = mention.unit or ""
    if (
        unit in _TIME_UNITS
        and (mention.start == 0 or text[mention.start - 1] in PLAIN_EDGES)
        and (
            mention.qualifier in _TIME_ONLY
            or text.startswith(_NAMES.duration_followers, mention.end)
        )
    ):
        return False
    if unit == "年" and not figure.is_change:
        # 过去五年, 近两年: the span a passage looks back on; 连续4年获评… is a result.
        lead = text[max(0, mention.start - 2) : mention.start]
        if not lead.endswith(tuple(c for c in _NAMES.year_span_cues if c != "近")):
            return False
    before = text[max(0, mention.start - 12) : mention.start]
    opener = unmatched(before, closers=False)
    return not (opener >= 0 and before[opener + 1 :].startswith(_NAMES.comparison_scopes))


def is_threshold(text: str, figure: Figure, following: Figure | None) -> bool:
    """亿元以上 in 引进亿元以上重大项目, 注册资金千万元以上46家, 10亿元以上项目34个: a size
    class that is part of the name of the figure after it; 3个 in 拆除率3个100% counts the
    figures that follow."""
    mention = figure.mention
    if (
        mention.scale is not None
        and not any(ch.isdigit() for ch in mention.raw)
        and mention.raw.lstrip("近超逾约").startswith(mention.scale)
    ):
        return True
    if following is None:
        return False
    if (
        following.mention.start == mention.end
        and (mention.unit or "") in _CLASSIFIERS
        and following.mention.unit in _CHANGE_UNITS
    ):
        return True
    between = text[mention.end : following.mention.start]
    bound = mention.qualifier if mention.qualifier in ("以上", "以下") else None
    if bound is None:
        after = text[mention.end : mention.end + 2]
        bound = after if after in ("以上", "以下") else None
    return (
        bound is not None
        and len(strip_edges(between.removeprefix(bound))) <= 10
        and not has_any(between, "，,、；;")
    )


# --------------------------------------------------------------------------- names


def name_before(text: str, lo: int, hi: int, *, keep_action: bool = False) -> tuple[str, bool]:
    """`clean_name` of the words in `[lo, hi)` that can belong to a figure at `hi`: after the
    last clause separator, and inside a bracket the figure stands in (…发放工作(共发放4440人次:
    the bracket says only 发放, so the words before it name it)."""
    raw = text[lo:hi]
    raw = raw[max(raw.rfind(sep) for sep in "，,；;：:") + 1 :]
    dated = _DATE_TAIL.search(raw)
    if dated is not None and dated.start() < len(raw):
        raw = raw[: dated.start()]
    opener = unmatched(raw, closers=False)
    if opener >= 0:
        inner = clean_name(raw[opener + 1 :], keep_action=keep_action)
        if inner[0] and inner[0] not in _NAMES.head_verbs:
            return inner
        raw = raw[:opener]
    return clean_name(raw, keep_action=keep_action)


def name_after(text: str, lo: int, hi: int) -> str:
    """The words right after a figure, up to the next verb (8名社工和… → 社工)."""
    if lo >= hi or text[lo] in PLAIN_EDGES or text[lo] in BRACKETS:
        # 设立集中隔离点12个(全区31个): a bracket after a figure is an aside, not its name.
        return ""
    return read_after(text[lo:hi])


def own_name(text: str, clause: tuple[int, int], figures: Sequence[Figure], index: int) -> str:
    """The name one figure's own words give it: the words before it, or what it counts when
    that follows it (18家规上工业企业, 三个社区, 计划新增8个…项目)."""
    mention = figures[index].mention
    lo = figures[index - 1].end if index > 0 else clause[0]
    hi = figures[index + 1].start if index + 1 < len(figures) else clause[1]
    if index > 0:
        # 1400家企业、1万余处“九小场所”: 企业 is what the figure before counts.
        lo += first_joiner(text[lo : mention.start]) + 1
    unit = mention.unit or ""
    before, weak = name_before(text, lo, mention.start, keep_action=unit in _FREQUENCY_UNITS)
    after = name_after(text, mention.end, hi)
    if not after and index + 1 < len(figures) and figures[index + 1].start == mention.end:
        # 9天完成42宗35户签约工作: two counts of one piece of work; the first is told apart by
        # its unit (签约宗数), the second reads the name as printed after it.
        following = figures[index + 1]
        end = figures[index + 2].start if index + 2 < len(figures) else clause[1]
        shared = name_after(text, following.end, end)
        if shared and _UNITS.dimension(unit) == "count":
            after = f"{shared}{unit}{_NAMES.count_suffix}"
    # 实现“100%货币化房票安置”: a figure that opens a quote is named by the rest of it.
    quoted = mention.start > 0 and text[mention.start - 1] in OPENERS
    if after and (
        not before
        or weak
        or quoted
        or before.endswith(_NAMES.head_verbs)
        or before.endswith("等")
        or (unit in _CLASSIFIERS and not mention.scale)
    ):
        return after
    if before == _NAMES.involves:
        # 劳动监察仲裁案件112起、涉及96人; any other unit repeats the subject before it.
        return _NAMES.involved_people if unit in _PERSON_UNITS else ""
    if before in _NAMES.head_verbs:
        # 拆除23宗: nothing better than the verb itself (针对 frames, it names nothing).
        return after or ("" if before in _NAMES.lead_words else before)
    return people_count_name(before, mention.unit)


def starts_a_change(before: str, after: str) -> bool:
    """由10%提高到14%, 分别从40152元、14652元增加到…: the figure is the level a change starts
    from (`before` is the clause up to the figure, `after` the clause after it)."""
    lex = changes()
    window = before[-lex.start_window :]
    return any(mark in window for mark in lex.start_marks) and any(
        mark in after for mark in lex.level_marks
    )
