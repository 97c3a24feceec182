"""Each target against the outcome of the same metric and period, reported later by the same
issuer, and the rule that decides met or missed.

The rules (README, "Targets against outcomes"):
- a floor (`以上`, or no qualifier): met when the outcome ≥ the target;
- a range (7%—8%): met when the outcome ≥ its low end;
- `左右`: met when the outcome ≥ the target less a tolerance — 0.5 percentage points for a
  rate (a growth rate, a share printed in %), 5% of the target for any other figure;
- a ceiling (`以内`, `控制在…`): met when the outcome ≤ the target (plus the tolerance with 左右);
- a cut (下降3%): met when the figure falls by at least that much.
Without a figure, the report's own words decide (完成年度目标 → met; 接近…目标 → missed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from summarizer.lexicon import qualifiers, units
from summarizer.lexicon.metrics import by_id, catalog
from summarizer.models import OK_STATUSES, Period, format_decimal
from summarizer.numbers import normalise
from summarizer.track.model import Achieved, Said, Source, Stated, TrackRecord
from summarizer.track_rows import TrackOutcome, TrackRow, TrackStatus, TrackTarget

# 左右: how far short of the target an outcome may fall and still meet it. Reports print growth
# rates to 0.1, and a province whose 10%左右 target met 9.6% calls it 基本完成, one that met 9.1%
# 接近 (fell short): half a percentage point separates the two readings.
RATE_TOLERANCE = Decimal("0.5")
# Any other figure (亿元, 万吨): 5% of the target, the same share of a typical 10% target.
RELATIVE_TOLERANCE = Decimal("0.05")
# Dimensions of units that count no metric's outcome: 连续三年, 20周年.
_NO_MEASURE = frozenset({"time", "age", "anniversary", "name", "group"})
# Figures read from a review's text come after every figure a provider reported.
_TEXT_ORDER = 1_000_000
# How close a target the report's words imply (高于预期目标0.2个百分点) must be to the stated one.
_IMPLIED_SLACK = Decimal("0.05")


def track(records: Iterable[TrackRecord]) -> list[TrackRow]:
    """Rows for every target of every report, grouped by issuer, in issuer, metric and period
    order."""
    groups: dict[str, list[TrackRecord]] = defaultdict(list)
    for record in records:
        groups[record.group].append(record)
    rows: list[TrackRow] = []
    for name in sorted(groups):
        members = sorted(groups[name], key=lambda r: r.when)
        rows.extend(_group_rows(members))
    order = {metric.id: index for index, metric in enumerate(catalog())}
    rows.sort(
        key=lambda row: (
            row.issuer,
            order.get(row.metric_id, len(order)),
            row.measure,
            row.period.year,
            row.period.span,
        )
    )
    return rows


def _key(metric_id: str, measure: str, period: Period) -> tuple[str, str, int, str, str]:
    return metric_id, measure, period.year, period.span, period.label


def _period_key(period: Period) -> tuple[int, str, str]:
    return period.year, period.span, period.label


def _group_rows(members: Sequence[TrackRecord]) -> list[TrackRow]:
    rank = {id(record): index for index, record in enumerate(members)}
    stated: dict[tuple[str, str, int, str, str], list[tuple[int, Stated]]] = defaultdict(list)
    achieved: dict[tuple[str, int, str, str], list[tuple[int, Achieved]]] = defaultdict(list)
    said: dict[tuple[str, int, str, str], list[Said]] = defaultdict(list)
    for record in members:
        at = rank[id(record)]
        for target in record.targets:
            stated[_key(target.metric_id, target.measure, target.period)].append((at, target))
        for figure in record.achieved:
            achieved[(figure.metric_id, *_period_key(figure.period))].append((at, figure))
        for index, verdict in enumerate(record.said):
            if verdict.metric_id is not None and verdict.period is not None:
                said[(verdict.metric_id, *_period_key(verdict.period))].append(verdict)
            for figure in verdict.figures:
                # A figure the review's words judge, read from its text: after every figure
                # a provider reported in the same report.
                figure = replace(figure, says=verdict, order=_TEXT_ORDER + index)
                achieved[(figure.metric_id, *_period_key(figure.period))].append((at, figure))
    latest = members[-1]
    issuer = latest.issuer or latest.region or latest.report
    rows = []
    for key, statements in stated.items():
        metric_id = key[0]
        target, notes = _choose_target(statements)
        found = achieved.get((metric_id, *key[2:]), [])
        words = said.get((metric_id, *key[2:]), [])
        rows.append(_row(issuer, latest.region, target, found, words, notes))
    return rows


def _choose_target(statements: list[tuple[int, Stated]]) -> tuple[Stated, list[str]]:
    """The target of one metric and period: the latest plan that states it (a later report
    may revise it), else a review that restates it; notes on revisions and restatements."""
    notes: list[str] = []
    planned = [(at, s) for at, s in statements if not s.restated]
    restated = [(at, s) for at, s in statements if s.restated]
    if planned:
        firsts: dict[int, Stated] = {}
        for at, statement in sorted(planned, key=lambda pair: (pair[0], pair[1].order)):
            if at in firsts:
                other = firsts[at]
                if statement.value != other.value:
                    notes.append(
                        f"{statement.source.report} also states {_figure(statement)} "
                        f"({statement.source.quote})"
                    )
                continue
            firsts[at] = statement
        ordered = [firsts[at] for at in sorted(firsts)]
        target = ordered[-1]
        for earlier in ordered[:-1]:
            if earlier.value != target.value:
                notes.append(
                    f"revised: {earlier.source.report} stated {_figure(earlier)}, "
                    f"{target.source.report} {_figure(target)}"
                )
    else:
        target = min(restated, key=lambda pair: (pair[0], pair[1].order))[1]
        notes.append(f"no plan in the input states this target; {target.source.report} restates it")
    for _, again in restated:
        if again is not target and again.value is not None and again.value != target.value:
            notes.append(
                f"{again.source.report} restates it as {_figure(again)} ({again.source.quote})"
            )
    return target, notes


def _figure(statement: Stated) -> str:
    if statement.value is None:
        return "?"
    text = format_decimal(statement.value)
    if statement.value_hi is not None:
        text += f"—{format_decimal(statement.value_hi)}"
    return f"{text}{statement.unit or ''}{statement.qualifier or ''}"


def _comparable(target: Stated, outcome: Achieved) -> tuple[Decimal, str | None] | None:
    """The outcome in the target's unit, or None when the two cannot be compared."""
    if target.measure != outcome.measure:
        return None
    if (
        target.period.span == "5Y"
        and target.measure == "growth"
        and (target.average != outcome.average)
    ):
        # 年均增长9% against 比1997年增长57%: an average a year is no total.
        return None
    rates = units().change_units
    if target.measure == "growth" or (target.unit in rates or outcome.unit in rates):
        if (target.unit or "%") != (outcome.unit or "%"):
            return None
        return outcome.value, target.unit or "%"
    if target.value is None:
        return outcome.value, outcome.unit
    target_base, target_unit, _ = normalise(Decimal(1), target.unit)
    outcome_base, outcome_unit, _ = normalise(outcome.value, outcome.unit)
    if target_unit != outcome_unit:
        return None
    return outcome_base / target_base, target.unit


