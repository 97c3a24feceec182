"""The headings of a cleaned report: numbered ones of every level, and unnumbered part headings.

Work reports number their headings ``一、`` > ``（一）`` > ``1.``/``1、`` > ``（1）`` > ``①``, but
real pages bend the scheme: headings stand inline in one long line (pages flattened into a
single paragraph) or right after the sentence before them, the first level is missing, numbering
restarts under a new part. A part often opens with an unnumbered line instead (``2023年工作计划``,
``过去五年工作回顾``, a Markdown bold line): such a line is a heading when it is short, carries
no sentence punctuation, names a part of a report (lexicon/frame.toml) and is not part of the
page's title block. Lead-ins such as ``狠抓产业提升。`` are paragraph leads, never headings.

All matching runs on the folded text (traditional characters read as simplified).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from summarizer.lexicon.frame import alternation, fold, frame_lexicon
from summarizer.models import Role

__all__ = [
    "Heading",
    "cn_number",
    "find_headings",
    "fold_years",
    "header_end",
    "marker_words",
]

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Rank 0 is an unnumbered part heading (``2022年主要工作回顾``); 1..5 the numbered levels.
MARKER = re.compile(
    r"(?P<r1>(?P<n1>[一二三四五六七八九十]{1,3})(?:、|，(?=\S)))"
    r"|(?P<r2>[（(](?P<n2>[一二三四五六七八九十]{1,3})[）)])"
    r"|(?P<r3>(?P<n3>\d{1,2})(?:[.．](?![\d.．])|、))"
    r"|(?P<r4>[（(](?P<n4>\d{1,2})[）)])"
    r"|(?P<r5>(?P<n5>[①-⑳]))"
)
# Where a numbered heading may start: at a line start, after whitespace (headings inline in
# one long line are set off by a space), or right after a sentence end (first two levels only:
# ``。1、2号楼`` is prose far more often than a heading).
_CANDIDATE = re.compile(
    r"\n[ \t\u3000]*|(?:[ \t\u3000]+|[。！？；：:])(?=[一二三四五六七八九十（(0-9①-⑳])"
)
_MARKER_FIRST = frozenset("一二三四五六七八九十（(0123456789" + _CIRCLED)
_HEADING_END = re.compile(r"[\n。！？；:：]|[ \t\u3000]")
_MAX_HEADING = 60
# An unnumbered part heading: at most this long, and free of sentence punctuation.
_MAX_PART_LINE = 36
_SENTENCE_PUNCT = re.compile(r"[。！？；：:]$|[。！？；]")
_YEAR_WORK = re.compile(
    r"(?:关于)?(?:(?:19|20)\d\d|[今明]年|新的一年)(?:年)?(?:的|度)?(?:政府)?工作"
)
_TITLE_LINE = re.compile(r"报告\s*$|^[—–\-─―]|^[（(]?(?:19|20)\d\d年\d{1,2}月|^[（(].*[）)]$")


_CN_YEAR = re.compile(r"[一二三四五六七八九〇○零]{4}(?=年)")
_CN_YEAR_DIGITS = str.maketrans("一二三四五六七八九〇○零", "123456789000")


def fold_years(text: str) -> str:
    """`text` folded to simplified characters, with years printed in Chinese numerals
    (二〇〇三年) written in digits; same length, so every offset holds."""
    folded = fold(text)
    return _CN_YEAR.sub(lambda m: m.group().translate(_CN_YEAR_DIGITS), folded)


@dataclass(slots=True)
class Heading:
    start: int
    title_end: int  # end of the heading's own words, where its body begins
    rank: int
    number: int | None
    title: str
    role: Role | None = None  # set for paragraph openers, which carry their role


def cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    if "十" in text:
        tens, _, units = text.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(units, 0)
    return _CN_DIGITS.get(text, 0)


@cache
def _part_cue() -> re.Pattern[str]:
    lex = frame_lexicon()
    words = (
        *lex.review_strong,
        *lex.plan_strong,
        *lex.plan_weak,
        *lex.problems,
        *lex.self_building,
        *lex.appendix,
        *lex.past_term,
        *lex.future_term,
    )
    return re.compile(alternation(words))


@cache
def _appendix() -> re.Pattern[str]:
    """A line that heads an appendix: 附件1, 名词解释, 《政府工作报告》注释, 名词注解："""
    words = alternation(frame_lexicon().appendix)
    return re.compile(rf"(?:[《〈].{{0,12}}[》〉])?(?:{words})[\d一二三四五六七八九十]*[：:]?$")


@cache
def _salutation() -> re.Pattern[str]:
    return re.compile(alternation(frame_lexicon().salutation))


# The name of a five-year plan (“十五”计划, 第十个五年计划纲要) is no planning word: 国民经济持续
# 快速发展“十五”计划开局良好 reviews the plan's first year.
_PLAN_NAME = re.compile(
    r"[“\"]?(?:十[一二三四五六七八九]?|[六七八九])五[”\"]?(?:计划|规划)(?:纲要)?"
    r"|第[一二三四五六七八九十]{1,3}个五年(?:计划|规划)(?:纲要)?"
)


def marker_words(title: str) -> str:
    """A heading's words (folded) without its number and without five-year plans' names."""
    return _PLAN_NAME.sub("五年规划", MARKER.sub("", fold_years(title), count=1))


def _marker_at(text: str, pos: int, line_start: bool) -> tuple[int, int, int] | None:
    """(rank, number, marker end) of a heading marker standing at `pos`, else None."""
    m = MARKER.match(text, pos)
    if m is None:
        return None
    rank = int(next(k for k, v in m.groupdict().items() if v is not None and k[0] == "r")[1])
    if rank >= 3 and not line_start and not text[pos - 1].isspace():
        return None
    raw = m.group(f"n{rank}")
    number = (
        cn_number(raw) if rank in (1, 2) else (_CIRCLED.index(raw) + 1 if rank == 5 else int(raw))
    )
    end = m.end()
    if rank == 1 and text[end - 1] == "，" and not line_start:
        return None  # `二，…` is a heading only at a line start (a typo for 二、)
    nxt = text[end : end + 1]
    # `一、二、三产` and `1、2、3号` are enumerations in prose, not headings.
    if not nxt or MARKER.match(text, end) or nxt in "，,、。.%）)":
        return None
    if nxt.isspace():
        # `一、 2019年工作回顾`: a space after the numeral on a line of its own.
        if not line_start or nxt == "\n":
            return None
        end = len(text) - len(text[end:].lstrip(" \t\u3000"))
    return rank, number, end


# Where a heading's printed words stand: [a, b) of the text, and what follows them (… for the
# first words of a numbered paragraph with no short title).
_Words = tuple[int, int, str]


def _heading_title(
    text: str, marker_start: int, body_from: int, inline: bool
) -> tuple[_Words, int] | None:
    """The heading's words (marker included) and where they end; None if it reads like prose."""
    m = _HEADING_END.search(text, body_from, body_from + _MAX_HEADING + 1)
    if m is None:
        if inline:
            return None
        # A numbered paragraph with no short title: it still opens a section.
        comma = re.compile(r"[，,]").search(text, body_from, body_from + _MAX_HEADING)
        end = comma.start() if comma else body_from + 30
        return (marker_start, end, "…"), end
    end = m.start()
    if end == body_from:
        return None
    title_end = end + 1 if text[end] in "。！？；:：" else end
    return (marker_start, end, ""), title_end


