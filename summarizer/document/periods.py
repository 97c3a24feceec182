"""Periods: building them (2023年上半年, 2021—2025年) and finding the period a target is for.

A target carries the period of the part it stands in (a 政府工作报告's plan: its plan year; a
上半年总结's plan: the second half), unless it names its own: 到2025年 / 2025年前 (that year),
“十四五”期间 / 今后五年 (the term, 5Y), 年内 / 全年 in a half-year plan (the whole year).
A goal beyond the plan period (到2035年) is labelled with its own year, never the plan's.
"""

from __future__ import annotations

import re
from functools import cache

from summarizer.lexicon import names
from summarizer.lexicon.frame import alternation, fold, frame_lexicon
from summarizer.models import Period, ReportMeta, Role, Span
from summarizer.numerals import cn_to_decimal

__all__ = [
    "figure_period",
    "five_year_plan",
    "item_target_period",
    "make_period",
    "names_a_term",
    "names_period",
    "parse_period",
    "plan_year",
    "target_period",
    "term",
    "term_period",
]

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Words after N年 that make it a plan's name (三年行动计划), not a span of time.
_PLAN_NAMES = tuple(names().plan_words)
# The sixth plan on (六五, 1981—1985): earlier ordinals read as prose (三五成群).
_PLAN_TERM = re.compile(
    r"(十[一二三四五六七八九]?|[六七八九])五(?:”|\")?(?:规划|计划|期间|时期|末|期末|以来|发展|目标)?"
)
_OWN_YEAR = re.compile(
    r"(?:到|至|截至|在|于)\s*((?:19|20)\d\d)\s*年(?:底|末|前)?|((?:19|20)\d\d)\s*年(?:底|末|前)"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!以来|代)")
# A year that opens what it is the year of: 2004年我区…主要预期目标是, 2022年全市… (not 比2021年).
_PLAN_YEAR = re.compile(r"^()((?:19|20)\d\d)\s*年(?![以来代底末前])")
# A year range as a label prints it: 2021—2025年, 1998-2002年.
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*年?\s*[—–\-~～至到]\s*((?:19|20)\d\d)\s*年")
# A year a sentence is about (2002年全省…, 在刚刚过去的2002年): not a base of comparison
# (比1997年), a start (1998年以来, 自1998年), a range's end (1998—2002年) or a decade.
_OWN_SENTENCE_YEAR = re.compile(
    r"(?<![\d比较与同自从—–\-~～至到])((?:19|20)\d\d)\s*年(?!代|以来|初以来|[—–\-~～至到]|的?基础)"
)
_TERM_ENDS = ("规划", "计划", "期间", "时期", "末", "期末", "以来", "发展", "目标", "”", '"')
_LABELS: dict[str, str] = {
    "Y": "",
    "H1": "上半年",
    "H2": "下半年",
    "Q1": "第一季度",
    "Q2": "第二季度",
    "Q3": "第三季度",
    "Q4": "第四季度",
}


def make_period(year: int, span: Span) -> Period:
    """A one-year-or-shorter period with its reader's label: (2023, H1) → 2023年上半年."""
    return Period(label=f"{year}年{_LABELS.get(span, '')}", year=year, span=span)


def term(first: int, last: int, *, review: bool) -> Period:
    """A multi-year term: year is its last year for a review, its first for a plan."""
    return Period(label=f"{first}—{last}年", year=last if review else first, span="5Y")


def five_year_plan(ordinal: int) -> tuple[int, int]:
    """First and last year of the n-th five-year plan (九五 = 1996—2000, 十四五 = 2021—2025);
    the plans run on from the third (1966—1970)."""
    first = frame_lexicon().third_plan_first_year + 5 * (ordinal - 3)
    return first, first + 4


def _cn_ordinal(text: str) -> int:
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    return _CN_DIGITS.get(text, 0)


def term_period(text: str) -> tuple[int, int] | None:
    """The years of the first five-year plan named in `text` (“十四五” → 2021, 2025)."""
    for m in _PLAN_TERM.finditer(text):
        # `十五` is the tenth plan only where it names a plan, not in 十五届 or 第十五.
        if m.group(1) == "十" and not m.group().endswith(_TERM_ENDS):
            continue
        if text[max(0, m.start() - 1) : m.start()] == "第":
            continue
        ordinal = _cn_ordinal(m.group(1))
        if ordinal >= 3:
            return five_year_plan(ordinal)
    return None


def _this_year(meta: ReportMeta) -> int | None:
    """The year a report says 今年 of: a 政府工作报告 is read in the year it plans; a summary
    is written in the year it reviews."""
    if meta.kind == "政府工作报告" and meta.plan_period is not None:
        return meta.plan_period.year
    if meta.review_period is not None and meta.review_period.span != "5Y":
        return meta.review_period.year
    return meta.plan_period.year if meta.plan_period is not None else None


