"""Cross-check every figure and quote a provider claims against the source text.

A summary of a government report is worthless if one figure in it is invented, so each claimed
figure (a metric's value, its change, a target's value) is matched against the number mentions
the numbers stage found: those of its own section first, then of the whole report. Both sides
are normalised to base units (15.93亿元 = 1593000000元 = 159300万元) and the claim gets one
status (see `models.CheckStatus`).

A figure only counts as the claimed metric's when it sits next to that metric's name in the
source, within the same clause (`_placements` works out, for every mention, the words that name
what it measures). Without that, "财政总收入 同比增长132.7%" would pass because 132.7% stands
in the report — as the growth of 一般公共预算收入.

Every evidence quote is located at character level (`summarizer.quotes`); one that is not in the
source is a `quote_not_found` check and its item keeps no span.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from summarizer.lexicon import changes, kinds, qualifiers, units
from summarizer.lexicon import metrics as metrics_catalog
from summarizer.models import (
    OK_STATUSES,
    Bound,
    Check,
    CheckStatus,
    ChunkResult,
    Coverage,
    Direction,
    Document,
    Metric,
    NumberMention,
    ReportSummary,
    Section,
    format_decimal,
)
from summarizer.numbers import extract_numbers, normalise, parse_quantity
from summarizer.numerals import SCALES
from summarizer.quotes import locate_quote

__all__ = ["check_report", "locate_quote", "numbers_not_in_text"]

# Characters around a mention shown to a reviewer.
CONTEXT_CHARS = 40
# Share of a claimed name's character pairs that must stand in a mention's owner text for the
# mention to count as that metric's.
NAME_MATCH = 0.6
# Names this short match only whole (or through the metric catalogue).
SHORT_NAME = 4

_CHANGE_UNITS = units().change_units
_SCALE_FACTORS: dict[str, Decimal] = {word: Decimal(10) ** power for word, power in SCALES.items()}
# Clause marks: a metric's name and its figure stand between two of these.
_CLAUSE_MARKS = frozenset("，,；;。！？!?\n：:、")
# Sentence marks: a change (同比增长10.6%) belongs to a figure of the same sentence.
_SENTENCE_MARKS = frozenset("；;。！？!?\n")
# Words that frame a change without naming a metric: what is left after removing them decides
# whether "…同比增长10.6%" names its own metric or refers back to the figure before it.
_CHANGE_CUES = re.compile(
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
_NAME_LIST_END = _CLAUSE_MARKS - {"、"}


# --------------------------------------------------------------------------- claims


@dataclass(slots=True)
class _Claim:
    """One claimed figure, in base units, with how it was printed."""

    name: str
    text: str
    value: Decimal
    unit: str | None
    scale: str | None
    precision: int
    # None: the claim cannot say (a Change has no qualifier field), so it is not compared.
    bound: Bound | None
    direction: str | None
    is_change: bool
    # No unit and no scale word at all: compare the printed number only.
    bare: bool = False
    # Upper end of a range (6%-6.5%), in the same units as `value`.
    value_hi: Decimal | None = None

    @property
    def printed(self) -> Decimal:
        return self.value / _SCALE_FACTORS.get(self.scale or "", Decimal(1))


def _decimal(number: float) -> Decimal:
    # repr() is the shortest text that round-trips, so 15.93 stays 15.93 (not 15.9299999…).
    return Decimal(repr(number))


def _precision(printed: Decimal) -> int:
    exponent = printed.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _bound_of(qualifier: str | None) -> Bound:
    return qualifiers().bound(qualifier)


def _mention_bound(mention: NumberMention) -> Bound:
    if mention.bound != "exact":
        return mention.bound
    return _bound_of(mention.qualifier)


def _value_claim(metric: Metric, extra_qualifier: str | None = None) -> _Claim | None:
    """The metric's value as a claim; None when it claims no value."""
    unit_text = "".join((metric.unit or "").split())
    qualifier = metric.qualifier or extra_qualifier
    if metric.value is None:
        if not metric.raw:
            return None
        parsed = parse_quantity(metric.raw)
        if parsed is None:
            return None
        return _Claim(
            name=metric.name,
            text=f"{metric.name} {''.join(metric.raw.split())}",
            value=parsed.value,
            unit=parsed.unit,
            scale=parsed.scale,
            precision=parsed.precision,
            bound=_mention_bound(parsed) if not qualifier else _bound_of(qualifier),
            direction=None,
            is_change=False,
            bare=parsed.unit is None and parsed.scale is None,
            value_hi=parsed.value_hi,
        )
    printed = _decimal(metric.value)
    try:
        value, unit, scale = normalise(printed, unit_text) if unit_text else (printed, None, None)
    except (ValueError, InvalidOperation):
        value, unit, scale = printed, unit_text or None, None
    value_hi = None
    if metric.value_hi is not None:
        # The range's ends share the unit and scale word: 6%-6.5%, 3-5亿元.
        # A model may answer Infinity (1e309): inf/inf is undefined; the claim is flagged anyway.
        ratio = value / printed if printed and printed.is_finite() else Decimal(1)
        value_hi = _decimal(metric.value_hi) * ratio
    figure = format_decimal(printed)
    if metric.value_hi is not None:
        figure += "-" + format_decimal(_decimal(metric.value_hi))
    return _Claim(
        name=metric.name,
        text=_claim_text(metric.name, qualifier, figure, unit_text),
        value=value,
        unit=unit,
        scale=scale,
        precision=_precision(printed),
        bound=_bound_of(qualifier),
        direction=None,
        is_change=unit in _CHANGE_UNITS,
        bare=not unit_text,
        value_hi=value_hi,
    )


