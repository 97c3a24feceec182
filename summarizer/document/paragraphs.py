"""paragraphs: the paragraphs of a report and what each one does to its parts.

A report turns from one part to the next not only at headings: the problems paragraph inside a
review (我们也清醒地看到…) is dense with admitted shortfalls (不足, 短板, 有待 …: ≥ 2 per 100
characters, where review paragraphs stay under 1.5); the plan opens with the plan year (今年是…
之年, 2005年经济社会发展的主要预期目标为…); at the end of a plan the government turns to its own
conduct (各位代表！新征程…对政府自身建设提出了新的更高要求) and to the closing call (让我们…).
Each predicate here reads one paragraph (folded text); parts.py decides what follows from it.
The cue patterns come from lexicon/frame.toml.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from summarizer.document.headings import fold_years
from summarizer.lexicon.frame import alternation, frame_lexicon
from summarizer.models import Document

__all__ = [
    "ACHIEVEMENT",
    "FIRST_SENTENCE",
    "MIN_PARAGRAPH",
    "REVIEW_DENSITY",
    "Cues",
    "FrameView",
    "announces_problems",
    "bare_address",
    "cues",
    "is_closing",
    "is_plan_opener",
    "is_problems",
    "is_self_building",
    "paragraphs",
    "sets_targets",
    "shortfall_density",
    "view_of",
    "with_list",
    "years",
]

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!代)")
# What ends a paragraph: a line break, or (pages flattened into one line) a sentence end
# followed by a space.
_PARAGRAPH_BREAK = re.compile(r"\n|[。！？；：:”」)）][ \t\u3000]+")
_SENTENCE = re.compile(r"[^。！？\n]*[。！？]?")
FIRST_SENTENCE = re.compile(r"[^。！？\n]{0,160}")
# Headline achievements before the first heading make that opening a review.
ACHIEVEMENT = re.compile(r"(?:实现|完成|增长|达到|累计)[^。！？\n]{0,20}\d")
# Shortfall words per 100 characters above which a review paragraph is the problems part
# (measured on the corpus: problems paragraphs ≥ 2.5, review paragraphs ≤ 1.5).
_PROBLEMS_DENSITY = 2.0
# Below this the text has turned back to results (review paragraphs are ≤ 1.5, problems ≥ 2.3;
# a problems list that goes on without repeating its self-critique stays above).
REVIEW_DENSITY = 1.8
MIN_PARAGRAPH = 60
_ADDRESS = re.compile(r"^(?:各位代表|同志们)[！!，,：:]?\s*")
_BARE_ADDRESS = re.compile(r"(?:各位代表|同志们)[！!，,：:]?")
# What the plan's opening paragraph sets out (做好今年政府工作的总体要求是…).
_PLAN_BRIDGE = re.compile(r"总体要求|指导思想|预期|目标[是为]|主要任务|目标任务|工作重点|重点工作")
# A paragraph that sets the plan year's targets (今年…的主要预期目标是：…).
_PLAN_TARGETS = re.compile(r"预期|目标[是为]")


@dataclass(frozen=True, slots=True)
class FrameView:
    """What the role of a paragraph depends on: the kind of report and its years."""

    government_report: bool = False
    review_year: int | None = None
    plan_year: int | None = None


def view_of(doc: Document) -> FrameView:
    meta = doc.meta
    review = meta.review_period.year if meta.review_period else None
    plan = meta.plan_period.year if meta.plan_period else None
    if review is None and plan is None:
        # A document built by hand: its first year is the one it reviews.
        first = _YEAR.search(fold_years(doc.text[:400]))
        review = int(first.group(1)) if first else None
    return FrameView(meta.kind == "政府工作报告", review, plan)


# --------------------------------------------------------------------------- cues


@dataclass(frozen=True, slots=True)
class Cues:
    review_strong: re.Pattern[str]
    review_weak: re.Pattern[str]
    plan_strong: re.Pattern[str]
    plan_weak: re.Pattern[str]
    problems: re.Pattern[str]
    remedies: re.Pattern[str]
    self_building: re.Pattern[str]
    appendix: re.Pattern[str]
    closing: re.Pattern[str]
    shortfalls: re.Pattern[str]
    self_critique: re.Pattern[str]
    self_building_paragraph: re.Pattern[str]
    address: re.Pattern[str]
    plan_opener: re.Pattern[str]
    future: re.Pattern[str]
    this_year: re.Pattern[str]


@cache
def cues() -> Cues:
    lex = frame_lexicon()

    def words(*groups: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(alternation(itertools.chain(*groups)))

    return Cues(
        review_strong=words(lex.review_strong, lex.past_term),
        review_weak=words(lex.review_weak),
        plan_strong=words(lex.plan_strong, lex.future_term),
        plan_weak=words(lex.plan_weak),
        problems=words(lex.problems),
        remedies=words(lex.remedies),
        self_building=re.compile(
            rf"{alternation(lex.self_building)}|(?:{alternation(lex.self_building_ends)})\W*$"
        ),
        appendix=words(lex.appendix),
        closing=words(lex.closing),
        shortfalls=words(lex.shortfalls),
        self_critique=words(lex.self_critique),
        self_building_paragraph=words(lex.self_building_paragraph),
        address=re.compile(rf"^(?:{alternation(lex.address)})"),
        plan_opener=re.compile(rf"(?:{alternation(lex.plan_openers)})(?!以来)"),
        future=words(lex.future),
        this_year=re.compile(rf"(?:{alternation(lex.this_year)})(?!以来)"),
    )


# --------------------------------------------------------------------------- paragraphs


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) of each paragraph between `start` and `end`."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _PARAGRAPH_BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start() if m.group() == "\n" else m.start() + 1))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def sentences(paragraph: str, n: int) -> str:
    """The first `n` sentences of a paragraph."""
    out, pos = [], 0
    for _ in range(n):
        m = _SENTENCE.match(paragraph, pos)
        if m is None or not m.group():
            break
        out.append(m.group())
        pos = m.end()
    return "".join(out)


# A paragraph that ends announcing the list of its problems: 尚有5个很现实的困难：, 还存在以下问题：.
_ANNOUNCES_PROBLEMS = re.compile(
    r"(?:有|存在)[^。；;！？\n]{0,12}(?:困难|问题|矛盾|不足|短板)[：:][ \t\u3000]*(?:\n|$)"
)


def announces_problems(paragraph: str) -> bool:
    """…当前，我省经济和社会生活中尚有5个很现实的困难：— the paragraph ends on the list's lead."""
    return _ANNOUNCES_PROBLEMS.search(paragraph.rstrip() + "\n") is not None


