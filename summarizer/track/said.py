"""What a review's own words say became of a target.

Two shapes, built from lexicon/outcomes.toml: a verb, the target (perhaps restated), a target
noun and perhaps a gap (高于预期目标0.2个百分点; 接近10％左右的预期目标; 完成年度目标); or a
comparative after the noun (比年初预期目标高2个百分点). A claim about every target at once
(完成了各项目标任务) and a purpose (为完成全年目标) say nothing of one outcome.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from summarizer.clauses import CLAUSE_ENDS, SENTENCE_ENDS, split
from summarizer.document.periods import figure_period
from summarizer.figures import read_figures
from summarizer.lexicon import units
from summarizer.lexicon.metrics import resolve
from summarizer.lexicon.outcomes import Verdict, outcomes
from summarizer.models import ReportMeta
from summarizer.numbers import extract_numbers, parse_quantity
from summarizer.track.model import Achieved, Said, Source

# The check of a figure track read from the report's own text (no provider claimed it).
SOURCE_CHECK = "source"
# How far after a figure its verdict may stand (…增长9.1％，接近10％左右的预期目标).
_REACH = 40


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = outcomes()
    stop = r"[^，,。；;！？!?\n]"
    nouns = lex.noun_pattern()
    gap = r"(?:(?P<gap>\d+(?:\.\d+)?)\s*个?百分点)?"
    verb = re.compile(
        rf"(?P<verb>{lex.verb_pattern()})(?P<mid>{stop}{{0,24}}?)(?P<noun>{nouns}){gap}"
    )
    steps = "|".join(re.escape(w) for w in (*lex.higher, *lex.lower))
    comparative = re.compile(
        rf"{re.escape(lex.comparative_lead)}(?P<mid>{stop}{{0,16}}?)(?P<noun>{nouns})"
        rf"(?P<cmp>{steps})了?(?P<gap>\d+(?:\.\d+)?)\s*个?百分点"
    )
    return verb, comparative


def _read(text: str, match: re.Match[str], verdict: Verdict) -> Said | None:
    lex = outcomes()
    words = match.group()
    before = text[max(0, match.start() - 2) : match.start()]
    if lex.is_general(words) or any(before.endswith(w) for w in lex.forward):
        return None
    gap = Decimal(match.group("gap")) if match.group("gap") else None
    if gap is not None and verdict in ("near", "below"):
        gap = -gap
    restated = None
    mid = match.group("mid")
    if mid:
        figure = parse_quantity(mid)
        if figure is not None and figure.unit in units().change_units:
            restated = figure.value
    return Said(verdict=verdict, words=words, gap=gap, restated=restated)


def _first(text: str) -> tuple[re.Match[str], Said] | None:
    verb, comparative = _patterns()
    found: list[tuple[re.Match[str], Said]] = []
    for match in verb.finditer(text):
        verdict = outcomes().verdict_of(match.group("verb"))
        said = _read(text, match, verdict) if verdict is not None else None
        if said is not None:
            found.append((match, said))
            break
    for match in comparative.finditer(text):
        up = match.group("cmp") in outcomes().higher
        said = _read(text, match, "above" if up else "below")
        if said is not None:
            found.append((match, said))
            break
    return min(found, key=lambda pair: pair[0].start()) if found else None


def said_after(sentence: str, at: int) -> Said | None:
    """The verdict a sentence prints after a figure ending at `at`, within a few clauses."""
    tail = sentence[at : at + _REACH]
    found = _first(tail)
    return found[1] if found is not None else None


def said_in(text: str, offset: int, meta: ReportMeta, heading: str, report: str) -> list[Said]:
    """Verdicts a review part prints about one metric's target (…比上年增长9.1％，接近10％左右的
    预期目标; 地区生产总值完成年度目标), each with the figure right before it when the sentence
    prints one (read by figures/, the same reading the cross-check uses), else the metric named
    in the verdict's clause or the one before."""
    out: list[Said] = []
    nouns = outcomes().target_nouns
    for lo, hi in split(text, 0, len(text), SENTENCE_ENDS):
        sentence = text[lo:hi]
        if not any(noun in sentence for noun in nouns):
            continue
        found = _first(sentence)
        if found is None:
            continue
        match, said = found
        start = offset + lo
        source = Source(
            report=report,
            path=meta.path,
            item_id=None,
            quote=sentence,
            start=start,
            end=start + len(sentence),
            check=SOURCE_CHECK,
        )
        figures = _judged_figures(sentence, match.start(), meta, heading, source)
        metric_id = figures[0].metric_id if figures else _metric_before(sentence, match.start())
        if metric_id is None:
            continue
        period = figures[0].period if figures else figure_period(meta, heading, sentence)
        out.append(
            Said(
                verdict=said.verdict,
                words=said.words,
                gap=said.gap,
                restated=said.restated,
                metric_id=metric_id,
                period=period,
                source=source,
                figures=tuple(figures),
            )
        )
    return out


def _judged_figures(
    sentence: str, at: int, meta: ReportMeta, heading: str, source: Source
) -> list[Achieved]:
    """The figure a verdict judges: the last one before it in its sentence with a catalogue
    metric (its own, or its level's for a change: …4556.6亿元，比上年增长9.1％), and that
    change's level too."""
    figures = [
        f
        for f in read_figures(sentence, extract_numbers(sentence))
        if f.end <= at and f.owned and f.kind in ("level", "growth")
    ]
    if not figures:
        return []
    last = figures[-1]
    judged = [last] + ([last.level] if last.level is not None and last.level.owned else [])
    metric_id = last.metric_id or (last.level.metric_id if last.level else None)
    if metric_id is None:
        return []
    out = []
    for figure in judged:
        period = figure_period(meta, heading, sentence, multi_year=figure.multi_year)
        if period is None:
            continue
        mention = figure.mention
        out.append(
            Achieved(
                metric_id=metric_id,
                measure="growth" if figure.kind == "growth" else "level",
                value=-mention.value if mention.direction == "decrease" else mention.value,
                unit=mention.unit,
                period=period,
                source=source,
                says=None,
                order=-1,
            )
        )
    return out


def _metric_before(sentence: str, at: int) -> str | None:
    """The catalogue metric named in the clause that holds `at`, or in the clause before."""
    clauses = [c for c in split(sentence, 0, len(sentence), CLAUSE_ENDS) if c[0] <= at]
    for lo, hi in reversed(clauses[-2:]):
        ref = resolve(sentence[lo : min(hi, at)])
        if ref is not None:
            return ref.metric.id
    return None