def _change_claim(metric: Metric) -> _Claim | None:
    change = metric.change
    if change is None or change.amount is None:
        return None
    amount = _decimal(abs(change.amount))
    verb = {"increase": "增长", "decrease": "下降", "flat": "持平"}.get(change.direction or "", "")
    basis = change.basis or ""
    direction = change.direction if change.direction in ("increase", "decrease") else None
    if change.amount < 0 and direction is None:
        direction = "decrease"
    return _Claim(
        name=metric.name,
        text=f"{metric.name} {basis}{verb}{format_decimal(amount)}{change.unit or ''}",
        value=amount,
        unit=change.unit,
        scale=None,
        precision=_precision(amount),
        # A change has no qualifier of its own; a metric that claims no value may carry it.
        bound=_bound_of(metric.qualifier) if metric.value is None else None,
        direction=direction,
        is_change=True,
        bare=change.unit is None,
    )


def _claim_text(name: str, qualifier: str | None, digits: str, unit: str) -> str:
    # 1600余万元, 50%以上, 近50场: the qualifier where the lexicon says Chinese puts it.
    return f"{name} {qualifiers().written(digits, unit, qualifier)}"


# --------------------------------------------------------------------------- placements


@dataclass(slots=True)
class _Placed:
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


def _clause_start(text: str, at: int, floor: int) -> int:
    i = at
    while i > floor and text[i - 1] not in _CLAUSE_MARKS:
        i -= 1
    return i


def _sentence_start(text: str, at: int) -> int:
    i = at
    while i > 0 and text[i - 1] not in _SENTENCE_MARKS:
        i -= 1
    return i


def _direction(text: str, mention: NumberMention) -> Direction | None:
    """The mention's direction; a bare minus sign right before a rate (同比分别-6.2%) reads as a
    decrease even where the numbers stage left it unset."""
    if mention.direction is not None:
        return mention.direction
    before = text[mention.start - 1] if mention.start > 0 else ""
    before2 = text[mention.start - 2] if mention.start > 1 else ""
    if mention.unit in _CHANGE_UNITS and before in "-－−" and not before2.isdigit():
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
    return mention.unit in _CHANGE_UNITS and bool(_CHANGE_PREFIX.search(prefix))


