"""Problems: every shortcoming a report admits, one item per problem.

Where: the problems part the frame found (a part of its own, or the paragraph inside the
review that admits them: 我们也清醒地看到…), and, elsewhere, a sentence that announces a list
of problems with a cue word (…还存在一些短板和弱项：一是…).

One item per problem, following the report's own structure:
* an ordinal list (一是…。二是…) gives one per item, however many sentences each runs to;
* numbered items ((一)…, 1.…) give one per item, its heading sentence;
* otherwise one per sentence, and one per `；` clause of a list after `：`/主要是/主要表现在.
The lead-in that only announces the problems (面临不少困难和挑战) and the closing that says how
they will be met (对此，我们将…) are no problems of their own.
"""

from __future__ import annotations

import re

from summarizer.clauses import (
    CLAUSE_ENDS,
    SEGMENT_ENDS,
    SENTENCE_ENDS,
    has_any,
    split,
    strip_edges,
)
from summarizer.document.paragraphs import announces_problems
from summarizer.lexicon import items
from summarizer.lexicon.frame import frame_lexicon
from summarizer.models import Problem
from summarizer.providers.rules.categories import area
from summarizer.providers.rules.section import SectionText, trim_summary

_ITEMS = items()
# Problem items headed (一)…, （二）…, 1.… or 1、… at the start of a line or sentence.
_ITEM_MARKER = re.compile(
    r"(?:^|(?<=[\n。！？；;]))[ \t\u3000]*(?:[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、])"
)
_HEADING_LINE = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]{1,3}、")
# What may stand right before an ordinal marker (一是 in 统一是 is no marker).
_MARKER_BEFORE = frozenset("，,。；;：:！？!?\n \t\u3000（(")
_SHORTEST = 4


def read_problems(section: SectionText) -> list[Problem]:
    if section.section.role == "problems":
        found = _problems_part(section)
    else:
        found = _announced_lists(section)
    return [p for p in (_problem(section, a, b) for a, b in found) if p is not None]


# --------------------------------------------------------------------------- a problems part


def _problems_part(section: SectionText) -> list[tuple[int, int]]:
    text = section.text
    spans = _ordinal_spans(text, 0, len(text))
    if spans:
        return [_first_sentence(text, *span) for span in spans]
    headed = _headed(section)
    if headed:
        return headed
    if announces_problems(text):
        # …尚有5个很现实的困难：— only the lead of the list; its items are the parts after it.
        return []
    out: list[tuple[int, int]] = []
    for start, end in section.sentences:
        sentence = text[start:end]
        if len(strip_edges(sentence)) < _SHORTEST or _HEADING_LINE.match(sentence):
            continue
        if any(strip_edges(sentence) in h for h in section.section.heading_path):
            continue
        out.extend(_sentence_problems(section, start, end))
    section.claimed.extend(out)
    return out


def _sentence_problems(section: SectionText, start: int, end: int) -> list[tuple[int, int]]:
    """One sentence of a problems part: its problems, one per `；` clause (一是 aside, reports
    list them so: A；B；C), or per clause of a list announced with 主要是：A，B，C; without the
    words that only announce them, and none in the closing (对此，我们将…)."""
    text = section.text
    if _closes(section, start, end):
        return []
    start = _after_lead_in(section, start, end)
    if start >= end:
        return []
    lead = _list_lead(text, start, end)
    if lead is not None:
        start = lead
    segments = split(text, start, end, SEGMENT_ENDS)
    if len(segments) < 2 and lead is not None:
        # 主要是：经济稳定向好的支撑基础还不牢固，产业转型…还需加力，…: one per clause.
        segments = split(text, start, end, CLAUSE_ENDS)
    items = [seg for seg in segments if len(strip_edges(text[seg[0] : seg[1]])) >= _SHORTEST]
    return items or [(start, end)]


