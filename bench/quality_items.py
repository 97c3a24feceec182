"""Item metrics of bench/quality.py: targets, problems, headline figures, GDP targets.

Each family is one function over the loaded cases, returning named scores (right, of), beside
the frame metrics in quality.py. The tool's items come from the rules provider run over the
report's sections and assembled as `summarize` assembles them (spans filled by the cross-check),
so evidence spans are offsets into the cleaned text, like the gold quotes once located there.

- targets: a predicted target with a value matches a gold target when its evidence span overlaps
  the gold quote's span and the values agree (`values_agree`); matching is one to one, so a
  target reported twice counts once. Precision is over predicted targets that carry a value,
  recall over gold targets. `t_period`: of the matched pairs, the share whose period agrees.
- problems: a gold problem is found when some predicted problem's evidence overlaps its quote;
  one to one, so one item spanning a paragraph finds one problem.
- headline: the tool's first 10 headline rows, each right when it matches a gold `headline` or
  `headline_acceptable` entry by metric (same metric_id, or names overlapping) and by value or
  change; one to one, so a metric shown twice counts once.
- gdp: on every province file of fixtures/gold-gdp/provinces.json, right when the report yields
  exactly one target whose metric_id is `gdp`, for the plan year, with the gold's value (and
  value_hi); a file whose gold has no annual GDP target must yield no `gdp` target at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

Scores = dict[str, tuple[int, int]]
HEADLINE_TOP = 10

# --------------------------------------------------------------------------- the tool's items


def summarise(doc: Any, sections: list[Any]) -> Any:
    """The rules provider's ReportSummary of one loaded report, as `summarize` builds it."""
    from summarizer.assemble import build_summary
    from summarizer.providers.base import Extraction
    from summarizer.providers.rules import RulesProvider

    provider = RulesProvider()
    results = [
        (s, Extraction(result=provider.extract_sync(s, doc.meta)), None, False) for s in sections
    ]
    return build_summary(doc, sections, results, provider)


def _exact_id(name: str | None, unit: str | None) -> str | None:
    from summarizer.lexicon.metrics import exact_id

    return exact_id(name, unit) if name else None


def target_metric_id(target: Any) -> str | None:
    """The target's catalogue id: its metric's own when the tool gives one, else (older
    versions) the id its metric's name resolves to, as the briefings resolved it."""
    metric = target.metric
    if metric is None:
        return None
    if hasattr(metric, "metric_id"):
        return metric.metric_id  # type: ignore[no-any-return]
    return _exact_id(metric.name, metric.unit)


@dataclass(frozen=True, slots=True)
class Row:
    """One headline row as a reader sees it."""

    name: str
    metric_id: str | None
    value: float | None
    unit: str | None
    change: float | None


def headline_rows(summary: Any) -> list[Row]:
    """The tool's headline table, in its order: from the one function the terminal and the
    briefings call, or (older versions) the terminal's own choice."""
    try:
        from summarizer.headline import headline_figures
    except ImportError:
        from summarizer.render.terminal import is_headline

        metrics = [m for a in summary.achievements for m in a.metrics if is_headline(m)]
        return [
            Row(
                m.name,
                _exact_id(m.name, m.unit),
                m.value,
                m.unit,
                m.change.amount if m.change else None,
            )
            for m in metrics
        ]
    return [
        Row(
            h.metric.name,
            h.metric_id,
            h.metric.value,
            h.metric.unit,
            h.metric.change.amount if h.metric.change else None,
        )
        for h in headline_figures(summary)
    ]


# --------------------------------------------------------------------------- values

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def printed_value(text: str | None) -> Decimal | None:
    """A value as the gold writes it: `5.5`, `９`, `五`, `两`, `两番半` → Decimal; `一半` → None."""
    if text is None:
        return None
    text = text.strip().translate(_FULLWIDTH)
    # 两番半, 一个半: the unit printed inside the value, and a half after it.
    half = re.fullmatch(r"(.+?)[^零〇○一二两三四五六七八九十百千万亿点0-9.]+半", text)
    if half is not None:
        whole = printed_value(half.group(1))
        return None if whole is None else whole + Decimal("0.5")
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    from summarizer.numerals import cn_to_decimal

    try:
        value, _ = cn_to_decimal(text)
    except (KeyError, ValueError, InvalidOperation):
        return None
    # cn_to_decimal reads what it knows and skips the rest: 一半 is not 1.
    return value if re.fullmatch(r"[零〇○一二两三四五六七八九十百千万亿点]+", text) else None