def _placements(text: str, mentions: Sequence[NumberMention]) -> list[_Placed]:
    """For every mention, the words in its clause that name its metric.

    A figure's owner is the text between the previous mention (or the clause start) and the
    figure: 实现地区生产总值|15.93亿元. A change whose own words name no metric
    (，同比增长10.6%) belongs to the nearest figure before it in the sentence; after 分别 the
    i-th change belongs to the i-th of the figures just before (…60.3亿元，…2亿元，同比分别
    -6.2%、-19.3%), and the i-th figure to the i-th name listed before 分别.
    """
    ordered = sorted(mentions, key=lambda m: m.start)
    placed: list[_Placed] = []
    prev_end = 0
    for mention in ordered:
        start = _clause_start(text, mention.start, prev_end)
        prefix = text[start : mention.start]
        if _is_threshold(mention):
            # Named by the words on both sides: 其中注册资金|千万元以上|46家, 引进|亿元以上|重大项目.
            end = mention.end
            while end < len(text) and text[end] not in _CLAUSE_MARKS and not text[end].isdigit():
                end += 1
            tail = text[mention.end : end]
            placed.append(_Placed(mention, prefix, False, None, threshold=True, tail=tail))
            continue
        direction = _direction(text, mention)
        is_change = direction is not None or _looks_like_change(mention, prefix)
        before = text[_sentence_start(text, mention.start) : mention.start]
        placed.append(_Placed(mention, prefix, is_change, direction, before=before))
        prev_end = mention.end
    figures = [p for p in placed if not p.threshold]
    for here, after in itertools.zip_longest(figures, figures[1:]):
        if here.is_change:
            continue
        stop = after.mention.start if after is not None else len(text)
        end = here.mention.end
        while end < stop and text[end] not in _CLAUSE_MARKS:
            end += 1
        here.tail = text[here.mention.end : end]
    _inherit_list_owners(text, figures)
    _attach_changes(text, figures)
    _resolve_respectively(text, figures)
    return placed


def _names_nothing(words: str) -> bool:
    return len(_CHANGE_CUES.sub("", words)) < 2


def _inherit_list_owners(text: str, placed: list[_Placed]) -> None:
    """共发放4440人次、约150万元; 接待来访群众73批121人次: a figure with no words of its own
    that follows another closely measures the same thing."""
    for before, item in itertools.pairwise(placed):
        if item.is_change or before.is_change:
            continue
        if not (_names_nothing(item.owner) and _names_nothing(item.tail)):
            continue
        gap = text[before.mention.end : item.mention.start]
        if len(gap) <= 3 and not any(ch in _SENTENCE_MARKS for ch in gap):
            item.owner, item.tail = before.owner, before.tail


def _attach_changes(text: str, placed: list[_Placed]) -> None:
    for index, item in enumerate(placed):
        if not item.is_change or not _names_nothing(item.owner):
            continue
        sentence = _sentence_start(text, item.mention.start)
        # Indices, not reversed(placed[:index]): that copy made the walk quadratic.
        for back in range(index - 1, -1, -1):
            before = placed[back]
            if before.mention.start < sentence:
                break
            if not before.is_change:
                item.owner = before.owner
                item.level = before.mention
                break


def _resolve_respectively(text: str, placed: list[_Placed]) -> None:
    """分别: pair the list after it with the figures or names before it, in order."""
    # `placed` is in text order; bisect to the figures near each 分别 (a scan from the start
    # for every 分别 is quadratic on a long report).
    starts = [p.mention.start for p in placed]
    for found in re.finditer("分别", text):
        at = found.start()
        sentence_start = _sentence_start(text, at)
        after: list[_Placed] = []
        cursor = found.end()
        for index in range(bisect.bisect_left(starts, found.end()), len(placed)):
            item = placed[index]
            gap = text[cursor : item.mention.start]
            if any(ch in _SENTENCE_MARKS for ch in gap) or len(gap) > 6:
                break
            after.append(item)
            cursor = item.mention.end
        if len(after) < 2:
            continue
        before = placed[bisect.bisect_left(starts, sentence_start) : bisect.bisect_left(starts, at)]
        levels = [p for p in before if not p.is_change]
        if after[0].is_change and len(levels) >= len(after):
            for item, level in zip(after, levels[-len(after) :], strict=True):
                item.owner, item.level = level.owner, level.mention
            continue
        # Otherwise the figures (or changes) after 分别 take their names from a list before it:
        # 总产值、增加值分别为…; 批发额、零售额分别同比增长….
        names_start = at
        while names_start > sentence_start and text[names_start - 1] not in _NAME_LIST_END:
            names_start -= 1
        if bisect.bisect_left(starts, names_start) < bisect.bisect_left(starts, at):
            continue
        names = [n for n in _FIELDS_OF_NAME.split(text[names_start:at]) if n.strip()]
        if len(names) == len(after):
            for item, name in zip(after, names, strict=True):
                item.owner = name