def _candidates(text: str, start: int) -> Iterator[tuple[int, bool]]:
    """(position, at a line start) of every place a heading may begin, in order."""
    yield start, start == 0 or text[start - 1] == "\n"
    for m in _CANDIDATE.finditer(text, start):
        yield m.end(), m.group()[0] == "\n"


def header_end(text: str) -> int:
    """Where the report proper begins when it opens with a title block (title lines, the
    meeting and speaker lines, the date) and a salutation (各位代表：…向大会报告工作): just
    after the salutation. 0 when the report has no salutation near its top."""
    lines = list(re.finditer(r"[^\n]+", text[:3000]))[:16]
    for i, m in enumerate(lines):
        line = m.group().strip()
        if _salutation().search(line) is None:
            if len(line) > 120:
                return 0
            continue
        end = m.end()
        # `各位代表：` on its own line, then `现在，我代表…请予审议。`
        if len(line) <= 8 and i + 1 < len(lines) and _salutation().search(lines[i + 1].group()):
            end = lines[i + 1].end()
        return end
    return 0


def _part_line(
    text: str, pos: int, emphasised: frozenset[int], header: int
) -> tuple[_Words, int] | None:
    """An unnumbered heading standing alone on its line, such as ``2023年工作计划``."""
    nl = text.find("\n", pos)
    line_end = len(text) if nl < 0 else nl
    line = text[pos:line_end].strip()
    if not line or len(line) > _MAX_PART_LINE or nl < 0 or pos < header:
        return None
    if _TITLE_LINE.search(line):
        return None
    bold = pos in emphasised
    if _appendix().match(line):
        return (pos, line_end, ""), line_end  # 附件1, 名词注解：
    # A plain line may not hold a comma; a bold one may (狠抓作风建设，努力开创…新局面).
    if _SENTENCE_PUNCT.search(line) or (not bold and re.search(r"[，,]", line)):
        return None
    if _part_cue().search(line) is None and _YEAR_WORK.fullmatch(line) is None:
        return None
    return (pos, line_end, ""), line_end


