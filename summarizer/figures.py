"""Who owns each figure: for every number mention, the words that name the metric it measures.

Moved out of the cross-check so that the rules provider and the check decide ownership in one
place.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.lexicon import changes, kinds, qualifiers, units
from summarizer.models import Direction, NumberMention

__all__ = ["CHANGE_CUES", "Placed", "clause_start", "placements", "sentence_start"]

CHANGE_UNITS = units().change_units
# Clause marks: a metric's name and its figure stand between two of these.
CLAUSE_MARKS = frozenset("，,；;。！？!?\n：:、")
# Sentence marks: a change (同比增长10.6%) belongs to a figure of the same sentence.
SENTENCE_MARKS = frozenset("；;。！？!?\n")
# Words that frame a change without naming a metric: what is left after removing them decides
# whether "…同比增长10.6%" names its own metric or refers back to the figure before it.
CHANGE_CUES = re.compile(
    "|".join(
        re.escape(w)
        for w in sorted(
            {
                *changes().bases,
                *changes().cues,
                *changes().fillers,
                *qualifiers().words("prefix"),
                *kinds().total,
                "增速",
                "实现",
                "其中",
                "共",
                "和",
                "与",
                "及",
            },
            key=len,
            reverse=True,
        )
    )
    + r"|[\s\d.%\-+－—()（）]"
)
_FIELDS_OF_NAME = re.compile(r"[、和及与]")
# A list of metric names (总产值、增加值) runs back to any clause mark but the enumeration comma.
_NAME_LIST_END = CLAUSE_MARKS - {"、"}


@dataclass(slots=True)
class Placed:
    """A mention with the words that name what it measures (its "owner")."""

    mention: NumberMention
    owner: str
    is_change: bool
    direction: Direction | None
    # A size class such as 亿元以上 (in 引进亿元以上重大项目): a figure a claim may cite, but part
    # of a name, so neither a boundary between owners nor a figure the summary should cover.
    threshold: bool = False
    # Words after a count, up to the next figure or clause end: 18家|规上工业企业.
    tail: str = ""
    # The sentence up to the mention, for owners that continue an earlier subject.
    before: str = ""
    # For a change that refers back (…15.93亿元，同比增长10.6%): the figure it belongs to.
    level: NumberMention | None = None


def clause_start(text: str, at: int, floor: int) -> int:
    i = at
    while i > floor and text[i - 1] not in CLAUSE_MARKS:
        i -= 1
    return i


def sentence_start(text: str, at: int) -> int:
    i = at
    while i > 0 and text[i - 1] not in SENTENCE_MARKS:
        i -= 1
    return i


def _direction(text: str, mention: NumberMention) -> Direction | None:
    """The mention's direction; a bare minus sign right before a rate (同比分别-6.2%) reads as a
    decrease even where the numbers stage left it unset."""
    if mention.direction is not None:
        return mention.direction
    before = text[mention.start - 1] if mention.start > 0 else ""
    before2 = text[mention.start - 2] if mention.start > 1 else ""
    if mention.unit in CHANGE_UNITS and before in "-－−" and not before2.isdigit():
        return "decrease"
    return None


def _is_threshold(mention: NumberMention) -> bool:
    """亿元以上 in 引进亿元以上重大项目: a size class that is part of a name, not a figure."""
    return (
        mention.scale is not None
        and not any(ch.isdigit() for ch in mention.raw)
        and mention.raw.startswith(mention.scale)
    )


_CHANGE_PREFIX = re.compile(
    "(?:"
    + "|".join(re.escape(w) for w in (*changes().cues, *changes().bases, "增速", "分别"))
    + r")[^\d]{0,3}$"
)


def _looks_like_change(mention: NumberMention, prefix: str) -> bool:
    return mention.unit in CHANGE_UNITS and bool(_CHANGE_PREFIX.search(prefix))


def placements(text: str, mentions: Sequence[NumberMention]) -> list[Placed]:
    """For every mention, the words in its clause that name its metric.

    A figure's owner is the text between the previous mention (or the clause start) and the
    figure: 实现地区生产总值|15.93亿元. A change whose own words name no metric
    (，同比增长10.6%) belongs to the nearest figure before it in the sentence; after 分别 the
    i-th change belongs to the i-th of the figures just before (…60.3亿元，…2亿元，同比分别
    -6.2%、-19.3%), and the i-th figure to the i-th name listed before 分别.
    """
    ordered = sorted(mentions, key=lambda m: m.start)
    placed: list[Placed] = []
    prev_end = 0
    for mention in ordered:
        start = clause_start(text, mention.start, prev_end)
        prefix = text[start : mention.start]
        if _is_threshold(mention):
            # Named by the words on both sides: 其中注册资金|千万元以上|46家, 引进|亿元以上|重大项目.
            end = mention.end
            while end < len(text) and text[end] not in CLAUSE_MARKS and not text[end].isdigit():
                end += 1
            tail = text[mention.end : end]
            placed.append(Placed(mention, prefix, False, None, threshold=True, tail=tail))
            continue
        direction = _direction(text, mention)
        is_change = direction is not None or _looks_like_change(mention, prefix)
        before = text[sentence_start(text, mention.start) : mention.start]
        placed.append(Placed(mention, prefix, is_change, direction, before=before))
        prev_end = mention.end
    figures = [p for p in placed if not p.threshold]
    for here, after in itertools.zip_longest(figures, figures[1:]):
        if here.is_change:
            continue
        stop = after.mention.start if after is not None else len(text)
        end = here.mention.end
        while end < stop and text[end] not in CLAUSE_MARKS:
            end += 1
        here.tail = text[here.mention.end : end]
    _inherit_list_owners(text, figures)
    _attach_changes(text, figures)
    _resolve_respectively(text, figures)
    return placed


def _names_nothing(words: str) -> bool:
    return len(CHANGE_CUES.sub("", words)) < 2


def _inherit_list_owners(text: str, placed: list[Placed]) -> None:
    """共发放4440人次、约150万元; 接待来访群众73批121人次: a figure with no words of its own
    that follows another closely measures the same thing."""
    for before, item in itertools.pairwise(placed):
        if item.is_change or before.is_change:
            continue
        if not (_names_nothing(item.owner) and _names_nothing(item.tail)):
            continue
        gap = text[before.mention.end : item.mention.start]
        if len(gap) <= 3 and not any(ch in SENTENCE_MARKS for ch in gap):
            item.owner, item.tail = before.owner, before.tail


def _attach_changes(text: str, placed: list[Placed]) -> None:
    for index, item in enumerate(placed):
        if not item.is_change or not _names_nothing(item.owner):
            continue
        sentence = sentence_start(text, item.mention.start)
        # Indices, not reversed(placed[:index]): that copy made the walk quadratic.
        for back in range(index - 1, -1, -1):
            before = placed[back]
            if before.mention.start < sentence:
                break
            if not before.is_change:
                item.owner = before.owner
                item.level = before.mention
                break


def _resolve_respectively(text: str, placed: list[Placed]) -> None:
    """分别: pair the list after it with the figures or names before it, in order."""
    # `placed` is in text order; bisect to the figures near each 分别 (a scan from the start
    # for every 分别 is quadratic on a long report).
    starts = [p.mention.start for p in placed]
    for found in re.finditer("分别", text):
        at = found.start()
        opening = sentence_start(text, at)
        after: list[Placed] = []
        cursor = found.end()
        for index in range(bisect.bisect_left(starts, found.end()), len(placed)):
            item = placed[index]
            gap = text[cursor : item.mention.start]
            if any(ch in SENTENCE_MARKS for ch in gap) or len(gap) > 6:
                break
            after.append(item)
            cursor = item.mention.end
        if len(after) < 2:
            continue
        before = placed[bisect.bisect_left(starts, opening) : bisect.bisect_left(starts, at)]
        levels = [p for p in before if not p.is_change]
        if after[0].is_change and len(levels) >= len(after):
            for item, level in zip(after, levels[-len(after) :], strict=True):
                item.owner, item.level = level.owner, level.mention
            continue
        # Otherwise the figures (or changes) after 分别 take their names from a list before it:
        # 总产值、增加值分别为…; 批发额、零售额分别同比增长….
        names_start = at
        while names_start > opening and text[names_start - 1] not in _NAME_LIST_END:
            names_start -= 1
        if bisect.bisect_left(starts, names_start) < bisect.bisect_left(starts, at):
            continue
        names = [n for n in _FIELDS_OF_NAME.split(text[names_start:at]) if n.strip()]
        if len(names) == len(after):
            for item, name in zip(after, names, strict=True):
                item.owner = name
