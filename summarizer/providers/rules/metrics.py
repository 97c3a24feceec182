"""A Metric from the figures summarizer/figures read: the value as printed, its unit with its
scale word, its qualifier, and the change that belongs to it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from summarizer.clauses import first_of, has_any
from summarizer.figures import Figure
from summarizer.lexicon import changes, qualifiers, units
from summarizer.models import Change, Metric, NumberMention
from summarizer.numbers import normalise

_CHANGE_UNITS = units().change_units
_CHANGES = changes()
# Printed with a figure without bounding it (达, 达到): no qualifier of the metric.
_NEUTRAL = frozenset(q.word for q in qualifiers().all if q.bound == "exact")
_TRAILING_BOUNDS = qualifiers().words("suffix")


def _scale_factor(mention: NumberMention) -> Decimal:
    """How many base units one printed unit is (亿元 → 10^8), from the numbers stage itself."""
    if not mention.scale:
        return Decimal(1)
    try:
        factor, _, _ = normalise(Decimal(1), f"{mention.scale}{mention.unit or ''}")
    except (ValueError, ArithmeticError):
        return Decimal(1)
    return factor if factor > 0 else Decimal(1)


def printed(value: Decimal, mention: NumberMention) -> float:
    """A figure as the source prints it, without its scale word: 1593000000 元 (亿) → 15.93."""
    try:
        number = value / _scale_factor(mention)
        if mention.precision >= 0:
            number = number.quantize(Decimal(1).scaleb(-mention.precision))
    except (InvalidOperation, ArithmeticError):
        return float(value)
    return float(number)


def printed_unit(mention: NumberMention) -> str | None:
    unit = f"{mention.scale or ''}{mention.unit or ''}"
    return unit or None


def qualifier_of(mention: NumberMention, text: str) -> str | None:
    """A bound or approximation printed with the figure (近、超、以上、左右); 达/共 are not."""
    words = [mention.qualifier, *mention.extra.get("qualifiers", ())]
    for word in reversed([w for w in words if w]):
        if word not in _NEUTRAL:
            return str(word)
    after = text[mention.end : mention.end + 2]
    for word in _TRAILING_BOUNDS:
        if after.startswith(word):
            return word
    return None


def metric(
    name: str,
    mention: NumberMention | None,
    *,
    text: str,
    change: Change | None = None,
    change_qualifier: str | None = None,
) -> Metric:
    if mention is None:
        # 同比增长超40%: a change has no qualifier of its own, so a metric that claims no
        # level carries the change's.
        return Metric(
            name=name,
            value=None,
            value_hi=None,
            unit=None,
            qualifier=change_qualifier,
            change=change,
            raw=None,
            derived=False,
        )
    return Metric(
        name=name,
        value=printed(mention.value, mention),
        value_hi=None if mention.value_hi is None else printed(mention.value_hi, mention),
        unit=printed_unit(mention),
        qualifier=qualifier_of(mention, text),
        change=change,
        raw=mention.raw,
        derived=False,
    )


def change_of(figure: Figure, text: str) -> Change:
    mention = figure.mention
    direction = figure.direction or mention.direction
    basis = first_of(figure.lead, _CHANGES.bases) or first_of(
        text[figure.clause[0] : mention.start], _CHANGES.bases
    )
    if direction is None:
        window = text[max(0, mention.start - _CHANGES.window) : mention.start]
        if has_any(window, _CHANGES.decrease):
            direction = "decrease"
        elif has_any(window, _CHANGES.flat):
            direction = None
        elif has_any(window, _CHANGES.increase) or basis:
            direction = "increase"
    unit = "个百分点" if (mention.unit or "") == "个百分点" else "%"
    return Change(
        direction=direction, amount=printed(mention.value, mention), unit=unit, basis=basis
    )


def metric_of(figure: Figure, text: str, change: Figure | None = None, name: str = "") -> Metric:
    """The metric of a level figure (with its change, when given), or of a change alone."""
    name = name or figure.name
    if not figure.is_change:
        if change is not None and (
            change.mention.value_hi is not None or change.mention.unit not in _CHANGE_UNITS
        ):
            change = None  # a Change holds one rate (not 6%-6.5%, 增加306元, 1.5倍)
        return metric(
            name,
            figure.mention,
            text=text,
            change=None if change is None else change_of(change, text),
            change_qualifier=None if change is None else qualifier_of(change.mention, text),
        )
    mention = figure.mention
    if mention.value_hi is not None:
        # 增长7.5%-8%: a Change holds one amount, so a range of growth is the metric's value
        # range in % (as a growth target is).
        return metric(name, mention, text=text)
    if mention.unit not in _CHANGE_UNITS:
        # 亡人数减少114人, 比2015年增加13064元: a Change is a rate, so a change in another unit is
        # the figure itself, named as the change it is.
        cue = mention.extra.get("cue")
        verb = cue if isinstance(cue, str) and cue in _CHANGES.cues else ""
        if not verb:
            verb = "减少" if figure.direction == "decrease" else "增加"
        return metric(name + verb, mention, text=text)
    return metric(
        name,
        None,
        text=text,
        change=change_of(figure, text),
        change_qualifier=qualifier_of(mention, text),
    )