def _tool_value(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))


def values_agree(gold: dict[str, Any], value: float | None, value_hi: float | None) -> bool:
    """As printed: Chinese numerals and full-width digits normalised; a range by both ends."""
    want, want_hi = printed_value(gold.get("value")), printed_value(gold.get("value_hi"))
    got, got_hi = _tool_value(value), _tool_value(value_hi)
    if want is None or got is None:
        return False
    return want == got and want_hi == got_hi


# --------------------------------------------------------------------------- spans


def overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def item_span(item: Any) -> tuple[int, int] | None:
    if item.start is None or item.end is None:
        return None
    return item.start, item.end


# --------------------------------------------------------------------------- metric families


@dataclass
class ItemCase:
    """One gold report's items with the tool's summary and where each gold quote stands."""

    genre: str
    name: str
    items: dict[str, Any]
    summary: Any
    target_spans: list[tuple[int, int]]
    problem_spans: list[tuple[int, int]]
    misses: list[str] = field(default_factory=list)


def _period_label(period: Any) -> str | None:
    if period is None:
        return None
    return period if isinstance(period, str) else getattr(period, "label", None)


def _value_of(target: Any) -> tuple[float | None, float | None]:
    metric = target.metric
    if metric is None:
        return None, None
    if metric.value is None and metric.change is not None:
        return metric.change.amount, None
    return metric.value, metric.value_hi


def target_metrics(cases: list[ItemCase]) -> Scores:
    """Target precision (over predicted targets with a value), recall (over gold targets), and
    period agreement of the matched pairs."""
    predicted = correct = gold_total = found = matched = period_right = 0
    for c in cases:
        gold = c.items["targets"]
        gold_total += len(gold)
        taken: set[int] = set()
        for t in c.summary.targets:
            value, value_hi = _value_of(t)
            if value is None:
                continue
            predicted += 1
            span = item_span(t)
            hit = next(
                (
                    i
                    for i, g in enumerate(gold)
                    if i not in taken
                    and overlaps(span, c.target_spans[i])
                    and values_agree(g, value, value_hi)
                ),
                None,
            )
            if hit is None:
                c.misses.append(f"target wrong: {t.evidence[:60]} → {value} {value_hi}")
                continue
            taken.add(hit)
            correct += 1
            matched += 1
            want = (gold[hit].get("period") or {}).get("label")
            if want is None or want == _period_label(t.period):
                period_right += 1
            else:
                c.misses.append(
                    f"target period: {gold[hit]['quote']} {_period_label(t.period)} ≠ {want}"
                )
        found += len(taken)
        for i, g in enumerate(gold):
            if i not in taken:
                c.misses.append(f"target missed: {g['quote']} ({g['value']}{g['unit'] or ''})")
    return {
        "t_prec": (correct, predicted),
        "t_rec": (found, gold_total),
        "t_period": (period_right, matched),
        **gdp_item_metrics(cases),
    }


def gdp_item_metrics(cases: list[ItemCase]) -> Scores:
    """Gold reports with items: the one `gdp` target as in `gdp_target_right` (none when the
    gold has none)."""
    right = 0
    for c in cases:
        gdp = [g for g in c.items["targets"] if g.get("metric_id") == "gdp"]
        entry: dict[str, Any] = {"value": None}
        if gdp:
            period = gdp[0].get("period") or {}
            entry = {**gdp[0], "text_year": period.get("year")}
        ok, why = gdp_target_right(c.summary, entry)
        right += ok
        if not ok:
            c.misses.append(f"gdp target: {why}")
    return {"t_gdp": (right, len(cases))}


