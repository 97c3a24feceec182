"""Plain-text pieces every briefing format shares: figure cells, header lines, table rows.

The writers differ in markup only; what a cell says is decided here so a figure reads the
same in Markdown, HTML, DOCX and the CSV.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from summarizer.labels import track_rule, track_status_label, track_word
from summarizer.lexicon import qualifiers
from summarizer.lexicon.metrics import by_id
from summarizer.models import format_decimal
from summarizer.render.brief_compare import ComparisonCell, ComparisonGroup
from summarizer.render.brief_labels import (
    labels,
    signed_change,
    span_label,
    status_text,
    term,
)
from summarizer.render.brief_model import (
    Briefing,
    Figure,
    FlagEntry,
    ReportBrief,
    TargetEntry,
)
from summarizer.render.track_out import outcome_text as track_outcome_text
from summarizer.render.track_out import target_text as track_target_text
from summarizer.track_rows import TrackRow


def change_cell(figure: Figure, lang: str) -> str:
    change = figure.change
    if change is None:
        return ""
    text = signed_change(change.signed, change.unit, lang)
    if not text and change.direction:
        return (
            labels(lang)[change.direction]
            if change.direction in {"increase", "decrease", "flat"}
            else ""
        )
    basis = change.basis if lang == "zh" and change.basis else ""
    return f"{basis}{text}"


def status_cell(figure: Figure, lang: str) -> str:
    text = status_text(figure.status, lang)
    if figure.corrected_from:
        text += (
            f"（{labels(lang)['corrected_from']} {figure.corrected_from}）"
            if lang == "zh"
            else f" ({labels(lang)['corrected_from']} {figure.corrected_from})"
        )
    return text


def metric_cell(figure: Figure, lang: str) -> str:
    """The printed name, or the canonical English name when the briefing is in English."""
    if lang == "en" and figure.ref is not None:
        return f"{figure.ref.metric.en} ({figure.name})"
    return figure.name


def figure_inline(figure: Figure, lang: str) -> str:
    """`地区生产总值 15.93亿元 +10.6% ✓`: a figure inside a sentence-like list item."""
    change = change_cell(figure, lang)
    parts = [figure.name, figure.display()]
    if change:
        parts.append(change)
    return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: str


# A header names at most this many issuers; the overview table lists every report.
_MANY = 12


def header_facts(briefing: Briefing, lang: str) -> list[Fact]:
    lab = labels(lang)
    issuers = sorted({r.issuer for r in briefing.reports if r.issuer})
    if len(issuers) > _MANY:
        more = len(issuers) - _MANY
        issuers = [*issuers[:_MANY], f"等 {more} 个" if lang == "zh" else f"and {more} more"]
    reports = sorted(briefing.reports, key=lambda r: (r.year or 0, r.span or ""))
    periods = [r.period or span_label(r.span, lang) for r in reports]
    counts = briefing.counts
    facts = [
        Fact(lab["generated"], briefing.generated_at.strftime("%Y-%m-%d %H:%M %z").strip()),
        Fact(lab["reports"], str(len(briefing.reports))),
        Fact(lab["issuers"], "、".join(issuers) if lang == "zh" else ", ".join(issuers)),
        Fact(
            lab["periods"],
            "、".join(dict.fromkeys(periods))
            if lang == "zh"
            else ", ".join(dict.fromkeys(periods)),
        ),
        Fact(lab["engine"], "; ".join(briefing.engines)),
    ]
    if briefing.prompt_versions:
        facts.append(Fact(lab["prompt"], ", ".join(briefing.prompt_versions)))
    facts.append(
        Fact(
            lab["figures"],
            lab["figures_line"].format(
                total=counts.total,
                verified=counts.verified,
                flagged=counts.flagged,
                reviewed=counts.reviewed,
            ),
        )
    )
    return facts


def report_facts(report: ReportBrief, lang: str) -> list[Fact]:
    lab = labels(lang)
    facts = []
    if report.issuer:
        facts.append(Fact(lab["issuer"], report.issuer))
    facts.append(Fact(lab["period"], report.period or span_label(report.span, lang)))
    if report.path:
        facts.append(Fact(lab["file"], report.path))
    facts.append(
        Fact(lab["engine"], report.provider + (f" / {report.model}" if report.model else ""))
    )
    return facts


def headline_header(lang: str) -> list[str]:
    lab = labels(lang)
    return [lab["metric"], lab["value"], lab["unit"], lab["change"], lab["status"]]


def headline_row(figure: Figure, lang: str) -> list[str]:
    return [
        metric_cell(figure, lang),
        figure.value_text(),
        figure.unit or "",
        change_cell(figure, lang),
        status_cell(figure, lang),
    ]


def target_text(target: TargetEntry, lang: str) -> str:
    text = target.summary
    if target.figure is not None:
        text += f"（{figure_inline(target.figure, lang)}）"
    if target.period:
        text += f"〔{target.period}〕"
    return text


def comparison_header(lang: str) -> list[str]:
    lab = labels(lang)
    return [
        lab["metric"],
        lab["period"],
        lab["scope"],
        lab["report"],
        lab["item_kind"],
        lab["value"],
        lab["status"],
        lab["rank"],
    ]


def cell_value(group: ComparisonGroup, cell: ComparisonCell) -> str:
    """`15.93亿元`, `9%左右`: the value in the group's unit, a target with its bound."""
    number = format_decimal(cell.value)
    bound = cell.qualifier if qualifiers().bound(cell.qualifier) != "exact" else None
    return qualifiers().written(number, group.unit, bound)


