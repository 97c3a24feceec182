"""A reviewer's corrections: read and checked against the claim they replace, then applied
to the item (a figure, a change or a quote)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from summarizer.labels import screen
from summarizer.lexicon import units
from summarizer.models import Change, Check, Metric, NumberMention, ReportSummary
from summarizer.numbers import parse_quantity
from summarizer.quotes import locate_quote
from summarizer.review.records import Item, ReviewError, metric_at


@dataclass(frozen=True, slots=True)
class Correction:
    """A reviewer's value as it is stored, and what was made of it (for the screen to say)."""

    value: str
    # Set when the reviewer typed a bare number and the claim's unit was taken.
    took_unit: bool = False


def _dimension(unit: str | None) -> str | None:
    """What a unit measures, coarsely: a correction may change 元 to 美元 or 人 to 人次 (the
    usual slips a unit_mismatch flags) but not money to a head count. The lexicon's unit
    dimensions, with rates (%, ‰, 个百分点, 倍) taken together."""
    if not unit:
        return None
    vocabulary = units()
    _, rest = vocabulary.split_scale(unit.split("/", 1)[0])
    dimension = vocabulary.dimension(rest or unit)
    if dimension in ("percent", "percentage_point", "permille", "multiple"):
        return "rate"
    if dimension is None:
        return "money" if unit.endswith("元") else "count"
    return dimension


def read_correction(check: Check, typed: str, lang: str = "en") -> Correction:
    """A reviewer's correction of `check`, checked against the claim it replaces.

    A quote is taken as typed. A figure must read as one; a bare number takes the claim's unit
    (and scale) explicitly, `10.7` for a claim in 亿元 becoming `10.7亿元`; a unit of another
    kind than the claim's (人 for 亿元) is refused. Raises ReviewError with the reason.
    """
    if check.field == "evidence":
        if not typed.strip():
            raise ReviewError(screen("needs_value", lang))
        return Correction(typed.strip())
    value = "".join(typed.split())
    if not value:
        raise ReviewError(screen("needs_value", lang))
    try:
        figure = parse_figure(value)
    except ReviewError:
        raise ReviewError(screen("not_a_figure", lang, value=repr(value))) from None
    claimed = parse_quantity(check.claim.rsplit(" ", 1)[-1])
    if claimed is None or claimed.unit is None:
        return Correction(value)
    unit = None if isinstance(figure, Decimal) else figure.unit
    if unit is None:
        scale = figure.scale if isinstance(figure, NumberMention) else None
        taken = ("" if scale else (claimed.scale or "")) + claimed.unit
        return Correction(value + taken, took_unit=True)
    if _dimension(unit) != _dimension(claimed.unit):
        raise ReviewError(
            screen(
                "wrong_dimension",
                lang,
                value=value,
                kind=screen(f"dim_{_dimension(unit)}", lang),
                claim_unit=(claimed.scale or "") + claimed.unit,
                claim_kind=screen(f"dim_{_dimension(claimed.unit)}", lang),
            )
        )
    return Correction(value)


def parse_figure(value: str) -> NumberMention | Decimal:
    """A reviewer's value: a printed figure (15.93亿元, 下降3.9%) or a bare number."""
    parsed = parse_quantity(value)
    if parsed is not None and parsed.unit is not None:
        return parsed
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        if parsed is not None:
            return parsed
        raise ReviewError(f"not a figure: {value!r}") from None


def correct(summary: ReportSummary, item: Item, field: str, value: str) -> None:
    if field == "evidence":
        _correct_quote(summary, item, value)
        return
    metric = metric_at(item, field)
    if metric is None:
        return
    figure = parse_figure(value)
    if field.endswith(".change"):
        _correct_change(metric, figure)
        return
    if isinstance(figure, Decimal):
        metric.value = float(figure)
        return
    power = units().scales.get(figure.scale or "", 0)
    metric.value = float(figure.value.scaleb(-power))
    metric.unit = (figure.scale or "") + (figure.unit or "")
    metric.qualifier = figure.qualifier
    metric.raw = value


def _correct_change(metric: Metric, figure: NumberMention | Decimal) -> None:
    change = metric.change or Change(direction=None, amount=None, unit=None, basis=None)
    if isinstance(figure, Decimal):
        change.amount = float(abs(figure))
        if figure < 0:
            change.direction = "decrease"
    else:
        change.amount = float(figure.value)
        if figure.unit in units().change_units:
            change.unit = figure.unit  # type: ignore[assignment]
        if figure.direction is not None:
            change.direction = figure.direction
    metric.change = change


def _correct_quote(summary: ReportSummary, item: Item, value: str) -> None:
    item.evidence = value
    item.start = item.end = None
    for section in summary.sections:
        if section.id == item.section_id and section.text:
            span = locate_quote(value, section.text)
            if span is not None:
                item.start, item.end = section.start + span[0], section.start + span[1]
            return
