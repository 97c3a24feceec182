"""frame: what a cleaned report is — its kind, level, issuer and region, the periods it reviews
and plans, and which parts it has.

Everything is read from the report itself, in this order of trust: its own headings and years
(``一、2021年工作回顾`` / ``二、2022年主要任务``), its title, the date it was delivered, the page's
metadata, and last the file's name. A 政府工作报告 of year N reviews N−1 (sometimes five years
alone: 过去五年, “九五”时期) and plans the year its plan part names; a 上半年总结 reviews H1 and
plans H2 of its year; an annual summary reviews its year and plans the next. When the file's
name or the title carries a year the text contradicts, the text wins and `meta.warnings` says
so. Who issues the report, and its level, is issuer.py's part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from summarizer.document.headings import (
    Heading,
    cn_number,
    find_headings,
    fold_years,
    header_end,
    marker_words,
)
from summarizer.document.issuer import government_issuer, level_of, summary_issuer
from summarizer.document.parts import outline
from summarizer.document.periods import make_period, term, term_period
from summarizer.lexicon.frame import alternation, frame_lexicon
from summarizer.models import ROLES, Document, Kind, Period, Role, Section, Span

__all__ = ["read_frame"]

_YEAR = re.compile(r"(?<![\d到至—–\-~～])((?:19|20)\d\d)\s*年(?!代|以来|底|初|末|前)")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
# Dates of the title block, in text whose years fold_years has written in digits (二〇〇四年 →
# 2004年); month and day may still be numerals (一月十日).
_CN_NUMBER = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_MONTH = r"((?:19|20)\d\d)\s*年\s*" + _CN_NUMBER + r"\s*月"
_DATE = re.compile(_MONTH)
_FULL_DATE = re.compile(_MONTH + r"\s*" + _CN_NUMBER + r"\s*日")
_SENTENCE = re.compile(r"[^。！？；\n]+")


@dataclass(frozen=True, slots=True)
class _Years:
    review: int | None
    plan: int | None
    # Where the years were read: "headings", "title", "date", "file name", "text".
    source: str | None


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class _Cues:
    review: re.Pattern[str]
    plan: re.Pattern[str]
    plan_strong: re.Pattern[str]
    appendix: re.Pattern[str]
    government_report: re.Pattern[str]
    report_opening: re.Pattern[str]
    half: re.Pattern[str]
    second_half: re.Pattern[str]
    quarters: tuple[re.Pattern[str], ...]
    summary: re.Pattern[str]
    plan_title: re.Pattern[str]
    pure_plan: re.Pattern[str]
    last_year: re.Pattern[str]
    past_term: re.Pattern[str]
    future_term: re.Pattern[str]
    this_year: re.Pattern[str]
    long_term: re.Pattern[str]


@cache
def _cues() -> _Cues:
    lex = frame_lexicon()

    def words(*groups: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(alternation(w for g in groups for w in g))

    return _Cues(
        review=words(lex.review_strong, lex.past_term),
        plan=words(lex.plan_strong, lex.plan_weak, lex.future_term),
        plan_strong=words(lex.plan_strong, lex.future_term),
        appendix=words(lex.appendix),
        government_report=words(lex.government_report),
        report_opening=words(lex.government_report_opening),
        half=words(lex.first_half),
        second_half=words(lex.second_half),
        quarters=tuple(words(q) for q in lex.quarters),
        summary=words(lex.summary_words),
        plan_title=words(lex.plan_words),
        pure_plan=words(lex.pure_plan),
        last_year=re.compile(
            rf"^(?:各位代表[！!，,：:]\s*)?(?:{alternation(lex.last_year)})(?!以来的?五年)"
        ),
        past_term=words(lex.past_term),
        future_term=words(lex.future_term),
        this_year=re.compile(rf"(?:{alternation(lex.this_year)})(?!以来)"),
        long_term=words(lex.long_term),
    )


# --------------------------------------------------------------------------- periods


def _period(year: int, span: Span) -> Period:
    return make_period(year, span)


def _term(first: int, last: int, *, review: bool) -> Period:
    return term(first, last, review=review)


def _heading_years(headings: list[Heading]) -> tuple[list[int], list[int]]:
    """Years that part headings give the review (``2021年工作回顾``) and the plan
    (``2022年主要任务``). In ``1999年工作回顾和2000年工作目标`` the year after the review's words
    is the plan's; a heading with no cue gives the review's year if it heads the first part
    (``一、1998年新一届政府的工作``), else the plan's (``三、关于2001年的政府工作``)."""
    c = _cues()
    top = min((h.rank for h in headings if h.rank > 0), default=1)
    review: list[int] = []
    plan: list[int] = []
    first = True
    for h in headings:
        if h.rank not in (0, top, top + 1) or h.role is not None:
            continue
        words = marker_words(h.title)
        is_top = h.rank in (0, top)
        if c.appendix.search(words) or c.long_term.search(words):
            first = first and not is_top
            continue
        r = c.review.search(words)
        # Alone, the first part's plan words must be strong ones: 全面完成2003年各项预期目标
        # reviews; after review words (1999年工作回顾和2000年工作目标) any plan word plans.
        p = (c.plan_strong if first and r is None else c.plan).search(words)
        for m in _YEAR.finditer(words):
            y = int(m.group(1))
            if r is not None and (p is None or m.start() < r.end()):
                review.append(y)
            elif p is not None:
                plan.append(y)
            elif is_top:
                (review if first else plan).append(y)
        if is_top:
            first = False
    return review, plan


