"""parts: the role of every stretch of a report — review, problems, plan or other.

Reports are written in one order: an opening (title block, salutation), the review of the
period (回顾 / 成效, with its problems: a part of its own or a paragraph inside the review, 我们
也清醒地看到…), the plan (今年工作的总体要求, 主要预期目标, 重点任务 / 下步计划), the government's own
conduct (政府自身建设) and the closing call, then appendices (名词解释, 附件). The role of a
stretch comes from that order and from the report's own words, in this order of trust:

1. its part heading (``一、2021年工作回顾``, ``2023年工作安排``, ``三、全面加强政府自身建设``),
   whose years are compared with the report's own review and plan years;
2. a paragraph that turns the report without a heading: a problems paragraph is one dense with
   admitted shortfalls (不足, 短板, 有待 …) in the review; a plan paragraph opens with the plan
   period (``今年是…``, ``下半年，…将…``); the government's conduct and the closing call
   (``让我们…``) end the plan;
3. where neither speaks, the part before it (a part after the problems is the plan).

A sub-heading keeps its part's role, except the government's own conduct inside a plan
(``（八）全面加强政府自身建设``), which is `other` (in a review it reports results: review).
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.document.headings import (
    Heading,
    find_headings,
    fold_years,
    header_end,
    marker_words,
)
from summarizer.document.paragraphs import (
    ACHIEVEMENT,
    FIRST_SENTENCE,
    MIN_PARAGRAPH,
    REVIEW_DENSITY,
    FrameView,
    announces_problems,
    bare_address,
    cues,
    is_closing,
    is_plan_opener,
    is_problems,
    is_self_building,
    paragraphs,
    sets_targets,
    shortfall_density,
    view_of,
    with_list,
    years,
)
from summarizer.models import Document, Role, Section

__all__ = ["is_self_building_heading", "outline"]


# --------------------------------------------------------------------------- headings


def _heading_role(title: str, view: FrameView, *, top: bool, first: bool = False) -> Role | None:
    """The role a heading's own words give its part; None when they say nothing. The first
    part of a report is its review unless its heading plainly plans (…宏伟目标阔步前进的五年
    is still the review)."""
    if _is_appendix(title):
        return "other"
    c = cues()
    words = marker_words(title)
    if c.problems.search(c.remedies.sub("", words)):
        return "problems"
    stated = years(words)
    plan_year = any(view.plan_year is not None and y >= view.plan_year for y in stated)
    past_year = any(view.review_year is not None and y <= view.review_year for y in stated)
    if view.plan_year is not None and view.review_year is not None:
        past_year = past_year and view.review_year < view.plan_year
    if c.review_strong.search(words):
        return "review"
    if is_self_building_heading(title):
        return "other"
    if c.plan_strong.search(words) or plan_year:
        return "plan"
    if top and not first and c.plan_weak.search(words):
        return "plan"
    if top and (c.review_weak.search(words) or past_year):
        return "review"
    return None


def is_self_building_heading(title: str) -> bool:
    """A heading about the government's own conduct (加强政府自身建设, …建设人民满意的服务型政府)."""
    return cues().self_building.search(marker_words(title)) is not None


def _is_appendix(title: str) -> bool:
    words = marker_words(title)
    return cues().appendix.search(words) is not None and len(words) <= 20


# --------------------------------------------------------------------------- outline


@dataclass(slots=True)
class _Mark:
    heading: Heading
    titles: list[str]
    role: Role


def outline(doc: Document) -> list[Section]:
    """Sections by heading and part, before any splitting of over-long ones; their spans tile
    the text, and each carries its part's role. Computed once per text and frame."""
    key = (doc.text, view_of(doc), tuple(doc.heading_lines))
    cached = doc._outline
    if cached is not None and cached[0] == key:
        return [s.model_copy() for s in cached[1]]
    sections = _outline(doc)
    doc._outline = (key, sections)
    return [s.model_copy() for s in sections]


def _outline(doc: Document) -> list[Section]:
    text = doc.text
    if not text:
        return []
    folded = fold_years(text)
    view = view_of(doc)
    headings = find_headings(folded, frozenset(doc.heading_lines), display=text)
    top_rank = min((h.rank for h in headings), default=0)
    marks = _walk(folded, text, headings, view, top_rank)

    sections: list[Section] = []
    first_start = marks[0].heading.start if marks else len(text)
    if first_start > 0:
        opening = text[:first_start]
        role: Role = "review" if ACHIEVEMENT.search(opening) else "other"
        sections.append(_section(text, [], role, 0, first_start))

    # A heading with no body of its own (``一、…回顾`` straight followed by ``（一）…``) joins
    # the section of its first child, so no section is a bare heading.
    carry: int | None = None
    for i, mark in enumerate(marks):
        end = marks[i + 1].heading.start if i + 1 < len(marks) else len(text)
        start = mark.heading.start if carry is None else carry
        carry = None
        if (
            i + 1 < len(marks)
            and mark.heading.role is None
            and text[mark.heading.title_end : end].strip() == ""
        ):
            nxt = marks[i + 1]
            child_titles = nxt.titles
            if (
                len(child_titles) > len(mark.titles)
                and child_titles[: len(mark.titles)] == mark.titles
                and nxt.role == mark.role
            ):
                carry = start
                continue
        sections.append(_section(text, mark.titles, mark.role, start, end))
    return _renumber(sections)