def _next_after(review: Period) -> Period:
    if review.span == "H1":
        return make_period(review.year, "H2")
    if review.span in ("Q1", "Q2", "Q3"):
        return make_period(review.year, f"Q{int(review.span[1]) + 1}")  # type: ignore[arg-type]
    return make_period(review.year + 1, "Y")


def _duration(words: str) -> int | None:
    """The years a clause gives its target (用三年左右的时间 → 3, 经过五年努力 → 5, 奋斗五年 →
    5, a clause opening 五年分流… → 5), if it does: the last span it names wins (要用两年时间…，
    五年分流富余职工60万人 is five years)."""
    lex = frame_lexicon()
    found = None
    for m in _duration_re(lex.duration_leads, lex.duration_tails, lex.duration_alone).finditer(
        words
    ):
        after = words[m.end() : m.end() + 4]
        if m.group(3) and after.startswith(_PLAN_NAMES):
            continue  # 三年行动计划: a plan's name, not a span
        found = m
    if found is None:
        return None
    count = found.group(1) or found.group(2) or found.group(3)
    return int(count) if count.isdigit() else int(cn_to_decimal(count)[0])


@cache
def _duration_re(
    leads: tuple[str, ...], tails: tuple[str, ...], alone: tuple[str, ...]
) -> re.Pattern[str]:
    count = r"\s*(\d{1,2}|[两二三四五六七八九十])\s*年"
    return re.compile(
        rf"(?:{alternation(leads)}){count}(?:左右)?的?(?:{alternation(tails)})"
        rf"|(?:{alternation(alone)}){count}"
        # A clause that opens on its span: 五年分流…, 三年内建成… (not 五年来, 三年前).
        rf"|(?:^|[，,；;：:]){count}内?(?![来前后间度底初末代的])"
    )


def target_period(meta: ReportMeta, role: Role, clause: str, heading: str = "") -> Period | None:
    """The period a target stated in `clause` is for, in a section of `role` under `heading`."""
    lex = frame_lexicon()
    words = fold(clause)
    plan = meta.plan_period
    if plan is None and meta.review_period is not None:
        plan = _next_after(meta.review_period)
    # Its own period: a term, a year it names (到2025年), the whole year in a half-year plan.
    named = term_period(words)
    if named is not None and (plan is None or named[1] > plan.year or plan.span == "5Y"):
        return term(*named, review=False)
    if any(w in words for w in lex.future_term):
        first = plan.year if plan is not None else None
        if first is not None:
            return term(first, first + 4, review=False)
    own = _OWN_YEAR.search(words) or _PLAN_YEAR.search(words)
    if own is not None:
        year = int(own.group(1) or own.group(2))
        if plan is None or year != plan.year or plan.span != "Y":
            return make_period(year, "Y")
        return plan
    years = _duration(words)
    if years and plan is not None:
        # 经过五年努力: the term from the plan year; 用三年左右的时间: the year it ends in.
        if years == 5:
            return term(plan.year, plan.year + 4, review=False)
        return make_period(plan.year + years - 1, "Y")
    this_year = _this_year(meta)
    says_this_year = any(w in words for w in lex.this_year)
    # A part that sets out a term (二、“十四五”发展主要目标任务): its targets are the term's,
    # unless the clause names the year itself (2004年…主要预期目标是, 今年…).
    headed = term_period(fold(heading))
    if (
        headed is not None
        and plan is not None
        and headed[1] > plan.year
        and plan.span != "5Y"
        and not says_this_year
        and str(plan.year) not in fold(heading)
    ):
        return term(*headed, review=False)
    says_year = any(w in words for w in lex.whole_year)
    if plan is not None and plan.span in ("H2", "Q2", "Q3", "Q4") and says_year:
        return make_period(plan.year, "Y")
    stated = [int(y) for y in _YEAR.findall(fold(heading))]
    reviewed = meta.review_period.year if meta.review_period is not None else None
    later = [y for y in stated if reviewed is not None and y > reviewed]
    if later:
        return make_period(later[-1], "Y")
    if role != "plan" and "今年" in words and this_year is not None:
        return make_period(this_year, "Y")
    if plan is None:
        return make_period(stated[-1], "Y") if stated else None
    return plan


def names_period(clause: str) -> bool:
    """Whether a clause names the period of what follows it in its sentence: a term (“十五”
    期间), a year it is for (到2025年, 2004年…), this year (今年), the next five years, a span
    of years (用三年时间)."""
    lex = frame_lexicon()
    words = fold(clause).strip()
    return bool(
        term_period(words)
        or _OWN_YEAR.search(words)
        or _PLAN_YEAR.search(words)
        or any(w in words for w in (*lex.future_term, *lex.this_year, *lex.next_year))
        or _duration(words) is not None
    )