def _pick(target: Stated, found: list[tuple[int, Achieved]]) -> Achieved | None:
    """The outcome: from the first report that reviews the period, a figure the cross-check
    found in the source rather than one it flagged, the first such in the report."""

    def ok(figure: Achieved) -> bool:
        return figure.source.check in OK_STATUSES or figure.source.check in (
            "accepted",
            "corrected",
        )

    usable = [(at, f) for at, f in found if _comparable(target, f) is not None]
    if not usable:
        return None
    return min(usable, key=lambda pair: (pair[0], not ok(pair[1]), pair[1].order))[1]


def _other_measure(found: list[tuple[int, Achieved]]) -> Achieved | None:
    """The first figure of the metric for the period in another measure or unit (a level where
    the target is a growth rate); a duration (连续三年) measures no metric at all."""
    usable = [
        (at, figure)
        for at, figure in found
        if units().dimension(units().split_scale(figure.unit or "")[1] or None) not in _NO_MEASURE
    ]
    if not usable:
        return None
    return min(usable, key=lambda pair: (pair[0], pair[1].order))[1]


def _row(
    issuer: str,
    region: str | None,
    target: Stated,
    found: list[tuple[int, Achieved]],
    words: list[Said],
    notes: list[str],
) -> TrackRow:
    metric = by_id(target.metric_id)
    name = metric.zh if metric is not None else target.metric_id
    outcome: TrackOutcome | None = None
    status: TrackStatus = "no outcome reported"
    rule: str | None = None
    flags = list(target.source.flags)
    picked = _pick(target, found)
    if picked is not None:
        value, unit = _comparable(target, picked) or (picked.value, picked.unit)
        outcome = _outcome(picked.source, value, unit, picked.says)
        flags.extend(picked.source.flags)
        if target.value is None:
            status, rule = "not comparable", "the target states no figure"
        else:
            met, rule = judge(target, value)
            status = "met" if met else "missed"
            notes.extend(_words_against(target, value, met, picked.says))
    elif other := _other_measure(found):
        # The metric is reported for the period, but as another measure or in another unit.
        outcome = _outcome(other.source, other.value, other.unit, other.says)
        flags.extend(other.source.flags)
        status = "not comparable"
        rule = (
            f"the target is a {target.measure} in {target.unit or 'no unit'}; the outcome a "
            f"{other.measure} in {other.unit or 'no unit'}"
        )
    elif words:
        stated = words[0]
        assert stated.source is not None
        outcome = _outcome(stated.source, None, None, stated)
        flags.extend(stated.source.flags)
        status = "met" if stated.met else "missed"
        rule = f"the report's own words: {stated.words}"
    return TrackRow(
        issuer=issuer,
        region=region,
        metric_id=target.metric_id,
        metric=name,
        measure=target.measure,
        period=target.period,
        target=TrackTarget(
            value=target.value,
            value_hi=target.value_hi,
            unit=target.unit,
            qualifier=target.qualifier,
            quote=target.source.quote,
            report=target.source.report,
            path=target.source.path,
            item_id=target.source.item_id,
            start=target.source.start,
            end=target.source.end,
            check=target.source.check,
            restated=target.restated,
        ),
        outcome=outcome,
        status=status,
        rule=rule,
        flagged=bool(flags),
        notes=flags + notes,
    )