def problem_metrics(cases: list[ItemCase]) -> Scores:
    """Gold problems whose quote some predicted problem's evidence overlaps, one to one: a
    single item spanning a whole paragraph finds one problem, not all of them."""
    found = total = 0
    for c in cases:
        spans = [item_span(p) for p in c.summary.problems]
        used: set[int] = set()
        for g, span in zip(c.items["problems"], c.problem_spans, strict=True):
            total += 1
            hit = next(
                (i for i, s in enumerate(spans) if i not in used and overlaps(span, s)), None
            )
            if hit is None:
                c.misses.append(f"problem missed: {g['quote']}")
                continue
            used.add(hit)
            found += 1
    return {"p_rec": (found, total)}


_REGION = re.compile(r"^(?:全市|全省|全区|全县|全镇|我市|我省|我区|全年|街道)")


def _core(name: str) -> str:
    return _REGION.sub("", re.sub(r"\s+", "", name or ""))


def names_overlap(a: str, b: str) -> bool:
    a, b = _core(a), _core(b)
    return len(min(a, b, key=len)) >= 2 and (a in b or b in a)


def headline_matches(row: Row, gold: dict[str, Any]) -> bool:
    same_metric = (row.metric_id is not None and row.metric_id == gold.get("metric_id")) or (
        names_overlap(row.name, gold.get("metric") or "")
    )
    if not same_metric:
        return False
    value = _tool_value(row.value)
    change = _tool_value(row.change)
    want_value, want_change = printed_value(gold.get("value")), printed_value(gold.get("change"))
    return (value is not None and value == want_value) or (
        change is not None and change == want_change
    )


def headline_metrics(cases: list[ItemCase]) -> Scores:
    """The tool's first 10 headline rows that match a gold headline or acceptable entry."""
    right = shown = 0
    for c in cases:
        gold = [*c.items["headline"], *c.items.get("headline_acceptable", [])]
        used: set[int] = set()
        for row in headline_rows(c.summary)[:HEADLINE_TOP]:
            shown += 1
            hit = next(
                (i for i, g in enumerate(gold) if i not in used and headline_matches(row, g)),
                None,
            )
            if hit is not None:
                used.add(hit)
                right += 1
            else:
                c.misses.append(f"headline wrong: {row.name} {row.value}{row.unit or ''}")
    return {"h_top10": (right, shown)}


# --------------------------------------------------------------------------- GDP targets

_YEAR_LABEL = re.compile(r"^((?:19|20)\d{2})年$")


def gdp_target_right(summary: Any, entry: dict[str, Any]) -> tuple[bool, str]:
    """Whether the report's `gdp` targets are exactly the gold's one (or none), and why not."""
    gdp = [t for t in summary.targets if target_metric_id(t) == "gdp"]
    shown = "; ".join(f"{t.evidence[:40]} → {_value_of(t)} {_period_label(t.period)}" for t in gdp)
    if entry.get("value") is None:
        return not gdp, f"expected none, got {len(gdp)}: {shown}"
    if len(gdp) != 1:
        return False, f"expected one ({entry['value']}), got {len(gdp)}: {shown}"
    target = gdp[0]
    match = _YEAR_LABEL.match(_period_label(target.period) or "")
    if match is None or int(match.group(1)) != entry.get("text_year"):
        return False, f"period {_period_label(target.period)} ≠ {entry.get('text_year')}"
    value, value_hi = _value_of(target)
    if not values_agree(entry, value, value_hi):
        return False, f"value {value}-{value_hi} ≠ {entry['value']}-{entry.get('value_hi')}"
    return True, ""


def gdp_target_metrics(
    summaries: dict[str, Any], gdp_gold: dict[str, dict[str, Any]], misses: list[str]
) -> Scores:
    right = total = 0
    for stem, summary in summaries.items():
        entry = gdp_gold.get(stem)
        if entry is None:
            continue
        total += 1
        ok, why = gdp_target_right(summary, entry)
        right += ok
        if not ok:
            misses.append(f"gdp/{stem}: {why}")
    return {"gdp_target": (right, total)}