# --------------------------------------------------------------------------- matching


# A report's claims are scored against the same few hundred owners over and over.
@lru_cache(maxsize=65536)
def _name_score(name: str, owner: str) -> float:
    """How well `owner` (source words) names the claimed metric `name`, 0…1."""
    claimed = "".join(name.split())
    where = "".join(owner.split())
    if not claimed or not where:
        return 0.0
    if claimed in where:
        return 1.0
    ref_claim = metrics_catalog.resolve(claimed)
    ref_owner = metrics_catalog.resolve(where)
    if ref_claim is not None and ref_owner is not None:
        # The catalogue knows both names: they are the same metric or plainly not.
        return 1.0 if ref_claim.metric.id == ref_owner.metric.id else 0.0
    pairs = {claimed[i : i + 2] for i in range(len(claimed) - 1)} or {claimed}
    score = sum(1 for pair in pairs if pair in where) / len(pairs)
    if len(claimed) <= SHORT_NAME:
        # Two of three pairs of 市级荣誉 stand in 省级荣誉: short names must stand whole.
        score = min(score, NAME_MATCH / 2)
    return score


def _owns(name: str, placed: _Placed) -> float:
    """How well the words around a mention name the claimed metric."""
    score = _name_score(name, placed.owner)
    if placed.tail and score < 1.0:
        score = max(score, _name_score(name, placed.tail))
    if score < 1.0 and _continues_subject(name, placed):
        score = 1.0
    return score


def _continues_subject(name: str, placed: _Placed) -> bool:
    """…新增8个嵌入式体育新空间项目，总投资近1000万元: the owner 总投资 ends the claimed name
    (…项目总投资) and the rest of the name stands earlier in the sentence."""
    claimed = "".join(name.split())
    core = _CHANGE_CUES.sub("", placed.owner).strip("，,、：:；;")
    if len(core) < 2 or len(claimed) <= len(core) or not claimed.endswith(core):
        return False
    return claimed[: -len(core)] in "".join(placed.before.split())


def _in_scale(mention: NumberMention, scale: str | None) -> Decimal:
    return mention.value / _SCALE_FACTORS.get(scale or "", Decimal(1))