def is_problems(paragraph: str) -> bool:
    """A paragraph that admits the report's problems: dense with shortfall words and turning
    on the report's own record (同时…清醒地看到…), or naming the part outright."""
    c = cues()
    paragraph = _ADDRESS.sub("", paragraph, count=1)
    head = sentences(paragraph, 2)
    clause = re.split(r"[：:]", sentences(paragraph, 1), maxsplit=1)[0]
    if re.search(r"(?:存在的|主要的?)(?:主要)?(?:问题|不足|困难|短板)", clause[:20]):
        return True
    if announces_problems(paragraph):
        return True
    if len(paragraph) < MIN_PARAGRAPH:
        return False
    density = shortfall_density(paragraph)
    return density >= _PROBLEMS_DENSITY and c.self_critique.search(head) is not None


def shortfall_density(paragraph: str) -> float:
    """Shortfall words per 100 characters of a paragraph's first 800."""
    body = paragraph[:800]
    return len(cues().shortfalls.findall(body)) / (max(len(body), 1) / 100)


def sets_targets(paragraph: str, view: FrameView) -> bool:
    """A paragraph that states the plan year's targets in one of its first sentences."""
    body = _ADDRESS.sub("", paragraph, count=1)
    return any(
        names_plan_year(said, view) and _PLAN_TARGETS.search(said)
        for said in _SENTENCE.findall(sentences(body, 3))
    )


def names_plan_year(sentence: str, view: FrameView) -> bool:
    """Whether a sentence names the plan year (今年 in a 政府工作报告, or the year itself)
    of a report whose plan year is not the year it reviews."""
    if view.review_year == view.plan_year:
        return False
    if view.government_report and cues().this_year.search(sentence):
        return True
    return view.plan_year is not None and view.plan_year in years(sentence)


def with_list(text: str, pos: int, paragraph: str) -> str:
    """A paragraph that leads into a list (…还存在一些短板和弱项：) with the list after it."""
    if paragraph.rstrip().endswith(("：", ":")):
        after = pos + len(paragraph)
        nl = text.find("\n", after + 1)
        return text[pos : nl if nl >= 0 else len(text)]
    return paragraph


def is_plan_opener(paragraph: str, view: FrameView) -> bool:
    """A paragraph that opens the plan: it starts with the plan period and looks ahead."""
    c = cues()
    body = _ADDRESS.sub("", paragraph, count=1)
    first = FIRST_SENTENCE.match(body)
    sentence = first.group() if first else ""
    m = c.plan_opener.match(sentence)
    if m is not None:
        # In a summary written at the year's end, 今年 is the year it reviews.
        if m.group() == "今年" and not view.government_report:
            return False
        return c.future.search(sentence, m.end()) is not None
    year = _YEAR.match(sentence)
    if year is not None and re.match(r"[是，,]", sentence[year.end() :]):
        y = int(year.group(1))
        if view.plan_year is not None and view.review_year != view.plan_year:
            ahead = y >= view.plan_year
        else:
            ahead = view.review_year is not None and y > view.review_year
        return ahead and c.future.search(sentence, year.end()) is not None
    # The plan's opening paragraph: it sets out the plan year (今年是…之年; 2005年经济社会发展的
    # 主要预期目标为…), in one of its first sentences.
    for said in _SENTENCE.findall(sentences(body, 3)):
        opens = _PLAN_BRIDGE.search(said) or re.search(r"(?:今年|年)是", said[:40])
        if opens and names_plan_year(said, view):
            return True
    if view.plan_year is not None and paragraph.startswith("各位代表"):
        said_year = view.plan_year in years(sentence[:40])
        return said_year and re.search(r"进入|迎来|将|要", sentence) is not None
    return False


def is_self_building(paragraph: str, addressed: bool) -> bool:
    """The plan turning to the government's own conduct: a paragraph addressed to the
    assembly (各位代表！…, 新的一年，…) about the government itself."""
    c = cues()
    if not addressed and c.address.match(paragraph) is None:
        return False
    head = sentences(_ADDRESS.sub("", paragraph, count=1), 2)[:200]
    return c.self_building_paragraph.search(head) is not None


def is_closing(paragraph: str) -> bool:
    return cues().closing.search(sentences(paragraph, 3)) is not None


def years(words: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(words)]


def bare_address(line: str) -> bool:
    """A line that is only the address to the assembly (各位代表！)."""
    return _BARE_ADDRESS.fullmatch(line.strip()) is not None
