"""Periods: building them (2023年上半年, 2021—2025年) and finding the period a target is for.

A target carries the period of the part it stands in (a 政府工作报告's plan: its plan year; a
上半年总结's plan: the second half), unless it names its own: 到2025年 / 2025年前 (that year),
“十四五”期间 / 今后五年 (the term, 5Y), 年内 / 全年 in a half-year plan (the whole year).
A goal beyond the plan period (到2035年) is labelled with its own year, never the plan's.
"""

from __future__ import annotations

import re

from summarizer.lexicon.frame import fold, frame_lexicon
from summarizer.models import Period, ReportMeta, Role, Span

__all__ = [
    "five_year_plan",
    "make_period",
    "names_period",
    "target_period",
    "term",
    "term_period",
]

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
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
    期间), a year it is for (到2025年, 2004年…), this year (今年), the next five years."""
    lex = frame_lexicon()
    words = fold(clause).strip()
    return bool(
        term_period(words)
        or _OWN_YEAR.search(words)
        or _PLAN_YEAR.search(words)
        or any(w in words for w in (*lex.future_term, *lex.this_year, *lex.next_year))
    )
