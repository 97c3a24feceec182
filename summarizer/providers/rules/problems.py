"""Problems: the shortcomings a report lists (…还存在一些短板和弱项：一是…；二是…), one per item,
or in a problems section the heading of each numbered item."""

from __future__ import annotations

import re

from summarizer.clauses import SENTENCE_ENDS, has_any, split, strip_edges
from summarizer.lexicon import items
from summarizer.models import Problem
from summarizer.providers.rules.categories import area
from summarizer.providers.rules.section import SectionText, trim_summary

_ITEMS = items()
# Problem items headed (一)…, （二）…, 1.… or 1、… at the start of a line or sentence.
_ITEM_MARKER = re.compile(
    r"(?:^|(?<=[\n。！？；;]))[ \t\u3000]*(?:[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、])"
)
_HEADING_LINE = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]{1,3}、")


def read_problems(section: SectionText) -> list[Problem]:
    out: list[Problem] = []
    ordinals = _ITEMS.ordinal_items
    for start, end in section.sentences:
        sentence = section.piece(start, end)
        first_item = sentence.find(ordinals[0])
        if first_item < 0:
            continue
        preamble = sentence[:first_item]
        if not (has_any(preamble, _ITEMS.problem_cues) or section.section.role == "problems"):
            continue
        out.extend(_ordinal_items(section, start + first_item, end))
        section.claimed.append((start, end))
    if section.section.role == "problems" and not out:
        out.extend(_headed_problems(section))
    return out


def _ordinal_items(section: SectionText, start: int, end: int) -> list[Problem]:
    """一是…；二是…：one problem per item."""
    ordinals = _ITEMS.ordinal_items
    body = section.text[start:end]
    marks: list[int] = []
    at = 0
    for marker in ordinals:
        found = body.find(marker, at)
        if found < 0:
            break
        marks.append(found)
        at = found + len(marker)
    problems: list[Problem] = []
    for i, mark in enumerate(marks):
        item_start = start + mark + len(ordinals[i])
        item_end = start + marks[i + 1] if i + 1 < len(marks) else end
        problem = _problem(section, item_start, item_end)
        if problem is not None:
            problems.append(problem)
    return problems


def _headed_problems(section: SectionText) -> list[Problem]:
    """(一)经济高质量发展新动能有待挖掘。…: the heading of each item is the problem."""
    text = section.text
    starts = [m.end() for m in _ITEM_MARKER.finditer(text)]
    problems: list[Problem] = []
    if starts:
        for start in starts:
            title = split(text, start, len(text), SENTENCE_ENDS)
            if title:
                problem = _problem(section, *title[0])
                if problem is not None:
                    problems.append(problem)
        return problems
    for start, end in section.sentences:
        sentence = section.piece(start, end)
        if _HEADING_LINE.match(sentence) or len(strip_edges(sentence)) < 8:
            continue
        if any(strip_edges(sentence) in h for h in section.section.heading_path):
            continue
        if has_any(sentence, _ITEMS.problem_cues):
            problem = _problem(section, start, end)
            if problem is not None:
                problems.append(problem)
    return problems


def _problem(section: SectionText, start: int, end: int) -> Problem | None:
    # Keep the evidence an exact substring: trim the span, not a copy of it.
    evidence = strip_edges(section.text[start:end])
    if len(evidence) < 4:
        return None
    return Problem(summary=trim_summary(evidence), area=area(evidence), evidence=evidence)