def parse_period(text: str | None) -> Period | None:
    """A period a provider wrote out for a target (`2024年`, `2024年上半年`, `2021—2025年`,
    `“十四五”期间`); None when the words name no year of their own (全年, 今年, 下半年)."""
    if not text:
        return None
    words = fold(text)
    ranged = _YEAR_RANGE.search(words)
    if ranged is not None:
        first, last = int(ranged.group(1)), int(ranged.group(2))
        if first < last <= first + 5:
            return term(first, last, review=False)
    named = term_period(words)
    if named is not None:
        return term(*named, review=False)
    found = _YEAR.search(words)
    if found is None:
        return None
    year = int(found.group(1))
    return make_period(year, _span_in(words[found.end() :]))


def _span_in(words: str) -> Span:
    """The part of a year a label names right after the year: 上半年, 第三季度, else the year."""
    lex = frame_lexicon()
    head = words[:6]
    if any(head.startswith(w) for w in lex.first_half):
        return "H1"
    if any(head.startswith(w) for w in lex.second_half):
        return "H2"
    for index, quarter in enumerate(lex.quarters):
        if any(head.startswith(w) for w in quarter):
            return ("Q1", "Q2", "Q3", "Q4")[index]
    return "Y"


def item_target_period(
    meta: ReportMeta, role: Role, heading: str, period_text: str | None, evidence: str
) -> Period | None:
    """The period of a provider's target, whichever provider: the period it wrote out when that
    names one, else the one its words, its section and the report's frame give."""
    own = parse_period(period_text)
    if own is not None:
        return own
    return target_period(meta, role, f"{period_text or ''}{evidence}", heading)


def figure_period(
    meta: ReportMeta, heading: str, sentence: str, *, multi_year: bool = False
) -> Period | None:
    """The period a reviewed figure is for, from its own sentence: a year the sentence is about
    (2002年全省…, within the reviewed years), the reviewed year (去年…), a term it looks back
    over (五年来…, “九五”期间), else the report's review period — or, in a review of five
    years, its last year (a level, 全年…增长9.4%). A part's heading (过去五年工作的回顾) covers
    the last year's figures too, so it decides nothing for them.

    `multi_year`: the figure itself spans several years (年均, 比1997年, as the figures stage
    reads it): its period is a term — the sentence's, the review's, or the heading's — and
    None when none is named."""
    review = meta.review_period
    if review is None:
        return None
    lex = frame_lexicon()
    words = fold(sentence)
    whole = term(review.year - 4, review.year, review=True) if review.span != "5Y" else review
    first = review.year - 4
    years = {int(y) for y in _OWN_SENTENCE_YEAR.findall(words)}
    own = [y for y in years if first <= y <= review.year]
    named = _past_term(words, review.year)
    looks_back = any(w in words for w in lex.past_term) or len(years) > 1
    if multi_year:
        if named is not None:
            return named
        if looks_back or review.span == "5Y":
            return whole
        heading_term = _past_term(fold(heading), review.year)
        if heading_term is not None:
            return heading_term
        return whole if any(w in fold(heading) for w in lex.past_term) else None
    if len(own) == 1 and len(years) == 1 and review.span == "5Y":
        return make_period(own[0], "Y")
    if len(own) == 1 and len(years) == 1 and own[0] == review.year:
        return review  # 2023年上半年，实现… in a half-year summary stays the half year
    if any(w in words for w in lex.last_year):
        return make_period(review.year, "Y") if review.span == "5Y" else review
    if named is not None:
        return named
    if looks_back:
        return whole
    return make_period(review.year, "Y") if review.span == "5Y" else review


def _past_term(words: str, last: int) -> Period | None:
    """A five-year plan a review names (“九五”期间) that ended within the last five years."""
    named = term_period(words)
    if named is not None and last - 5 < named[1] <= last:
        return term(*named, review=True)
    return None


def names_a_term(text: str) -> bool:
    """True when the words set out a term of their own (“十五”期间, 今后五年, 到2005年)."""
    words = fold(text)
    lex = frame_lexicon()
    return (
        term_period(words) is not None
        or any(w in words for w in lex.future_term)
        or _OWN_YEAR.search(words) is not None
    )


def plan_year(meta: ReportMeta) -> Period | None:
    """The one year a report plans: its plan period, or the first year of a planned term."""
    plan = meta.plan_period
    if plan is None:
        return None
    return plan if plan.span != "5Y" else make_period(plan.year, "Y")
