"""chunk: split a cleaned report into sections by its Chinese heading hierarchy.

Sections form a flat list in document order; each runs from its heading to the next heading, so
their spans tile ``[0, len(text))`` exactly. The hierarchy lives in each section's heading path.

Work reports number their headings ``一、`` > ``（一）`` > ``1.``/``1、`` > ``（1）`` > ``①``, but
real pages bend the scheme: headings stand inline in one long line (pages flattened into a
single paragraph), the first level is missing, or a part of the report opens with an
unnumbered line (``2023年工作计划``) or with a plain paragraph (``下半年，…将…``). Lead-ins such
as ``狠抓产业提升。`` are paragraph leads and never start a section.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.models import Document, Role, Section

__all__ = ["DEFAULT_MAX_CHARS", "chunk", "outline", "split_long"]

DEFAULT_MAX_CHARS = 2500

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = _CIRCLED_CHARS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Rank 0 is an unnumbered part heading (``2022年主要工作回顾``); 1..5 the numbered levels.
_MARKER = re.compile(
    r"(?P<r1>(?P<n1>[一二三四五六七八九十]{1,3})、)"
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
_MARKER_FIRST = frozenset("一二三四五六七八九十（(0123456789" + _CIRCLED_CHARS)
_HEADING_END = re.compile(r"[\n。！？；:：]|[ \t\u3000]")
_MAX_HEADING = 60

_PART_LINE = re.compile(
    r"(?:第[一二三四五六七八九十]{1,3}部分.*"
    r"|(?:\d{4}年|上半年|下半年|今后|下步|下一步|一年来)?[^。，,；！？\n]{0,14}"
    r"(?:工作回顾|工作总结|工作计划|工作思路|工作打算|工作安排|工作举措|存在问题|存在的问题|"
    r"问题和不足|问题与不足|不足之处|主要成效|主要目标|目标任务))"
)

_PROBLEMS_CUE = re.compile(
    r"存在(?:的)?问题|问题(?:和|与|及)?(?:不足|短板|困难|挑战)|不足之处|短板|弱项|薄弱环节|"
    r"问题分析|主要问题|困难和问题"
)
_REVIEW_CUE = re.compile(
    r"回顾|总结|成效|成绩|完成情况|推进情况|进展情况|落实情况|执行情况|工作情况|进度"
)
_PLAN_CUE = re.compile(
    r"计划|思路|打算|安排|下步|下一步|下阶段|举措|展望|目标任务|主要目标|工作重点|重点工作|"
    r"工作要点|主要任务|设想"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")

# A paragraph that opens a part without a heading. Only its first sentence is looked at.
_PLAN_OPENER = re.compile(
    r"^(?:(?:下半年|下步|下一步|下阶段|今后|明年|新的一年)[^。！？，,]{0,8}"
    r"|(?P<year>(?:19|20)\d\d)年)[，,]"
    r"[^。！？]*?(?:将|要|继续|力争|计划|着力)"
)
_PROBLEMS_OPENER = re.compile(
    r"(?:存在|面临|也有|还有|仍有)[^。：:]{0,15}?(?:问题|不足|短板|弱项|困难|差距|挑战)"
)
# A problems paragraph turns on the report's own record (但…认识到…还存在…), which keeps
# `督促存在问题的企业整改` in a review from opening a problems part.
# `当前存在的问题主要有：` names the part outright.
_PROBLEMS_NAMED = re.compile(r"(?:存在的|主要的?)(?:主要)?(?:问题|不足|困难|短板)")
_SELF_CRITIQUE = re.compile(r"但|同时|然而|不过|清醒|深刻|认识到|看到|也要")
# What ends a paragraph: a line break, or (pages flattened into one line) a sentence end
# followed by a space.
_PARAGRAPH_BREAK = re.compile(r"\n|[。！？；：:”」)）][ \t\u3000]+")
_FIRST_SENTENCE = re.compile(r"[^。！？\n]{0,160}")
# Headline achievements before the first heading make that opening a review section.
_ACHIEVEMENT = re.compile(r"(?:实现|完成|增长|达到|累计)[^。！？\n]{0,20}\d")

_SENTENCE_END = "。；！？!?;"
_SOFT_BREAK = "，,、：: \t\u3000\n"
# Characters that may stand inside a printed figure: never cut between two of them.
_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９.．%％‰")


@dataclass(slots=True)
class _Heading:
    start: int
    title_end: int  # end of the heading's own words, where its body begins
    rank: int
    number: int | None
    title: str
    role: Role | None = None  # set for paragraph openers, which carry their role


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    if "十" in text:
        tens, _, units = text.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(units, 0)
    return _CN_DIGITS.get(text, 0)


def _marker_at(text: str, pos: int, line_start: bool) -> tuple[int, int, int] | None:
    """(rank, number, marker end) of a heading marker standing at `pos`, else None."""
    m = _MARKER.match(text, pos)
    if m is None:
        return None
    rank = int(next(k for k, v in m.groupdict().items() if v is not None and k[0] == "r")[1])
    if rank >= 3 and not line_start and not text[pos - 1].isspace():
        return None
    raw = m.group(f"n{rank}")
    number = (
        _cn_number(raw) if rank in (1, 2) else (_CIRCLED.index(raw) + 1 if rank == 5 else int(raw))
    )
    end = m.end()
    nxt = text[end : end + 1]
    # `一、二、三产` and `1、2、3号` are enumerations in prose, not headings.
    if not nxt or nxt.isspace() or _MARKER.match(text, end) or nxt in "，,、。.%）)":
        return None
    return rank, number, end


def _heading_title(
    text: str, marker_start: int, body_from: int, inline: bool
) -> tuple[str, int] | None:
    """The heading's words (marker included) and where they end; None if it reads like prose."""
    m = _HEADING_END.search(text, body_from, body_from + _MAX_HEADING + 1)
    if m is None:
        if inline:
            return None
        # A numbered paragraph with no short title: it still opens a section.
        comma = re.compile(r"[，,]").search(text, body_from, body_from + _MAX_HEADING)
        end = comma.start() if comma else body_from + 30
        return text[marker_start:end].strip() + "…", end
    end = m.start()
    if end == body_from:
        return None
    title_end = end + 1 if text[end] in "。！？；:：" else end
    return text[marker_start:end].strip(), title_end