def comparison_rows(
    briefing: Briefing, lang: str
) -> Iterator[tuple[ComparisonGroup, ComparisonCell, list[str]]]:
    for group in briefing.comparison:
        yield from group_rows(group, lang)


def group_rows(
    group: ComparisonGroup, lang: str
) -> Iterator[tuple[ComparisonGroup, ComparisonCell, list[str]]]:
    lab = labels(lang)
    for cell in group.cells:
        yield (
            group,
            cell,
            [
                group.name(lang),
                group.period.label,
                scope_label(group.scope, lang),
                cell.report_label,
                lab[f"kind_{cell.item_kind}"],
                cell_value(group, cell),
                status_text(cell.status, lang),
                "" if cell.rank is None else str(cell.rank),
            ],
        )


def group_title(group: ComparisonGroup, lang: str) -> str:
    """`地区生产总值增速 · 2003年 · 省（25）`: what one ranking holds."""
    scope = scope_label(group.scope, lang)
    parts = [group.name(lang), group.period.label] + ([scope] if scope else [])
    return " · ".join(parts) + (
        f"（{len(group.cells)}）" if lang == "zh" else f" ({len(group.cells)})"
    )


def scope_label(scope: str | None, lang: str) -> str:
    return term(scope, lang) if scope else ""


def overview_header(lang: str) -> list[str]:
    lab = labels(lang)
    return [
        lab["report"],
        lab["issuer"],
        lab["period"],
        lab["n_achievements"],
        lab["n_targets"],
        lab["n_problems"],
        lab["n_flagged"],
    ]


def overview_row(report: ReportBrief, lang: str) -> list[str]:
    achievements = sum(len(entries) for entries in report.achievements.values())
    return [
        report.title,
        report.issuer or "",
        report.period or span_label(report.span, lang),
        str(achievements),
        str(len(report.targets)),
        str(len(report.problems)),
        str(len(report.flags)),
    ]


def track_header(lang: str) -> list[str]:
    return [
        track_word(word, lang)
        for word in ("issuer", "metric", "period", "target", "outcome", "status", "rule")
    ]


def track_row_cells(row: TrackRow, lang: str) -> list[str]:
    status = track_status_label(row.status, lang)
    if row.flagged:
        status += f" {track_word('flagged', lang)}"
    rule = track_rule(row.rule, lang)
    if row.outcome is not None and row.outcome.says:
        rule = (
            f"{rule}；{row.outcome.says}" if lang == "zh" and rule else (rule or row.outcome.says)
        )
    metric = by_id(row.metric_id)
    return [
        row.issuer,
        metric.name(lang) if metric is not None else row.metric,
        row.period.label,
        f"{track_target_text(row, lang)}（{row.target.report}）",
        f"{track_outcome_text(row, lang)}（{row.outcome.report}）" if row.outcome else "",
        status,
        rule,
    ]


def settled(rows: Sequence[TrackRow]) -> list[TrackRow]:
    """Rows a later report speaks to (met, missed, not comparable), shown first."""
    return [row for row in rows if row.outcome is not None]


def unsettled(rows: Sequence[TrackRow]) -> list[TrackRow]:
    return [row for row in rows if row.outcome is None]


def flag_title(flag: FlagEntry, briefing: Briefing, lang: str) -> str:
    report = briefing.report(flag.report_key)
    reason = flag.message or flag.status
    return f"{report.label} · {flag.item_id} · {flag.claim} — {reason}"


def flag_context_parts(flag: FlagEntry) -> tuple[str, str, str]:
    """(before, the figure, after) of the source text around a flag; all text when unmarked."""
    context = " ".join((flag.context or "").split())
    if flag.mark is None or flag.context is None:
        return context, "", ""
    raw = flag.context
    start, end = flag.mark
    return " ".join(raw[:start].split()), raw[start:end], " ".join(raw[end:].split())


def category_label(category: str, lang: str) -> str:
    return term(category, lang)