def _round_to(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _units_agree(claim: _Claim, mention: NumberMention) -> bool:
    return claim.bare or claim.unit == mention.unit


def _value_equal(claim: _Claim, mention: NumberMention) -> bool:
    if claim.bare:
        return claim.printed == _in_scale(mention, mention.scale)
    return claim.value == mention.value


def _rounds_to(claim: _Claim, mention: NumberMention) -> bool:
    scale = mention.scale if claim.bare else claim.scale
    try:
        return _round_to(_in_scale(mention, scale), claim.precision) == claim.printed
    except InvalidOperation:
        return False


def _same_high_end(claim: _Claim, mention: NumberMention) -> bool:
    if claim.value_hi is None or mention.value_hi is None:
        return False
    if claim.bare:
        factor = _SCALE_FACTORS.get(mention.scale or "", Decimal(1))
        return claim.value_hi == mention.value_hi / factor
    return claim.value_hi == mention.value_hi


def _power_of_ten(a: Decimal, b: Decimal) -> int | None:
    """k when a == b·10^k for a whole k ≠ 0 (|k| ≤ 12), else None."""
    if a == 0 or b == 0:
        return None
    ratio = a / b
    for k in range(1, 13):
        if ratio == Decimal(10) ** k:
            return k
        if ratio == Decimal(10) ** -k:
            return -k
    return None


# Ranks of per-candidate outcomes: the best explanation of a claim wins.
_RANK: dict[str, int] = {
    "verified": 0,
    "rounded": 1,
    "qualifier_mismatch": 2,
    "sign_mismatch": 3,
    "unit_mismatch": 4,
    "scale_mismatch": 5,
}
# Outcomes that say "this very number is in the source" (so it may belong to another metric).
_SAME_NUMBER = frozenset({"verified", "rounded", "qualifier_mismatch", "sign_mismatch"})


def _against(claim: _Claim, placed: _Placed) -> CheckStatus | None:
    """How the claim relates to one mention, or None when they have nothing to do with each
    other."""
    mention = placed.mention
    status: CheckStatus
    if _units_agree(claim, mention):
        if _value_equal(claim, mention):
            status = "verified"
        elif _rounds_to(claim, mention):
            status = "rounded"
        elif not claim.bare and _power_of_ten(claim.value, mention.value) is not None:
            return "scale_mismatch"
        else:
            return None
        if (
            claim.direction is not None
            and placed.direction is not None
            and claim.direction != placed.direction
        ):
            return "sign_mismatch"
        if claim.bound is not None and claim.bound != _mention_bound(mention):
            return "qualifier_mismatch"
        if (claim.value_hi is None) != (mention.value_hi is None):
            # A range reported as one figure, or one figure as a range.
            return "qualifier_mismatch"
        if claim.value_hi is not None and not _same_high_end(claim, mention):
            return None
        return status
    if claim.printed == _in_scale(mention, mention.scale) and claim.scale == mention.scale:
        # Same digits, same scale word, another unit: 10.6% vs 10.6个百分点, 万元 vs 万美元.
        return "unit_mismatch"
    return None


@dataclass(slots=True)
class _Verdict:
    status: CheckStatus
    placed: _Placed | None
    note: str = ""


_Hit = tuple[_Placed, CheckStatus]


def _best(hits: Sequence[_Hit]) -> _Hit:
    return min(hits, key=lambda hit: _RANK[hit[1]])


def _judge(claim: _Claim, scopes: Sequence[Sequence[_Placed]]) -> _Verdict:
    """The claim's status against the mentions of each scope in turn (section, then report)."""
    nearest: _Placed | None = None
    for scope in scopes:
        anchored = [p for p in scope if _owns(claim.name, p) >= NAME_MATCH]
        hits: list[_Hit] = []
        for placed in scope:
            status = _against(claim, placed)
            if status is not None:
                hits.append((placed, status))
        on_name = [hit for hit in hits if hit[0] in anchored]
        if on_name:
            best, status = _best(on_name)
            return _Verdict(status, best)
        # Away from the claimed name only strong evidence counts: a figure rounded to whole
        # units "matches" too many unrelated numbers.
        same_number = [
            hit
            for hit in hits
            if hit[1] in _SAME_NUMBER and (hit[1] != "rounded" or claim.precision > 0)
        ]
        if same_number and anchored:
            # The number stands in the source, but next to another metric's name, while the
            # claimed metric has figures of its own.
            return _Verdict("metric_mismatch", _best(same_number)[0])
        if same_number:
            # The claimed name stands next to no figure (paraphrased, or a count whose noun
            # follows it): the number itself is all that can be checked.
            best, status = _best(same_number)
            return _Verdict(status, best)
        # Same digits under another unit or scale word count only where the source words share
        # something with the claimed name: 3家 vs an unrelated 3个 says nothing.
        same_digits = [
            hit
            for hit in hits
            if claim.printed == _in_scale(hit[0].mention, hit[0].mention.scale)
            and _owns(claim.name, hit[0]) > 0
        ]
        if same_digits:
            best, status = _best(same_digits)
            return _Verdict(status, best)
        if nearest is None or anchored:
            nearest = _nearest(claim, anchored) or nearest or _nearest(claim, scope)
    return _Verdict("not_found", nearest)


def _nearest(claim: _Claim, candidates: Sequence[_Placed]) -> _Placed | None:
    """The mention a reviewer should look at: same unit and closest value, on the claimed
    metric's name when it has any."""
    same_unit = [p for p in candidates if claim.bare or p.mention.unit == claim.unit]
    if not same_unit:
        return None
    return min(same_unit, key=lambda p: abs(p.mention.value - claim.value))


# --------------------------------------------------------------------------- derived figures


def _recomputes(claim: _Claim, numbers: Sequence[NumberMention]) -> str | None:
    """The arithmetic on source numbers that gives the claimed figure at its printed precision
    (a sum, difference, ratio or growth rate), or None."""
    pool = [m for m in numbers if m.comparable][:16]
    scale = claim.scale

    def agrees(value: Decimal) -> bool:
        try:
            if claim.unit in _CHANGE_UNITS or claim.bare:
                return _round_to(value, claim.precision) == claim.printed
            factor = _SCALE_FACTORS.get(scale or "", Decimal(1))
            return _round_to(value / factor, claim.precision) == claim.printed
        except InvalidOperation:
            return False

    same = [m for m in pool if claim.bare or m.unit == claim.unit]
    if len(same) >= 2 and agrees(sum((m.value for m in same), Decimal(0))):
        return "+".join(m.raw for m in same)
    for a, b in itertools.permutations(pool, 2):
        if a.unit == b.unit and (claim.bare or a.unit == claim.unit):
            if agrees(a.value + b.value):
                return f"{a.raw}+{b.raw}"
            if agrees(a.value - b.value):
                return f"{a.raw}-{b.raw}"
        if a.unit == b.unit and b.value and (claim.unit == "%" or claim.bare):
            if agrees(a.value / b.value * 100):
                return f"{a.raw}/{b.raw}"
            if agrees((a.value - b.value) / b.value * 100):
                return f"({a.raw}-{b.raw})/{b.raw}"
    return None


# --------------------------------------------------------------------------- messages

_MESSAGES: dict[str, tuple[str, str]] = {
    "verified": ("与原文一致：{src}", "matches the source: {src}"),
    "rounded": ("原文为{src}，摘要按所列精度取整", "source prints {src}; the claim is it rounded"),
    "derived": ("由原文数字计算得出：{note}", "computed from source figures: {note}"),
    "derived_unchecked": (
        "标为计算所得，但无法由原文数字复算",
        "marked as computed, but no source figures reproduce it",
    ),
    "derived_mismatch": (
        "标为计算所得，但原文数字算不出该值",
        "marked as computed, but the source figures do not give this value",
    ),
    "qualifier_mismatch": (
        "限定词不符：原文为{src}",
        "qualifier differs: the source says {src}",
    ),
    "unit_mismatch": ("单位不符：原文为{src}", "unit differs: the source says {src}"),
    "scale_mismatch": (
        "数量级不符：原文为{src}",
        "order of magnitude differs: the source says {src}",
    ),
    "sign_mismatch": ("增减方向相反：原文为{src}", "direction is reversed: the source says {src}"),
    "metric_mismatch": (
        "该数字在原文中属于另一指标：{src}",
        "this number belongs to another metric in the source: {src}",
    ),
    "not_found": ("原文中找不到该数字", "this figure is not in the source"),
    "not_found_near": (
        "原文中找不到该数字（最接近：{src}）",
        "this figure is not in the source (nearest: {src})",
    ),
    "quote_not_found": ("引文在原文中找不到", "the quoted evidence is not in the source"),
}


def _message(key: str, lang: str, *, src: str = "", note: str = "") -> str:
    zh, en = _MESSAGES[key]
    return (en if lang == "en" else zh).format(src=src, note=note)


def _source_words(text: str, placed: _Placed | None) -> str:
    """The mention with the words before it in its clause: 实现财政总收入6.3亿元."""
    if placed is None:
        return ""
    mention = placed.mention
    start = _clause_start(text, mention.start, max(0, mention.start - 30))
    return text[start : mention.end].strip() or mention.raw


# --------------------------------------------------------------------------- the report check


class _Checker:
    def __init__(
        self,
        summary: ReportSummary,
        doc: Document,
        sections: Sequence[Section],
        mentions: Sequence[NumberMention],
        lang: str,
    ) -> None:
        self.summary = summary
        self.text = doc.text
        self.lang = lang
        self.sections = {s.id: s for s in sections}
        comparable = [m for m in mentions if m.comparable]
        self.placed = _placements(doc.text, comparable)
        self.starts = [p.mention.start for p in self.placed]
        self.checks: list[Check] = []
        self.matched: set[tuple[int, int]] = set()

    def scopes(self, section_id: str) -> list[list[_Placed]]:
        section = self.sections.get(section_id)
        if section is None:
            return [self.placed]
        # `placed` is in text order: bisect, since a scan per claim is quadratic on big reports.
        lo = bisect.bisect_left(self.starts, section.start)
        hi = bisect.bisect_left(self.starts, section.end)
        return [self.placed[lo:hi], self.placed]

    def locate(self, item_id: str, section_id: str, evidence: str) -> tuple[int, int] | None:
        section = self.sections.get(section_id)
        span = None
        if section is not None:
            span = locate_quote(evidence, self.text, section.start, section.end)
        if span is None:
            span = locate_quote(evidence, self.text)
        if span is None:
            self.add(
                item_id,
                "evidence",
                evidence,
                "quote_not_found",
                None,
                _message("quote_not_found", self.lang),
            )
        return span

    def add(
        self,
        item_id: str,
        field: str,
        claim: str,
        status: CheckStatus,
        placed: _Placed | None,
        message: str,
    ) -> None:
        context, context_start = None, None
        mention = placed.mention if placed is not None else None
        if mention is not None:
            context_start = max(0, mention.start - CONTEXT_CHARS)
            context = self.text[context_start : min(len(self.text), mention.end + CONTEXT_CHARS)]
        self.checks.append(
            Check(
                id=f"c{len(self.checks) + 1}",
                item_id=item_id,
                field=field,
                claim=claim,
                status=status,
                mention=mention,
                context=context,
                context_start=context_start,
                message=message,
            )
        )

    def metric(
        self,
        item_id: str,
        section_id: str,
        field: str,
        metric: Metric,
        evidence_span: tuple[int, int] | None,
        extra_qualifier: str | None = None,
        track: bool = False,
    ) -> None:
        for suffix, claim in (
            ("", _value_claim(metric, extra_qualifier)),
            (".change", _change_claim(metric)),
        ):
            if claim is None:
                continue
            verdict = _judge(claim, self.scopes(section_id))
            if metric.derived and verdict.status not in OK_STATUSES:
                # The model says it computed the figure: recompute it instead of looking it up.
                verdict = self.derived(claim, section_id, evidence_span, verdict)
            if track and verdict.placed is not None and verdict.status != "not_found":
                self.matched.add((verdict.placed.mention.start, verdict.placed.mention.end))
            src = _source_words(self.text, verdict.placed)
            key: str = verdict.status
            if key == "not_found" and verdict.placed is not None:
                key = "not_found_near"
            if key == "derived" and not verdict.note:
                key = "derived_unchecked"
            self.add(
                item_id,
                field + suffix,
                claim.text,
                verdict.status,
                verdict.placed,
                _message(key, self.lang, src=src, note=verdict.note),
            )

    def derived(
        self,
        claim: _Claim,
        section_id: str,
        evidence_span: tuple[int, int] | None,
        fallback: _Verdict,
    ) -> _Verdict:
        # The numbers it was computed from stand in its evidence, else somewhere in its section.
        windows = [evidence_span] if evidence_span is not None else []
        section = self.sections.get(section_id)
        if section is not None:
            windows.append((section.start, section.end))
        numbers: list[NumberMention] = []
        for lo, hi in windows:
            first = bisect.bisect_left(self.starts, lo)
            last = bisect.bisect_left(self.starts, hi)
            numbers = [p.mention for p in self.placed[first:last]]
            if len(numbers) >= 2:
                break
        how = _recomputes(claim, numbers)
        if how is not None:
            return _Verdict("derived", fallback.placed, how)
        if len(numbers) < 2 and fallback.status == "not_found":
            # Nothing to recompute from: the model's word is all there is, and it says so.
            return _Verdict("derived", fallback.placed)
        return _Verdict("derived_mismatch", fallback.placed)

    def coverage(self) -> Coverage:
        # Sections tile the text: each figure's section by bisect, not by a scan (quadratic
        # on a report of thousands of sections).
        review = sorted(
            ((s.start, s.end) for s in self.sections.values() if s.role == "review"),
        )
        review_starts = [start for start, _ in review]

        def in_review(at: int) -> bool:
            i = bisect.bisect_right(review_starts, at) - 1
            return i >= 0 and at < review[i][1]

        figures = [p.mention for p in self.placed if not p.threshold and in_review(p.mention.start)]
        covered_keys = {
            (m.value, m.unit, m.direction) for m in figures if (m.start, m.end) in self.matched
        }
        omitted = [
            m
            for m in figures
            if (m.start, m.end) not in self.matched
            and (m.value, m.unit, m.direction) not in covered_keys
        ]
        return Coverage(
            review_figures=len(figures), covered=len(figures) - len(omitted), omitted=omitted
        )


def check_report(
    summary: ReportSummary,
    doc: Document,
    sections: list[Section],
    mentions: list[NumberMention],
    *,
    lang: str = "zh",
) -> None:
    """Check every item of `summary` against `doc`: fills item spans, `checks`, `flags` and
    `coverage`. Never raises on a bad claim: a wrong figure is a flag, not an error."""
    checker = _Checker(summary, doc, sections, mentions, lang)
    for achievement in summary.achievements:
        span = checker.locate(achievement.id, achievement.section_id, achievement.evidence)
        achievement.start, achievement.end = span if span is not None else (None, None)
        for index, metric in enumerate(achievement.metrics):
            checker.metric(
                achievement.id,
                achievement.section_id,
                f"metrics[{index}]",
                metric,
                span,
                track=True,
            )
    for target in summary.targets:
        span = checker.locate(target.id, target.section_id, target.evidence)
        target.start, target.end = span if span is not None else (None, None)
        if target.metric is not None:
            quantity_qualifier = (
                target.qualifier if _bound_of(target.qualifier) != "exact" else None
            )
            checker.metric(
                target.id, target.section_id, "metric", target.metric, span, quantity_qualifier
            )
    for problem in summary.problems:
        span = checker.locate(problem.id, problem.section_id, problem.evidence)
        problem.start, problem.end = span if span is not None else (None, None)
    summary.checks = checker.checks
    summary.flags = [check for check in checker.checks if check.is_flag]
    summary.coverage = checker.coverage()


# --------------------------------------------------------------------------- the re-ask hook


def _claims_of(result: ChunkResult) -> Iterable[tuple[str, _Claim]]:
    for i, achievement in enumerate(result.achievements):
        for j, metric in enumerate(achievement.metrics):
            if metric.derived:
                continue
            where = f"achievements[{i}].metrics[{j}]"
            value = _value_claim(metric)
            if value is not None:
                yield where, value
            change = _change_claim(metric)
            if change is not None:
                yield where + ".change", change
    for i, target in enumerate(result.targets):
        if target.metric is None or target.metric.derived:
            continue
        where = f"targets[{i}].metric"
        value = _value_claim(target.metric)
        if value is not None:
            yield where, value
        change = _change_claim(target.metric)
        if change is not None:
            yield where + ".change", change


def numbers_not_in_text(result: ChunkResult, section_text: str) -> list[str]:
    """One line per claimed figure that does not stand in `section_text` (after normalising:
    15.93亿元 = 159300万元); empty when every figure is there. Figures the model marked as
    derived are not looked for. Qualifier, direction and which metric a number belongs to are
    left to `check_report`: this only asks "is the number there at all?", which is what a
    re-ask can fix."""
    mentions = [m for m in extract_numbers(section_text) if m.comparable]
    missing: list[str] = []
    for where, claim in _claims_of(result):
        found = any(
            _units_agree(claim, m) and (_value_equal(claim, m) or _rounds_to(claim, m))
            for m in mentions
        )
        if not found:
            missing.append(
                f"{where}: {claim.text} is not in the section text; copy figures exactly as"
                " printed, or set derived=true if you computed it"
            )
    return missing