def _header_date_year(text: str, header: int) -> int | None:
    """The year the report was delivered, from the date in its title block: a report read in
    the last quarter of a year (2022年12月30日) is the next year's."""
    m = _DATE.search(text, 0, max(header, 600))
    if m is None:
        return None
    year = int(m.group(1))
    month = _number_of(m.group(2))
    return year + 1 if month >= 10 else year


def _number_of(raw: str) -> int:
    return int(raw) if raw.isdigit() else cn_number(raw)


def _delivered(text: str, header: int, plan: Period | None) -> date | None:
    """The day a 政府工作报告 was delivered, from its title block in `text` as fold_years left
    it (——2004年1月8日在…会议上, （二〇〇三年一月十日） → 2003年一月十日); None when the block
    has none, or one that cannot be the report's (a misprinted year far from the year it
    plans)."""
    m = _FULL_DATE.search(text, 0, max(header, 600))
    if m is None:
        return None
    try:
        day = date(int(m.group(1)), _number_of(m.group(2)), _number_of(m.group(3)))
    except ValueError:
        return None
    if plan is not None and day.year not in (plan.year, plan.year - 1):
        return None
    return day


def _first_year(text: str | None) -> int | None:
    if not text:
        return None
    m = _ANY_YEAR.search(text)
    return int(m.group(1)) if m else None


def _government_years(
    headings: list[Heading], title: str, text: str, header: int, file_year: int | None
) -> _Years:
    review, plan = _heading_years(headings)
    r = max(review) if review else None
    ahead = [y for y in plan if r is None or y > r]
    if ahead:
        p = min(ahead)
        return _Years(p - 1 if r is None or r >= p else r, p, "headings")
    if r is not None:
        return _Years(r, r + 1, "headings")
    year = _first_year(title)
    if year is not None:
        return _Years(year - 1, year, "title")
    year = _header_date_year(text, header)
    if year is not None:
        return _Years(year - 1, year, "date")
    if file_year is not None:
        return _Years(file_year - 1, file_year, "file name")
    return _Years(None, None, None)


