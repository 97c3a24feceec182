"""Briefing → Markdown.

Report text is data, not markup: HTML in it is neutralised (`<script>` shows as text in any
Markdown viewer) and the characters Markdown would act on are escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.labels import track_word
from summarizer.render import brief_text as bt
from summarizer.render.brief_labels import labels, status_text, term
from summarizer.render.brief_model import Briefing, Figure, ReportBrief
from summarizer.render.track_out import counts_line

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def md(text: str | None) -> str:
    """Report text made inert in Markdown: raw HTML shown as text, markup characters escaped."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(md(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*out, ""]


def _figure_item(figure: Figure, lang: str) -> str:
    mark = status_text(figure.status, lang)
    text = md(bt.figure_inline(figure, lang))
    if figure.status == "flagged":
        text = f"**{text}**"
    corrected = ""
    if figure.corrected_from:
        corrected = f"（{labels(lang)['corrected_from']} {md(figure.corrected_from)}）"
    return f"{text} {mark}{corrected}"


def _report(report: ReportBrief, lang: str, level: int) -> list[str]:
    lab = labels(lang)
    h = "#" * level
    out = [f"{h} {md(report.title)}", ""]
    out += [f"- {md(f.label)}：{md(f.value)}" for f in bt.report_facts(report, lang)]
    if report.error:
        out.append(f"- ⚠ {md(report.error)}")
    out.append("")
    out += [f"{h}# {md(lab['headline'])}", ""]
    if report.headline:
        out += _table(bt.headline_header(lang), [bt.headline_row(f, lang) for f in report.headline])
    else:
        out += [md(lab["none"]), ""]
    out += [f"{h}# {md(lab['achievements'])}", ""]
    if not report.achievements:
        out += [md(lab["none"]), ""]
    for category, entries in report.achievements.items():
        out += [f"{h}## {md(term(category, lang))}", ""]
        for entry in entries:
            out.append(f"- {md(entry.summary)}")
            out += [f"  - {_figure_item(figure, lang)}" for figure in entry.figures]
        out.append("")
    out += [f"{h}# {md(lab['targets'])}", ""]
    if report.targets:
        for target in report.targets:
            line = f"- {md(target.summary)}"
            if target.figure is not None:
                line += f"（{_figure_item(target.figure, lang)}）"
            if target.period:
                line += f" 〔{md(target.period)}〕"
            out.append(line)
    else:
        out.append(md(lab["none"]))
    out.append("")
    out += [f"{h}# {md(lab['problems'])}", ""]
    if report.problems:
        for problem in report.problems:
            area = f"〔{md(term(problem.area_group, lang))}〕" if problem.area_group else ""
            out.append(f"- {area}{md(problem.summary)}")
    else:
        out.append(md(lab["none"]))
    out.append("")
    return out


def _flag_lines(briefing: Briefing, lang: str) -> list[str]:
    lab = labels(lang)
    out = [f"## {md(lab['flagged'])}", ""]
    flags = briefing.flags()
    if not flags:
        out += [md(lab["flagged_none"]), ""]
    for flag in flags:
        out.append(f"- ⚑ {md(bt.flag_title(flag, briefing, lang))}")
        before, figure, after = bt.flag_context_parts(flag)
        if before or figure or after:
            marked = f"**{md(figure)}**" if figure else ""
            out.append(f"  > {md(lab['source'])}：…{md(before)}{marked}{md(after)}…")
    out.append("")
    return out


def _anchor(text: str) -> str:
    """The anchor GitHub-style Markdown viewers give a heading (lower case, spaces → -)."""
    return "-".join(text.strip().lower().split())


def render_markdown(briefing: Briefing, lang: str = "zh", chart_name: str | None = None) -> str:
    """The briefing as Markdown: overview first, a table of contents, 目标完成情况, the
    comparisons, flagged figures, then each report; `chart_name` is the PNG beside it."""
    lab = labels(lang)
    out = [f"# {md(lab['title'])}", ""]
    out += [f"- {md(f.label)}：{md(f.value)}" for f in bt.header_facts(briefing, lang)]
    out += ["", f"> {md(lab['legend'])}", ""]
    if not briefing.multi:
        out += _report(briefing.reports[0], lang, 2)
        out += _flag_lines(briefing, lang)
        return "\n".join(out)
    sections = [lab["overview"]]
    if briefing.track_rows:
        sections.append(track_word("title", lang))
    if briefing.multi:
        sections.append(lab["across"])
    sections += [lab["flagged"], lab["details"]]
    out += [f"## {md(lab['contents'])}", ""]
    out += [f"{i}. [{md(name)}](#{_anchor(name)})" for i, name in enumerate(sections, 1)]
    out += ["", f"## {md(lab['overview'])}", ""]
    out += _table(bt.overview_header(lang), [bt.overview_row(r, lang) for r in briefing.reports])
    if briefing.track_rows:
        rows = briefing.track_rows
        out += [f"## {md(track_word('title', lang))}", "", md(counts_line(rows, lang)), ""]
        out += [md(lab["track_note"]), ""]
        settled = bt.settled(rows)
        if settled:
            out += _table(bt.track_header(lang), [bt.track_row_cells(r, lang) for r in settled])
        unsettled = bt.unsettled(rows)
        if unsettled:
            out += [f"### {md(lab['track_unsettled'])}", ""]
            out += _table(bt.track_header(lang), [bt.track_row_cells(r, lang) for r in unsettled])
    if briefing.multi:
        out += [f"## {md(lab['across'])}", "", f"### {md(lab['comparison'])}", ""]
        out += [md(lab["comparison_note"]), ""]
        lines = [row for _, _, row in bt.comparison_rows(briefing, lang)]
        out += _table(bt.comparison_header(lang), lines) if lines else [md(lab["none"]), ""]
        if chart_name:
            out += [f"### {md(lab['chart'])}", "", f"![{md(lab['chart_title'])}]({chart_name})", ""]
        out += [f"### {md(lab['recurring'])}", ""]
        if briefing.recurring:
            for group in briefing.recurring:
                out += [f"#### {md(term(group.area, lang))}", ""]
                out += [f"- {md(who)}：{md(problem.summary)}" for who, problem in group.entries]
                out.append("")
        else:
            out += [md(lab["none"]), ""]
    out += _flag_lines(briefing, lang)
    out += [f"## {md(lab['details'])}", ""]
    for report in briefing.reports:
        out += _report(report, lang, 3)
    out.append("")
    return "\n".join(out)