def _walk(
    text: str, display: str, headings: list[Heading], view: FrameView, top_rank: int
) -> list[_Mark]:
    """The marks (headings and paragraph openers) in order, with the role each opens; `text`
    is folded, `display` as printed (openers are labelled by their first words)."""
    header = header_end(text)
    heading_at = {h.start: h for h in headings}
    # Where the last top-level part (appendices aside) begins: closing calls stand after it.
    last_part = max(
        (h.start for h in headings if h.rank <= top_rank and not _is_appendix(h.title)),
        default=0,
    )
    marks: list[_Mark] = []
    path: list[tuple[int, str]] = []
    part: Role = "other"  # the role of the part we are in
    current: Role = "other"  # the role of the text at this point
    started = False  # past the opening
    appendix = False
    previous: str | None = None  # the paragraph before
    problems_seen = False  # the review has admitted its problems
    # A problems paragraph that ends announcing its list (尚有5个很现实的困难：): the uncued
    # headings right after it are the problems themselves (1、下岗职工和困难人口多).
    listing = False
    # A 政府工作报告 whose first part is headed as the review: what stands between the
    # salutation and that heading is still the opening.
    preamble = (
        view.government_report
        and bool(headings)
        and (_heading_role(headings[0].title, view, top=True, first=True) == "review")
    )
    bounds = [h.start for h in headings] + [len(text)]
    segments = [(header, bounds[0])] + [
        (h.title_end, bounds[i + 1]) for i, h in enumerate(headings)
    ]
    events: list[tuple[int, Heading | None, int]] = []
    for seg_start, seg_end in segments:
        for p_start, p_end in paragraphs(text, seg_start, seg_end):
            if p_start not in heading_at:
                events.append((p_start, None, p_end))
    events += [(h.start, h, h.title_end) for h in headings]
    events.sort(key=lambda e: (e[0], e[1] is None))

    for pos, heading, p_end in events:
        if heading is not None:
            problems_seen = problems_seen or part == "problems"
            role, part, appendix = _heading_step(
                heading, path, view, part, started, appendix, problems_seen, listing
            )
            listing = listing and role == "problems"
            started = True
            current = role
            marks.append(_Mark(heading, [t for _, t in path], role))
            continue

        paragraph = text[pos:p_end]
        if appendix or not paragraph.strip():
            continue
        opener: Role | None = None
        if not started:
            if preamble:
                continue
            # The first paragraph after the opening opens the review.
            started = True
            current = part = "review"
            marks.append(_Mark(Heading(pos, pos, 0, None, "", "review"), [], "review"))
            continue
        addressed = previous is not None and bare_address(previous)
        previous = paragraph
        turnable = current in ("review", "problems") or (current == "other" and part == "plan")
        if turnable and is_plan_opener(paragraph, view):
            opener = "plan"
        elif current == "other" and started and sets_targets(paragraph, view):
            # The year's targets, even inside the government's own part (…首先必须做好2003年
            # 工作。…主要调控预期目标是：…).
            opener = "plan"
        elif current == "review" and is_problems(with_list(text, pos, paragraph)):
            opener = "problems"
        elif (
            current == "problems"
            and marks
            and marks[-1].heading.role == "problems"
            and len(paragraph) >= MIN_PARAGRAPH
            and shortfall_density(paragraph) < REVIEW_DENSITY
        ):
            # A problems paragraph inside the review ends where the text turns back to results.
            opener = "review"
        elif current == "plan" and (
            (pos >= last_part and is_closing(paragraph))
            or (is_self_building(paragraph, addressed) and _in_tail(pos, headings, path))
        ):
            # The closing call, or the plan turning to the government's own conduct.
            opener = "other"
        if opener is None:
            continue
        words = FIRST_SENTENCE.match(paragraph)
        label = display[pos : pos + len(words.group() if words else paragraph)].rstrip("。")
        title = label if len(label) <= 24 else label[:24] + "…"
        marks.append(_Mark(Heading(pos, pos, 0, None, title, opener), [title], opener))
        current = opener
        problems_seen = problems_seen or opener == "problems"
        listing = opener == "problems" and announces_problems(paragraph)
        if opener != "other":
            part = opener
        # The headings after an opener are not its children: the next part stands on its own.
        path.clear()
    return marks


def _heading_step(
    heading: Heading,
    path: list[tuple[int, str]],
    view: FrameView,
    part: Role,
    started: bool,
    appendix: bool,
    problems_seen: bool,
    listing: bool = False,
) -> tuple[Role, Role, bool]:
    """(the heading's role, the part's role after it, whether the appendices have begun);
    `path` is updated to end with this heading."""
    while path and path[-1][0] >= heading.rank:
        path.pop()
    path.append((heading.rank, heading.title))
    if appendix:
        return "other", part, True
    own = _heading_role(heading.title, view, top=len(path) == 1, first=part == "other")
    if len(path) == 1:
        if _is_appendix(heading.title):
            return "other", part, True
        if own is None and listing:
            return "problems", "problems", False
        if own is None:
            # Reports run review → problems → plan: an uncued part after the review is still
            # the review, one after the problems (or the plan) is the plan.
            review = not started or (part == "review" and not problems_seen)
            own = "review" if review else "plan"
        return own, own, False
    if own == "other" and part == "plan":
        return "other", part, False
    if own == "problems" and part in ("review", "problems"):
        return "problems", part, False
    if own == "plan" and part in ("review", "problems") and not view.government_report:
        # A summary's part can end with its own 下步打算.
        return "plan", "plan", False
    return part, part, False


def _in_tail(pos: int, headings: list[Heading], path: list[tuple[int, str]]) -> bool:
    """Whether no sub-heading of the current part follows `pos` (the paragraph stands at the
    end of its part, where a plan turns to the government's own conduct)."""
    top = path[0][0] if path else min((h.rank for h in headings), default=0)
    for h in headings:
        if h.start <= pos:
            continue
        return h.rank <= top
    return True


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