def _outcome(
    source: Source, value: Decimal | None, unit: str | None, says: Said | None
) -> TrackOutcome:
    return TrackOutcome(
        value=value,
        unit=unit,
        quote=source.quote,
        report=source.report,
        path=source.path,
        item_id=source.item_id,
        start=source.start,
        end=source.end,
        check=source.check,
        says=says.words if says is not None else None,
    )


def _is_rate(target: Stated) -> bool:
    return target.measure == "growth" or (target.unit or "") in units().change_units


def judge(target: Stated, outcome: Decimal) -> tuple[bool, str]:
    """Met or missed, and the rule that said so."""
    assert target.value is not None
    low = target.value
    bound = qualifiers().bound(target.qualifier)
    rate = _is_rate(target)
    tolerance = RATE_TOLERANCE if rate else abs(low) * RELATIVE_TOLERANCE
    slack = "0.5 percentage points" if rate else "5% of the target"
    approx = bound == "approx"
    if target.goal == "ceiling":
        limit = target.value_hi if target.value_hi is not None else low
        if approx:
            return outcome <= limit + tolerance, f"左右 (a ceiling): outcome ≤ target + {slack}"
        return outcome <= limit, "a ceiling (以内): outcome ≤ target"
    if low < 0:
        # A cut: the figure must fall at least that far.
        if approx:
            return outcome <= low + tolerance, f"左右 (a cut): outcome falls by ≥ target − {slack}"
        return outcome <= low, "a cut: outcome falls by ≥ target"
    if target.value_hi is not None:
        return outcome >= low, "a range: outcome ≥ its low end"
    if approx:
        return outcome >= low - tolerance, f"左右: outcome ≥ target − {slack}"
    if bound == "lower":
        return outcome >= low, "以上: outcome ≥ target"
    return outcome >= low, "outcome ≥ target"


def _words_against(target: Stated, outcome: Decimal, met: bool, says: Said | None) -> list[str]:
    """Where the report's own words about the target disagree with the rule, or imply another
    target than the one stated."""
    if says is None:
        return []
    notes = []
    if says.met != met:
        verdict = "met" if says.met else "missed"
        notes.append(f"the report's own words read as {verdict}: {says.words}")
    if says.gap is not None and target.value is not None and _is_rate(target):
        implied = outcome - says.gap
        if abs(implied - target.value) > _IMPLIED_SLACK:
            notes.append(
                f"the report's words ({says.words}) imply a target of "
                f"{format_decimal(implied)}, not {format_decimal(target.value)}"
            )
    if says.restated is not None and target.value is not None and says.restated != target.value:
        notes.append(
            f"the review restates the target as {format_decimal(says.restated)} ({says.words})"
        )
    return notes