def _closes(section: SectionText, start: int, end: int) -> bool:
    """对此，我们将…加以解决; 我们坚信…; 尽管这些问题…: how the problems will be met or what
    they are, not one of them. A clause that turns to the problems (我们要清醒认识到) is none."""
    turn = frame_lexicon().self_critique
    bodies = [section.piece(c.start, c.end) for c in section.clauses(start, end)]
    closing = any(has_any(b, _ITEMS.resolution_cues) and not has_any(b, turn) for b in bodies)
    # 我们要继续前进，就必须清醒地看到…主要矛盾和问题：A；B: a sentence that goes on to list the
    # problems opens them, whatever its first clause says.
    return closing and _list_lead(section.text, start, end) is None


def _after_lead_in(section: SectionText, start: int, end: int) -> int:
    """Where the problem begins once the clauses that turn to the problems (我们也清醒地看到)
    and only announce them (面临不少困难和挑战) are skipped."""
    turn = frame_lexicon().self_critique
    at = start
    for clause in section.clauses(start, end):
        body = section.piece(clause.start, clause.end)
        if has_any(body, _ITEMS.generic_admissions) or (
            len(strip_edges(body)) <= 12 and has_any(body, turn)
        ):
            at = clause.end
            continue
        break
    return at


def _list_lead(text: str, start: int, end: int) -> int | None:
    """Where the items of …主要是：A；B begin, when the sentence announces a list."""
    sentence = text[start:end]
    found = [sentence.find(w) + len(w) for w in _ITEMS.list_leads if w in sentence]
    return start + min(found) if found else None


# --------------------------------------------------------------------------- lists


def _ordinal_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """一是…；二是…: each item from after its marker to the next marker (or `end`)."""
    marks: list[tuple[int, int]] = []
    at = start
    for marker in _ITEMS.ordinal_items:
        found = _find_marker(text, marker, at, end)
        if found < 0:
            break
        marks.append((found, found + len(marker)))
        at = found + len(marker)
    spans = []
    for i, (_, body) in enumerate(marks):
        item_end = marks[i + 1][0] if i + 1 < len(marks) else _list_end(text, body, end)
        spans.append((body, item_end))
    return spans


def _find_marker(text: str, marker: str, start: int, end: int) -> int:
    at = text.find(marker, start, end)
    while at >= 0 and at > 0 and text[at - 1] not in _MARKER_BEFORE:
        at = text.find(marker, at + 1, end)
    return at


def _list_end(text: str, start: int, end: int) -> int:
    """The last item ends where the paragraph does, or at a closing (对此，我们将…)."""
    for a, b in split(text, start, end, SENTENCE_ENDS):
        if a > start and has_any(text[a:b], _ITEMS.resolution_cues):
            return a
        if "\n" in text[b : b + 1] and b > start:
            return b
    return end


def _first_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    sentences = split(text, start, end, SENTENCE_ENDS)
    return sentences[0] if sentences else (start, end)


def _headed(section: SectionText) -> list[tuple[int, int]]:
    """(一)经济高质量发展新动能有待挖掘。…: the heading sentence of each numbered item."""
    text = section.text
    out = []
    for match in _ITEM_MARKER.finditer(text):
        title = split(text, match.end(), len(text), SENTENCE_ENDS)
        if title:
            out.append(title[0])
    return out


def _announced_lists(section: SectionText) -> list[tuple[int, int]]:
    """Outside a problems part: a sentence that announces its problems with a cue word and
    lists them (还存在一些短板和弱项：一是…；二是…)."""
    text = section.text
    out: list[tuple[int, int]] = []
    for start, end in section.sentences:
        first = _find_marker(text, _ITEMS.ordinal_items[0], start, end)
        if first < 0 or not has_any(text[start:first], _ITEMS.problem_cues):
            continue
        out.extend(_ordinal_spans(text, first, end))
        section.claimed.append((start, end))
    return out


def _problem(section: SectionText, start: int, end: int) -> Problem | None:
    # Keep the evidence an exact substring: trim the span, not a copy of it.
    evidence = strip_edges(section.text[start:end])
    if len(evidence) < _SHORTEST:
        return None
    return Problem(summary=trim_summary(evidence), area=area(evidence), evidence=evidence)