def _summary_review(title: str, text: str, headings: list[Heading]) -> Period | None:
    """The period a summary reviews: its title's (2023年上半年), else its first review
    heading's, else the one its opening names."""
    c = _cues()
    for source in (title, *(h.title for h in headings if c.review.search(h.title)), text[:300]):
        m = _ANY_YEAR.search(source)
        if m is None:
            continue
        year = int(m.group(1))
        after = source[m.end() : m.end() + 12]
        near = source if source is title else after
        for n, quarter in enumerate(c.quarters, 1):
            found = quarter.search(after)
            if found is not None:
                period = _period(year, f"Q{n}")  # type: ignore[arg-type]
                # 前三季度 reviews the year through its third quarter: say so.
                label = f"{year}年{found.group()}" if found.group().startswith("前") else None
                return period.model_copy(update={"label": label}) if label else period
        if c.half.search(near) and not c.second_half.search(after[:4]):
            return _period(year, "H1")
        if source is text[:300] and not title and re.search(rf"(?:{year}年)?上半年", text[:300]):
            return _period(year, "H1")
        return _period(year, "Y")
    return None


def _next_period(review: Period, plan_years: list[int]) -> Period:
    if review.span == "H1":
        return _period(review.year, "H2")
    if review.span in ("Q1", "Q2", "Q3"):
        return _period(review.year, f"Q{int(review.span[1]) + 1}")  # type: ignore[arg-type]
    later = [y for y in plan_years if y > review.year]
    return _period(min(later) if later else review.year + 1, "Y")


def _part_text(text: str, sections: list[Section], role: Role) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in sections if s.role == role]