def _candidates(text: str) -> Iterator[tuple[int, bool]]:
    """(position, at a line start) of every place a heading may begin, in order."""
    start = len(text) - len(text.lstrip(" \t\u3000"))
    yield start, True
    for m in _CANDIDATE.finditer(text, start):
        yield m.end(), m.group()[0] == "\n"


def _find_headings(text: str) -> list[_Heading]:
    headings: list[_Heading] = []
    # (rank, number) of the open headings, outermost first, to check that numbering runs on.
    stack: list[tuple[int, int | None]] = []
    seen_ranks: set[int] = set()
    last = -1
    for pos, line_start in _candidates(text):
        if pos <= last or pos >= len(text):
            continue
        if not line_start and text[pos] not in _MARKER_FIRST:
            continue
        found = _marker_at(text, pos, line_start)
        if found is None:
            part = _part_line(text, pos) if line_start else None
            if part is not None:
                title, end = part
                headings.append(_Heading(pos, end, 0, None, title))
                stack = [(0, None)]
                seen_ranks.add(0)
                last = end
            continue
        rank, number, marker_end = found
        after_sentence = not line_start and not text[pos - 1].isspace()
        if after_sentence and rank > 2:
            continue
        titled = _heading_title(text, pos, marker_end, inline=not line_start)
        if titled is None:
            continue
        while stack and stack[-1][0] > rank:
            stack.pop()
        if stack and stack[-1][0] == rank:
            prev = stack[-1][1]
            if prev is None or number != prev + 1:
                continue
            stack.pop()
        elif number != 1 and any(r <= rank for r in seen_ranks):
            # A list restarting at 二 under a fresh parent is a stray numeral, not a heading;
            # only a document whose upper levels never appeared may start mid-list.
            continue
        title, end = titled
        headings.append(_Heading(pos, end, rank, number, title))
        stack.append((rank, number))
        seen_ranks.add(rank)
        last = end
    return headings


