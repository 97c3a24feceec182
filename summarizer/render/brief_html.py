"""Briefing → one self-contained HTML file.

No external requests (styles inline, the chart a data: URI) and no script at all; every piece
of report text is escaped, and a Content-Security-Policy that allows no script and no network
makes sure that even a missed escape could not run anything a report carried.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from summarizer.labels import track_word
from summarizer.render import brief_text as bt
from summarizer.render.brief_labels import labels, term
from summarizer.render.brief_model import Briefing, Figure, ReportBrief
from summarizer.render.chart_pick import chart_groups
from summarizer.render.track_out import counts_line
from summarizer.track_rows import TrackRow

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",
 "Source Han Sans SC",sans-serif;max-width:1100px;margin:2em auto;padding:0 1.2em;color:#1f2328;
 line-height:1.55}
h1{border-bottom:2px solid #3b6ea5;padding-bottom:.3em}
h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f1f3f6;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
dl.facts dt{color:#57606a}
dl.facts dd{margin:0}
.status-verified{color:#1a7f37}.status-accepted{color:#1a7f37}
.status-corrected{color:#8250df;font-weight:600}
.status-flagged{color:#cf222e;font-weight:600}
.status-unchecked{color:#57606a}
tr.flagged td{background:#fff1f0}
li .fig{white-space:nowrap}
.note{color:#57606a;font-size:.9em}
blockquote{margin:.3em 0 .8em;padding:.3em .8em;border-left:3px solid #d0d7de;color:#3d444d}
mark{background:#ffe08a}
img.chart{max-width:100%;height:auto;border:1px solid #d0d7de}
nav#toc ol{columns:2;margin:.3em 0}
details{margin:.3em 0}
details>summary{cursor:pointer;font-weight:600;padding:.2em 0}
details.report-detail{border-top:1px solid #d0d7de;padding:.2em 0}
tr.target td{color:#57606a;font-style:italic}
.track-met{color:#1a7f37}.track-missed{color:#cf222e;font-weight:600}
.track-not-comparable{color:#9a6700}.track-no-outcome-reported{color:#57606a}
"""


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    row_classes: Sequence[str] | None = None,
    cls: str = "",
) -> str:
    """A table; `rows` hold HTML already (use `_escaped` for plain text rows)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for index, row in enumerate(rows):
        row_class = row_classes[index] if row_classes else ""
        cells = "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        attr = f' class="{row_class}"' if row_class else ""
        body.append(f"<tr{attr}>{cells}</tr>")
    cls_attr = f' class="{cls}"' if cls else ""
    return f"<table{cls_attr}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _escaped(row: Sequence[str]) -> list[str]:
    return [_e(cell) for cell in row]


def _status(figure: Figure, lang: str) -> str:
    return f'<span class="status status-{figure.status}">{_e(bt.status_cell(figure, lang))}</span>'


def _figure_item(figure: Figure, lang: str) -> str:
    """A figure in a report's lists. A verified one carries only its mark (the legend says
    what ✓ means; the label is its tooltip): hundreds of reports hold thousands of figures."""
    if figure.status == "verified":
        label = _e(bt.status_cell(figure, lang))
        mark = f'<span class="status-verified" title="{label}">✓</span>'
    else:
        mark = _status(figure, lang)
    return f"{_e(bt.figure_inline(figure, lang))} {mark}"


def _facts(facts: Sequence[bt.Fact]) -> str:
    items = "".join(f"<dt>{_e(f.label)}</dt><dd>{_e(f.value)}</dd>" for f in facts)
    return f'<dl class="facts">{items}</dl>'


def _headline_table(report: ReportBrief, lang: str) -> str:
    rows = []
    classes = []
    for figure in report.headline:
        row = _escaped(bt.headline_row(figure, lang))
        row[-1] = _status(figure, lang)
        rows.append(row)
        classes.append("flagged" if figure.status == "flagged" else "")
    return _table(
        bt.headline_header(lang), rows, numeric=(1, 3), row_classes=classes, cls="headline"
    )


def _report(report: ReportBrief, lang: str) -> str:
    lab = labels(lang)
    parts = [f'<section class="report" id="report-{_e(report.key)}">']
    parts.append(f"<h2>{_e(report.title)}</h2>")
    parts.append(_facts(bt.report_facts(report, lang)))
    if report.error:
        parts.append(f'<p class="note">⚠ {_e(report.error)}</p>')
    parts.append(f"<h3>{_e(lab['headline'])}</h3>")
    parts.append(_headline_table(report, lang) if report.headline else f"<p>{_e(lab['none'])}</p>")
    parts.append(f"<h3>{_e(lab['achievements'])}</h3>")
    if not report.achievements:
        parts.append(f"<p>{_e(lab['none'])}</p>")
    for category, entries in report.achievements.items():
        parts.append(f"<h4>{_e(term(category, lang))}</h4><ul>")
        for entry in entries:
            figures = "".join(f"<li>{_figure_item(f, lang)}</li>" for f in entry.figures)
            parts.append(
                f'<li id="{_e(report.key)}-{_e(entry.item_id)}">{_e(entry.summary)}'
                + (f"<ul>{figures}</ul>" if figures else "")
                + "</li>"
            )
        parts.append("</ul>")
    parts.append(f"<h3>{_e(lab['targets'])}</h3>")
    if report.targets:
        items = []
        for target in report.targets:
            text = _e(target.summary)
            if target.figure is not None:
                text += f"（{_figure_item(target.figure, lang)}）"
            if target.period:
                text += f" 〔{_e(target.period)}〕"
            items.append(f"<li>{text}</li>")
        parts.append(f'<ul class="targets">{"".join(items)}</ul>')
    else:
        parts.append(f"<p>{_e(lab['none'])}</p>")
    parts.append(f"<h3>{_e(lab['problems'])}</h3>")
    if report.problems:
        items = [
            f"<li>〔{_e(term(p.area_group, lang))}〕{_e(p.summary)}</li>" for p in report.problems
        ]
        parts.append(f'<ul class="problems">{"".join(items)}</ul>')
    else:
        parts.append(f"<p>{_e(lab['none'])}</p>")
    parts.append("</section>")
    return "\n".join(parts)


# Past this many comparison groups (or recurring-problem areas, or flags), each is folded.
_FOLD_AFTER = 6


def _details(summary: str, body: str, *, open_: bool, cls: str = "", id_: str = "") -> str:
    attrs = (f' class="{cls}"' if cls else "") + (f' id="{_e(id_)}"' if id_ else "")
    return f"<details{attrs}{' open' if open_ else ''}><summary>{summary}</summary>{body}</details>"


def _toc(briefing: Briefing, lang: str) -> str:
    lab = labels(lang)
    entries = [("overview", lab["overview"])]
    if briefing.track_rows:
        entries.append(("track", track_word("title", lang)))
    if briefing.multi:
        entries.append(("across", lab["across"]))
    entries += [("flags", lab["flagged"]), ("reports", lab["details"])]
    items = "".join(f'<li><a href="#{key}">{_e(text)}</a></li>' for key, text in entries)
    return f'<nav id="toc"><h2>{_e(lab["contents"])}</h2><ol>{items}</ol></nav>'


def _overview(briefing: Briefing, lang: str) -> str:
    lab = labels(lang)
    rows = []
    for report in briefing.reports:
        cells = _escaped(bt.overview_row(report, lang))
        cells[0] = f'<a href="#report-{_e(report.key)}">{cells[0]}</a>'
        rows.append(cells)
    table = _table(bt.overview_header(lang), rows, numeric=(3, 4, 5, 6), cls="overview")
    return f'<section id="overview"><h2>{_e(lab["overview"])}</h2>{table}</section>'


def _track(briefing: Briefing, lang: str) -> str:
    lab = labels(lang)
    rows = briefing.track_rows
    parts = [f'<section id="track"><h2>{_e(track_word("title", lang))}</h2>']
    parts.append(f'<p>{_e(counts_line(rows, lang))}</p><p class="note">{_e(lab["track_note"])}</p>')
    settled = bt.settled(rows)
    if settled:
        parts.append(_track_table(settled, lang, cls="track"))
    unsettled = bt.unsettled(rows)
    if unsettled:
        summary = f"{_e(lab['track_unsettled'])}（{len(unsettled)}）"
        parts.append(
            _details(summary, _track_table(unsettled, lang, cls="track-open"), open_=not settled)
        )
    parts.append("</section>")
    return "\n".join(parts)


def _track_table(rows: Sequence[TrackRow], lang: str, *, cls: str) -> str:
    cells, classes = [], []
    for row in rows:
        line = _escaped(bt.track_row_cells(row, lang))
        line[5] = f'<span class="track-{row.status.replace(" ", "-")}">{line[5]}</span>'
        cells.append(line)
        classes.append("flagged" if row.flagged else "")
    return _table(bt.track_header(lang), cells, row_classes=classes, cls=cls)


def _across(briefing: Briefing, lang: str, chart_png: bytes | None) -> str:
    lab = labels(lang)
    parts = [f'<section id="across"><h2>{_e(lab["across"])}</h2>']
    parts.append(
        f'<h3>{_e(lab["comparison"])}</h3><p class="note">{_e(lab["comparison_note"])}</p>'
    )
    groups = briefing.comparison
    fold = len(groups) > _FOLD_AFTER
    if fold:
        parts.append(f'<p class="note">{_e(lab["groups_folded"].format(n=len(groups)))}</p>')
    for group in groups:
        rows, classes = [], []
        for _, cell, row in bt.group_rows(group, lang):
            cells = _escaped(row)
            cells[6] = f'<span class="status status-{cell.status}">{cells[6]}</span>'
            rows.append(cells)
            classes.append(("flagged " if cell.status == "flagged" else "") + cell.item_kind)
        table = _table(
            bt.comparison_header(lang),
            rows,
            numeric=(5, 7),
            row_classes=classes,
            cls="comparison",
        )
        parts.append(_details(_e(bt.group_title(group, lang)), table, open_=not fold, cls="group"))
    if not groups:
        parts.append(f"<p>{_e(lab['none'])}</p>")
    if chart_png:
        data = base64.b64encode(chart_png).decode("ascii")
        parts.append(f"<h3>{_e(lab['chart'])}</h3>")
        growth = [g for g in groups if g.measure == "growth" and not g.multi_year]
        shown = len(chart_groups(briefing))
        if shown < len(growth):
            note = lab["chart_note"].format(shown=shown, total=len(growth))
            parts.append(f'<p class="note">{_e(note)}</p>')
        parts.append(
            f'<img class="chart" alt="{_e(lab["chart_title"])}" src="data:image/png;base64,{data}">'
        )
    parts.append(f"<h3>{_e(lab['recurring'])}</h3>")
    fold = len(briefing.recurring) > 1 and len(briefing.reports) > _FOLD_AFTER
    for problem_group in briefing.recurring:
        items = "".join(
            f"<li><strong>{_e(who)}</strong>：{_e(problem.summary)}</li>"
            for who, problem in problem_group.entries
        )
        title = f"{_e(term(problem_group.area, lang))}（{len(problem_group.entries)}）"
        if fold:
            parts.append(_details(title, f"<ul>{items}</ul>", open_=False))
        else:
            parts.append(f"<h4>{_e(term(problem_group.area, lang))}</h4><ul>{items}</ul>")
    if not briefing.recurring:
        parts.append(f"<p>{_e(lab['none'])}</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _flags(briefing: Briefing, lang: str) -> str:
    lab = labels(lang)
    parts = [f'<section id="flags"><h2>{_e(lab["flagged"])}</h2>']
    flags = briefing.flags()
    if not flags:
        parts.append(f"<p>{_e(lab['flagged_none'])}</p>")
    else:
        parts.append("<details open><summary>" if len(flags) <= 20 else "<details><summary>")
        parts.append(f"{_e(lab['flagged'])}（{len(flags)}）</summary><ol>")
        for flag in flags:
            before, figure, after = bt.flag_context_parts(flag)
            quote = ""
            if before or figure or after:
                marked = f"<mark>{_e(figure)}</mark>" if figure else ""
                quote = f"<blockquote>…{_e(before)}{marked}{_e(after)}…</blockquote>"
            parts.append(
                f'<li class="flag" data-check="{_e(flag.check_id)}">'
                f'<span class="status-flagged">⚑</span> {_e(bt.flag_title(flag, briefing, lang))}'
                f"{quote}</li>"
            )
        parts.append("</ol></details>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(briefing: Briefing, lang: str = "zh", chart_png: bytes | None = None) -> str:
    """Overview first (the reports, then 目标完成情况 and the comparisons), with a table of
    contents; each report's detail folded (<details>) when the briefing holds several."""
    lab = labels(lang)
    html_lang = "en" if lang == "en" else "zh-CN"
    body = [f"<h1>{_e(lab['title'])}</h1>", _facts(bt.header_facts(briefing, lang))]
    body.append(f'<p class="note">{_e(lab["legend"])}</p>')
    if not briefing.multi:
        # One report: its summary, then its flags (nothing to compare, nothing to track).
        body += [_report(briefing.reports[0], lang), _flags(briefing, lang)]
    else:
        body.append(_toc(briefing, lang))
        body.append(_overview(briefing, lang))
        if briefing.track_rows:
            body.append(_track(briefing, lang))
        body.append(_across(briefing, lang, chart_png))
        body.append(_flags(briefing, lang))
        body.append(f'<section id="reports"><h2>{_e(lab["details"])}</h2>')
        for report in briefing.reports:
            extra = [p for p in (report.issuer, report.period) if p and p not in report.title]
            title = " · ".join([report.title, *extra])
            body.append(
                _details(_e(title), _report(report, lang), open_=False, cls="report-detail")
            )
        body.append("</section>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(lab['title'])}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