def _paragraph_starts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The first 40 characters of each paragraph inside `spans`."""
    out = []
    for start, end in spans:
        for m in re.finditer(r"[^\n]+", text[start:end]):
            out.append(m.group()[:40])
    return out


def _review_span(text: str, sections: list[Section], review: Period) -> Period:
    """A 政府工作报告 reviews last year on its own (Y) unless it reviews only its term: 5Y when
    its review names a term (过去五年, “九五”时期) and no part or paragraph of it opens on the
    last year alone (过去一年, 一年来, 2021年…)."""
    c = _cues()
    spans = _part_text(text, sections, "review")
    if not spans:
        return review
    titles = fold_years(" ".join(t for s in sections if s.role == "review" for t in s.heading_path))
    year = review.year
    if re.search(rf"{year}年", titles):
        return review
    starts = _paragraph_starts(text, spans)
    named_term = term_period(titles) or term_period(" ".join(starts[:3]))
    has_term = (
        c.past_term.search(titles)
        or named_term is not None
        or any(c.past_term.match(s) for s in starts[:3])
    )
    if not has_term:
        return review
    for start in starts:
        body = re.sub(r"^(?:各位代表[！!，,：:]\s*)", "", start)
        if c.last_year.search(body) or re.match(
            rf"(?:在)?(?:刚刚过去的)?{year}年[，,是里中]", body
        ):
            return review
    if named_term is not None and named_term[1] == year:
        return _term(named_term[0], named_term[1], review=True)
    return _term(year - 4, year, review=True)


def _plan_span(text: str, sections: list[Section], plan: Period) -> Period:
    """A plan is for its year unless it sets out only a term: 5Y when it names one (今后五年,
    跨世纪, “十五”) and no sentence of it sets a target for the year itself."""
    c = _cues()
    spans = _part_text(text, sections, "plan")
    if not spans:
        return plan
    body = "\n".join(text[a:b] for a, b in spans)
    titles = fold_years(" ".join(t for s in sections if s.role == "plan" for t in s.heading_path))
    if re.search(rf"{plan.year}年", titles) or c.this_year.search(titles):
        return plan
    for sentence in _SENTENCE.findall(body):
        said = c.this_year.search(sentence) or re.search(rf"(?<!\d){plan.year}年", sentence)
        if said and re.search(r"目标|预期|增长\s*\d|\d\s*[%％]", sentence):
            return plan
    for paragraph in body.split("\n"):
        head = paragraph[:150]
        said = c.this_year.search(head) or re.search(rf"(?<!\d){plan.year}年", head)
        if said and re.search(r"(?:目标|预期)[^。]{0,80}\d\s*[%％]", paragraph[:600]):
            return plan
    if c.future_term.search(body) is None:
        return plan
    return _term(plan.year, plan.year + 4, review=False)


# --------------------------------------------------------------------------- kind


def _is_government_report(title: str, text: str, header: int) -> bool:
    c = _cues()
    if c.government_report.search(title):
        return True
    opening = text[: max(header, 400) + 200]
    return c.report_opening.search(opening) is not None


def _kind(title: str, government: bool, parts: set[Role], review: Period | None) -> Kind | None:
    c = _cues()
    if government:
        return "政府工作报告"
    half = review is not None and review.span in ("H1", "H2")
    if title:
        summary = c.summary.search(title) is not None
        planned = c.plan_title.search(title) is not None
        if summary and (c.half.search(title) or half):
            return "半年工作总结"
        if summary and planned:
            return "工作总结和工作计划"
        if summary:
            return "工作总结"
        if c.pure_plan.search(title) or planned:
            return "工作要点"
    if "review" in parts and half:
        return "半年工作总结"
    if "review" in parts and "plan" in parts:
        return "工作总结和工作计划"
    if "review" in parts:
        return "工作总结"
    if "plan" in parts:
        return "工作要点"
    return None


# --------------------------------------------------------------------------- the frame


def _file_year(path: str | None) -> tuple[int | None, str | None]:
    if not path:
        return None, None
    stem = Path(path).stem
    m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", stem)
    return (int(m.group(1)) if m else None), stem


def read_frame(doc: Document) -> Document:
    """Fill `doc.meta`'s frame: kind, level, issuer, region, review and plan periods, parts."""
    meta = doc.meta
    text = fold_years(doc.text)
    title = fold_years(meta.title or "")
    header = header_end(text)
    headings = find_headings(text, frozenset(doc.heading_lines))
    file_year, stem = _file_year(meta.path)
    government = _is_government_report(title, text, header)

    review: Period | None
    plan: Period | None
    if government:
        years = _government_years(headings, title, text, header, file_year)
        review = _period(years.review, "Y") if years.review is not None else None
        plan = _period(years.plan, "Y") if years.plan is not None else None
        said = {"title": _first_year(title), "file name": file_year}
        for source, year in said.items():
            if (
                year is not None
                and plan is not None
                and year != plan.year
                and years.source != source
            ):
                meta.warnings.append(
                    f"the {source} says {year}, the report's {years.source} say it plans "
                    f"{plan.year} (reviewing {plan.year - 1}); using {plan.year}"
                )
    else:
        review = _summary_review(title, text, headings)
        _, plan_years = _heading_years(headings)
        plan = _next_period(review, plan_years) if review is not None else None
        if review is not None and file_year is not None and file_year != review.year:
            meta.warnings.append(
                f"the file name says {file_year}, the report reviews {review.label}; "
                f"using {review.year}"
            )
        if meta.title and _cues().pure_plan.search(title) and not _cues().summary.search(title):
            year = _first_year(title)
            review, plan = None, (_period(year, "Y") if year is not None else None)

    meta.kind = "政府工作报告" if government else None
    meta.review_period, meta.plan_period = review, plan
    sections = outline(doc)
    present = {s.role for s in sections}
    meta.parts = [r for r in ROLES if r in present and r != "other"]
    if "plan" not in present:
        meta.plan_period = None
    elif meta.plan_period is not None and government:
        meta.plan_period = _plan_span(text, sections, meta.plan_period)
    if meta.review_period is not None and government:
        meta.review_period = _review_span(text, sections, meta.review_period)
    meta.kind = _kind(title, government, present, meta.review_period)

    if government:
        issuer, region = government_issuer(text, title, text[: max(header, 600)], stem)
    else:
        issuer, region = summary_issuer(doc, title, text)
    meta.issuer = issuer
    meta.region = region or meta.region
    meta.level = level_of(meta.region) if government else (level_of(issuer) or level_of(region))
    if government and meta.published is None:
        meta.published = _delivered(text, header, meta.plan_period)
    return doc
