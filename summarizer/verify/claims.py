"""Claims: each figure a provider reports (a metric's value, its change, a target's value) in
base units, with how it was printed, ready to be matched against the source."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from summarizer.lexicon import qualifiers, units
from summarizer.models import Bound, Metric, NumberMention, format_decimal
from summarizer.numbers import normalise, parse_quantity
from summarizer.numerals import SCALES

CHANGE_UNITS = units().change_units
SCALE_FACTORS: dict[str, Decimal] = {word: Decimal(10) ** power for word, power in SCALES.items()}


@dataclass(slots=True)
class Claim:
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
        return self.value / SCALE_FACTORS.get(self.scale or "", Decimal(1))


def to_decimal(number: float) -> Decimal:
    # repr() is the shortest text that round-trips, so 15.93 stays 15.93 (not 15.9299999…).
    return Decimal(repr(number))


def precision_of(printed: Decimal) -> int:
    exponent = printed.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def bound_of(qualifier: str | None) -> Bound:
    return qualifiers().bound(qualifier)


def mention_bound(mention: NumberMention) -> Bound:
    if mention.bound != "exact":
        return mention.bound
    return bound_of(mention.qualifier)


def value_claim(metric: Metric, extra_qualifier: str | None = None) -> Claim | None:
    """The metric's value as a claim; None when it claims no value."""
    unit_text = "".join((metric.unit or "").split())
    qualifier = metric.qualifier or extra_qualifier
    if metric.value is None:
        if not metric.raw:
            return None
        parsed = parse_quantity(metric.raw)
        if parsed is None:
            return None
        return Claim(
            name=metric.name,
            text=f"{metric.name} {''.join(metric.raw.split())}",
            value=parsed.value,
            unit=parsed.unit,
            scale=parsed.scale,
            precision=parsed.precision,
            bound=mention_bound(parsed) if not qualifier else bound_of(qualifier),
            direction=None,
            is_change=False,
            bare=parsed.unit is None and parsed.scale is None,
            value_hi=parsed.value_hi,
        )
    printed = to_decimal(metric.value)
    try:
        value, unit, scale = normalise(printed, unit_text) if unit_text else (printed, None, None)
    except (ValueError, InvalidOperation):
        value, unit, scale = printed, unit_text or None, None
    value_hi = None
    if metric.value_hi is not None:
        # The range's ends share the unit and scale word: 6%-6.5%, 3-5亿元.
        # A model may answer Infinity (1e309): inf/inf is undefined; the claim is flagged anyway.
        ratio = value / printed if printed and printed.is_finite() else Decimal(1)
        value_hi = to_decimal(metric.value_hi) * ratio
    figure = format_decimal(printed)
    if metric.value_hi is not None:
        figure += "-" + format_decimal(to_decimal(metric.value_hi))
    return Claim(
        name=metric.name,
        text=claim_text(metric.name, qualifier, figure, unit_text),
        value=value,
        unit=unit,
        scale=scale,
        precision=precision_of(printed),
        bound=bound_of(qualifier),
        direction=None,
        is_change=unit in CHANGE_UNITS,
        bare=not unit_text,
        value_hi=value_hi,
    )


def change_claim(metric: Metric) -> Claim | None:
    change = metric.change
    if change is None or change.amount is None:
        return None
    amount = to_decimal(abs(change.amount))
    verb = {"increase": "增长", "decrease": "下降", "flat": "持平"}.get(change.direction or "", "")
    basis = change.basis or ""
    direction = change.direction if change.direction in ("increase", "decrease") else None
    if change.amount < 0 and direction is None:
        direction = "decrease"
    return Claim(
        name=metric.name,
        text=f"{metric.name} {basis}{verb}{format_decimal(amount)}{change.unit or ''}",
        value=amount,
        unit=change.unit,
        scale=None,
        precision=precision_of(amount),
        # A change has no qualifier of its own; a metric that claims no value may carry it.
        bound=bound_of(metric.qualifier) if metric.value is None else None,
        direction=direction,
        is_change=True,
        bare=change.unit is None,
    )


def claim_text(name: str, qualifier: str | None, digits: str, unit: str) -> str:
    # 1600余万元, 50%以上, 近50场: the qualifier where the lexicon says Chinese puts it.
    return f"{name} {qualifiers().written(digits, unit, qualifier)}"