def _part_line(text: str, pos: int) -> tuple[str, int] | None:
    """An unnumbered heading standing alone on its line, such as ``2023年工作计划``."""
    nl = text.find("\n", pos)
    line_end = len(text) if nl < 0 else nl
    line = text[pos:line_end].strip()
    if not line or len(line) > 30 or nl < 0:
        return None
    if _PART_LINE.fullmatch(line) is None:
        return None
    return line, line_end


def _paragraph_openers(
    text: str, headings: list[_Heading], base_year: int | None
) -> list[_Heading]:
    """Paragraphs that open a part of the report without a heading (``下半年，…将…``)."""
    heading_starts = {h.start for h in headings}
    found: list[_Heading] = []
    starts = itertools.chain([0], (m.end() for m in _PARAGRAPH_BREAK.finditer(text)))
    for pos in starts:
        if pos >= len(text) or pos in heading_starts:
            continue
        sentence = _FIRST_SENTENCE.match(text, pos)
        first = sentence.group() if sentence else ""
        role: Role | None = None
        plan = _PLAN_OPENER.match(first)
        if plan is not None:
            year = plan.group("year")
            if year is None or (base_year is not None and int(year) > base_year):
                role = "plan"
        else:
            clause = re.split(r"[：:]", first, maxsplit=1)[0]
            named = _PROBLEMS_NAMED.search(clause, 0, 20)
            cue = _PROBLEMS_OPENER.search(clause)
            if named is not None or (cue is not None and _SELF_CRITIQUE.search(clause)):
                role = "problems"
        if role is None:
            continue
        label = first if len(first) <= 24 else first[:24] + "…"
        found.append(_Heading(pos, pos, 0, None, label, role))
    return found


def _heading_role(title: str, base_year: int | None) -> Role | None:
    words = _MARKER.sub("", title, count=1)
    if _PROBLEMS_CUE.search(words):
        return "problems"
    if _REVIEW_CUE.search(words):
        return "review"
    if _PLAN_CUE.search(words):
        return "plan"
    year = _YEAR.search(words)
    if year is not None and base_year is not None:
        if int(year.group(1)) > base_year:
            return "plan"
        if int(year.group(1)) == base_year:
            return "review"
    return None


def _base_year(doc: Document) -> int | None:
    if doc.meta.period_year is not None:
        return doc.meta.period_year
    first = _YEAR.search(doc.text, 0, 400)
    return int(first.group(1)) if first else None