def top_numbered(ranks: set[int]) -> int | None:
    """The highest numbered level seen so far."""
    return min((r for r in ranks if r > 0), default=None)


def find_headings(
    text: str, emphasised: frozenset[int] = frozenset(), *, display: str | None = None
) -> list[Heading]:
    """Every heading of `text` (folded), in order; `emphasised` holds the start offsets of
    lines the source marked as headings. Titles are taken from `display` (the text as printed,
    same offsets), or from `text`."""
    display = text if display is None else display
    return [
        Heading(start, end, rank, number, display[a:b].strip() + more)
        for start, end, rank, number, (a, b, more) in _scan(text, emphasised)
    ]


@lru_cache(maxsize=8)
def _scan(
    text: str, emphasised: frozenset[int]
) -> tuple[tuple[int, int, int, int | None, _Words], ...]:
    """The headings of a text: (start, end of words, rank, number, words); the frame and the
    chunker both ask, so the last few texts are kept."""
    headings: list[tuple[int, int, int, int | None, _Words]] = []
    # (rank, number) of the open headings, outermost first, to check that numbering runs on.
    stack: list[tuple[int, int | None]] = []
    seen_ranks: set[int] = set()
    last = -1
    header = header_end(text)
    start = len(text) - len(text.lstrip(" \t\u3000"))
    for pos, line_start in _candidates(text, start):
        if pos <= last or pos >= len(text):
            continue
        if not line_start and text[pos] not in _MARKER_FIRST:
            continue
        found = _marker_at(text, pos, line_start)
        if found is None:
            part = _part_line(text, pos, emphasised, header) if line_start else None
            if part is not None:
                words, end = part
                headings.append((pos, end, 0, None, words))
                stack = [(0, None)]
                seen_ranks.add(0)
                last = end
            continue
        rank, number, marker_end = found
        after_sentence = not line_start and not text[pos - 1].isspace()
        if after_sentence and rank > 2:
            continue
        titled = _heading_title(text, pos, marker_end, not line_start)
        if titled is None:
            continue
        while stack and stack[-1][0] > rank:
            stack.pop()
        if stack and stack[-1][0] == rank:
            prev = stack[-1][1]
            restart = number == 1 and line_start and rank == top_numbered(seen_ranks)
            if prev is None or (number != prev + 1 and not restart):
                continue
            # A top-level list that starts again at 一 on a line of its own opens a new part
            # whose own heading is missing (the plan after `2004年工作回顾 一、…三、`).
            stack.pop()
        elif number != 1 and any(r <= rank for r in seen_ranks):
            # A list restarting at 二 under a fresh parent is a stray numeral, not a heading;
            # only a document whose upper levels never appeared may start mid-list.
            continue
        words, end = titled
        headings.append((pos, end, rank, number, words))
        stack.append((rank, number))
        seen_ranks.add(rank)
        last = end
    return tuple(headings)
