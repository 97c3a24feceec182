"""Briefing → one self-contained HTML file.

No external requests (styles inline, the chart a data: URI) and no script at all; every piece
of report text is escaped, and a Content-Security-Policy that allows no script and no network
makes sure that even a missed escape could not run anything a report carried.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from summarizer.render import brief_text as bt
from summarizer.render.brief_labels import labels, term
from summarizer.render.brief_model import Briefing, Figure, ReportBrief

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

_STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",
 "Source Han Sans SC",sans-serif;max-width:1100px;margin:2em auto;padding:0 1.2em;color:#1f2328;
 line-height:1.55}
h1{border-bottom:2px solid #3b6ea5;padding-bottom:.3em}
h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f1f3f6}
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
    return (
        f'<span class="fig" data-status="{figure.status}">{_e(bt.figure_inline(figure, lang))}</span> '
        f"{_status(figure, lang)}"
    )


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


def _across(briefing: Briefing, lang: str, chart_png: bytes | None) -> str:
    lab = labels(lang)
    parts = [f'<section id="across"><h2>{_e(lab["across"])}</h2>']
    parts.append(
        f'<h3>{_e(lab["comparison"])}</h3><p class="note">{_e(lab["comparison_note"])}</p>'
    )
    rows, classes = [], []
    for _, cell, row in bt.comparison_rows(briefing, lang):
        cells = _escaped(row)
        cells[6] = _status(cell.figure, lang)
        rows.append(cells)
        classes.append("flagged" if cell.figure.status == "flagged" else "")
    if rows:
        parts.append(
            _table(
                bt.comparison_header(lang),
                rows,
                numeric=(4, 5, 7),
                row_classes=classes,
                cls="comparison",
            )
        )
    else:
        parts.append(f"<p>{_e(lab['none'])}</p>")
    if briefing.target_rows:
        parts.append(f"<h3>{_e(lab['target_comparison'])}</h3>")
        parts.append(
            _table(
                bt.target_table_header(lang),
                [_escaped(row) for row in bt.target_table_rows(briefing, lang)],
                numeric=(3,),
                cls="targets",
            )
        )
    if chart_png:
        data = base64.b64encode(chart_png).decode("ascii")
        parts.append(f"<h3>{_e(lab['chart'])}</h3>")
        parts.append(
            f'<img class="chart" alt="{_e(lab["chart_title"])}" src="data:image/png;base64,{data}">'
        )
    parts.append(f"<h3>{_e(lab['recurring'])}</h3>")
    if briefing.recurring:
        for group in briefing.recurring:
            items = "".join(
                f"<li><strong>{_e(who)}</strong>：{_e(problem.summary)}</li>"
                for who, problem in group.entries
            )
            parts.append(f"<h4>{_e(term(group.area, lang))}</h4><ul>{items}</ul>")
    else:
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
        parts.append("<ol>")
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
        parts.append("</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(briefing: Briefing, lang: str = "zh", chart_png: bytes | None = None) -> str:
    lab = labels(lang)
    html_lang = "en" if lang == "en" else "zh-CN"
    body = [f"<h1>{_e(lab['title'])}</h1>", _facts(bt.header_facts(briefing, lang))]
    body.append(f'<p class="note">{_e(lab["legend"])}</p>')
    if briefing.multi:
        body.append(_across(briefing, lang, chart_png))
    body += [_report(report, lang) for report in briefing.reports]
    body.append(_flags(briefing, lang))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(lab['title'])}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
