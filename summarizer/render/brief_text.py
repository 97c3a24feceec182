"""Plain-text pieces every briefing format shares: figure cells, header lines, table rows.

The writers differ in markup only; what a cell says is decided here so a figure reads the
same in Markdown, HTML, DOCX and the CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.models import format_decimal
from summarizer.render.brief_labels import (
    labels,
    signed_change,
    span_label,
    status_text,
    term,
)
from summarizer.render.brief_model import (
    Briefing,
    ComparisonCell,
    ComparisonGroup,
    Figure,
    FlagEntry,
    ReportBrief,
    TargetEntry,
)


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


def header_facts(briefing: Briefing, lang: str) -> list[Fact]:
    lab = labels(lang)
    issuers = sorted({r.issuer for r in briefing.reports if r.issuer})
    periods = [r.period or span_label(r.span, lang) for r in briefing.reports]
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
        lab["period_kind"],
        lab["report"],
        lab["period"],
        lab["value"],
        lab["growth"],
        lab["status"],
        lab["rank"],
    ]


def comparison_rows(
    briefing: Briefing, lang: str
) -> Iterator[tuple[ComparisonGroup, ComparisonCell, list[str]]]:
    for group in briefing.comparison:
        for cell in group.cells:
            value = ""
            if cell.value is not None:
                value = f"{format_decimal(cell.value)}{group.unit or ''}"
            elif (
                cell.figure.value is not None
                and cell.figure.ref
                and cell.figure.ref.measure == "level"
            ):
                value = cell.figure.display()
            yield (
                group,
                cell,
                [
                    group.metric.name(lang),
                    span_label(group.span, lang),
                    cell.report_label,
                    cell.period or "",
                    value,
                    signed_change(cell.growth, cell.growth_unit, lang),
                    status_cell(cell.figure, lang),
                    "" if cell.rank is None else str(cell.rank),
                ],
            )


def target_table_header(lang: str) -> list[str]:
    lab = labels(lang)
    return [
        lab["metric"],
        lab["report"],
        lab["target"],
        lab["value"],
        lab["target_for"],
        lab["status"],
    ]


def target_table_rows(briefing: Briefing, lang: str) -> Iterator[list[str]]:
    for row in briefing.target_rows:
        figure = row.target.figure
        value = "" if figure is None else figure.display()
        if figure is not None and figure.ref is not None and figure.ref.measure == "growth":
            value = f"{labels(lang)['growth']} {value}"
        yield [
            row.metric.name(lang),
            row.report_label,
            row.target.summary,
            value,
            row.target.period or "",
            "" if figure is None else status_text(figure.status, lang),
        ]


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