def outline(doc: Document) -> list[Section]:
    """Sections by heading, before any splitting of over-long ones."""
    text = doc.text
    if not text:
        return []
    base_year = _base_year(doc)
    headings = _find_headings(text)
    openers = _paragraph_openers(text, headings, base_year)
    marks = sorted([*headings, *openers], key=lambda h: h.start)

    # Pass 1: the heading path and role at each mark; openers that do not change the role
    # (``下半年，…将…`` right under ``三、下半年主要工作计划``) are plain paragraphs.
    kept: list[tuple[_Heading, list[str], Role]] = []
    path: list[tuple[int, str]] = []
    current: Role = "review"
    top_rank = min((h.rank for h in headings), default=0)
    for mark in marks:
        if mark.role is not None:
            if mark.role == current:
                continue
            # The opener's section is labelled by its first words; the headings after it are
            # not its children (the next numbered part stands on its own).
            path = []
            current = mark.role
            kept.append((mark, [mark.title], current))
            continue
        else:
            while path and path[-1][0] >= mark.rank:
                path.pop()
            path.append((mark.rank, mark.title))
            outer = _heading_role(path[0][1], base_year)
            if outer is not None:
                current = outer
            elif mark.rank <= top_rank and current == "problems":
                # Reports run review → problems → plan: an uncued part after the problems
                # is the plan.
                current = "plan"
        kept.append((mark, [t for _, t in path], current))

    sections: list[Section] = []
    first_start = kept[0][0].start if kept else len(text)
    if first_start > 0:
        opening = text[:first_start]
        role: Role = "review" if _ACHIEVEMENT.search(opening) else "other"
        sections.append(_section(text, [], role, 0, first_start))

    # Pass 2: spans. A heading with no body of its own (``一、…回顾`` straight followed by
    # ``（一）…``) joins the section of its first child, so no section is a bare heading.
    carry: int | None = None
    for i, (mark, titles, role) in enumerate(kept):
        end = kept[i + 1][0].start if i + 1 < len(kept) else len(text)
        start = mark.start if carry is None else carry
        carry = None
        if i + 1 < len(kept) and mark.role is None and text[mark.title_end : end].strip() == "":
            child_titles = kept[i + 1][1]
            if len(child_titles) > len(titles) and child_titles[: len(titles)] == titles:
                carry = start
                continue
        sections.append(_section(text, titles, role, start, end))
    return _renumber(sections)


def _section(text: str, titles: list[str], role: Role, start: int, end: int) -> Section:
    return Section(
        id="",
        heading_path=list(titles),
        level=len(titles),
        role=role,
        start=start,
        end=end,
        text=text[start:end],
    )


def _renumber(sections: list[Section]) -> list[Section]:
    width = max(2, len(str(len(sections))))
    for i, section in enumerate(sections, 1):
        section.id = f"s{i:0{width}d}"
    return sections


def _cut_point(text: str, lo: int, hi: int) -> int:
    """The best place in (lo, hi] to end a part: a sentence end, else a soft break, else a
    place that is not inside a figure."""
    for chars in (_SENTENCE_END, _SOFT_BREAK):
        for i in range(hi, lo, -1):
            if text[i - 1] in chars:
                return i
    i = hi
    while i > lo + 1 and text[i - 1] in _NUMBER_CHARS and text[i] in _NUMBER_CHARS:
        i -= 1
    return i


def _split_points(text: str, start: int, end: int, max_chars: int) -> Iterator[int]:
    """Cut points that make parts of roughly equal length, none longer than `max_chars`."""
    pos = start
    while end - pos > max_chars:
        remaining = end - pos
        parts_left = -(-remaining // max_chars)
        target = pos + -(-remaining // parts_left)
        # Prefer a sentence end near the even share, but never past the budget.
        hi = min(pos + max_chars, max(target + max_chars // 5, target))
        cut = _cut_point(text, pos + max_chars // 4, min(hi, pos + max_chars))
        if cut <= pos:
            cut = pos + max_chars
        yield cut
        pos = cut


def split_long(text: str, sections: list[Section], max_chars: int) -> list[Section]:
    """Split sections longer than `max_chars` at sentence ends (never inside a figure)."""
    out: list[Section] = []
    for section in sections:
        if section.end - section.start <= max_chars:
            out.append(section)
            continue
        bounds = [section.start, *_split_points(text, section.start, section.end, max_chars)]
        bounds.append(section.end)
        n = len(bounds) - 1
        for k in range(n):
            part = _section(text, section.heading_path, section.role, bounds[k], bounds[k + 1])
            part.part, part.parts = k + 1, n
            out.append(part)
    return _renumber(out)


def chunk(doc: Document, *, max_chars: int = DEFAULT_MAX_CHARS) -> list[Section]:
    """Sections of `doc.text` in document order; their spans tile ``[0, len(doc.text))``."""
    if max_chars < 50:
        raise ValueError(f"max_chars must be at least 50, got {max_chars}")
    return split_long(doc.text, outline(doc), max_chars)
