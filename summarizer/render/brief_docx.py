"""Briefing → DOCX (python-docx): real Word headings, tables, the chart, Chinese fonts set.

Word picks the font for Chinese characters from the East-Asian slot (w:eastAsia), not from the
Latin font name; the default template leaves it to the theme, which on many machines has no
Chinese face. Every style used here gets an explicit East-Asian font so Word shows Chinese.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import partial
from typing import Any

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from summarizer.labels import track_word
from summarizer.render import brief_text as bt
from summarizer.render.brief_labels import labels, term
from summarizer.render.brief_model import Briefing, Figure, ReportBrief
from summarizer.render.track_out import counts_line

EAST_ASIAN_FONT = "Microsoft YaHei"
LATIN_FONT = "Calibri"
_STATUS_COLOUR = {
    "verified": RGBColor(0x1A, 0x7F, 0x37),
    "accepted": RGBColor(0x1A, 0x7F, 0x37),
    "corrected": RGBColor(0x82, 0x50, 0xDF),
    "flagged": RGBColor(0xCF, 0x22, 0x2E),
    "unchecked": RGBColor(0x57, 0x60, 0x6A),
}
_FLAG_SHADE = "FFF1F0"
_HEADER_SHADE = "F1F3F6"


def _east_asian(rpr: object, family: str) -> None:
    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), family)
    # A theme font attribute would override the explicit name.
    for attr in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _prepare_styles(document: object) -> None:
    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    _east_asian(normal.element.get_or_add_rPr(), EAST_ASIAN_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Table Grid"):
        try:
            style = styles[name]
        except KeyError:
            continue
        _east_asian(style.element.get_or_add_rPr(), EAST_ASIAN_FONT)


# Ids of the python-docx default template's styles used here. Paragraphs get their style id
# set directly: python-docx's lookup by name scans every style of the document for each
# paragraph, which was most of the time spent writing a five-report briefing.
_STYLE_IDS = {
    "Title": "Title",
    "Heading 1": "Heading1",
    "Heading 2": "Heading2",
    "Heading 3": "Heading3",
    "Heading 4": "Heading4",
    "List Bullet": "ListBullet",
    "List Bullet 2": "ListBullet2",
    "List Number": "ListNumber",
    "Quote": "Quote",
}


_SECTION_PROPERTIES = qn("w:sectPr")


def _paragraph(document: Any, text: str = "", style: str | None = None) -> Any:
    """A paragraph at the end of the body. python-docx's own add_paragraph looks for the
    section properties among all the body's children on every call (quadratic: a briefing of
    130 reports took 95 s); the section properties are the body's last child, so the new
    paragraph goes right before them."""
    body = document.element.body
    p = OxmlElement("w:p")
    # body[-1] is read from the end (body.sectPr, and even len(body), walk every child).
    try:
        last = body[-1]
    except IndexError:
        last = None
    if last is not None and last.tag == _SECTION_PROPERTIES:
        last.addprevious(p)
    else:
        body.append(p)
    paragraph = Paragraph(p, document._body)
    if text:
        paragraph.add_run(text)
    if style is not None:
        p.style = _STYLE_IDS[style]
    return paragraph


def _heading(document: Any, text: str, level: int) -> Any:
    return _paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def _shade(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _text_width(text: str) -> int:
    """Display width: a CJK character is as wide as two Latin ones."""
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in text)


def _column_widths(
    document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> list[Length]:
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    weights = []
    for column, title in enumerate(header):
        widest = max([_text_width(title)] + [_text_width(row[column]) for row in rows])
        weights.append(min(max(widest, 6), 36))
    total = sum(weights)
    return [Length(int(usable * weight / total)) for weight in weights]


def _table(
    document: object,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    statuses: Sequence[str | None] | None = None,
    status_column: int | None = None,
) -> None:
    widths = _column_widths(document, header, rows)
    table = document.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    # Fixed widths from the content: Word and LibreOffice otherwise squeeze the table into
    # equal narrow columns that break every Chinese cell after two characters.
    table.autofit = False
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = width
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        _shade(cell, _HEADER_SHADE)
    for index, row in enumerate(rows):
        status = statuses[index] if statuses else None
        cells = table.add_row().cells
        for column, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.width = widths[column]
            run = cell.paragraphs[0].add_run(text)
            if column == status_column and status in _STATUS_COLOUR:
                run.font.color.rgb = _STATUS_COLOUR[status]
                run.bold = status in {"flagged", "corrected"}
            if status == "flagged":
                _shade(cell, _FLAG_SHADE)
    document.add_paragraph()  # type: ignore[attr-defined]


def _figure_runs(paragraph: object, figure: Figure, lang: str) -> None:
    text = paragraph.add_run(bt.figure_inline(figure, lang) + " ")  # type: ignore[attr-defined]
    text.bold = figure.status == "flagged"
    mark = paragraph.add_run(bt.status_cell(figure, lang))  # type: ignore[attr-defined]
    mark.font.color.rgb = _STATUS_COLOUR[figure.status]
    mark.bold = figure.status in {"flagged", "corrected"}


def _facts(document: object, facts: Sequence[bt.Fact]) -> None:
    for fact in facts:
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        label = paragraph.add_run(f"{fact.label}：")
        label.bold = True
        paragraph.add_run(fact.value)
        paragraph.paragraph_format.space_after = Pt(0)


def _report(document: object, report: ReportBrief, lang: str, top: int = 1) -> None:
    lab = labels(lang)
    add_heading = partial(_heading, document)
    add_paragraph = partial(_paragraph, document)
    add_heading(report.title, level=top)
    _facts(document, bt.report_facts(report, lang))
    if report.error:
        add_paragraph(f"⚠ {report.error}")
    add_heading(lab["headline"], level=top + 1)
    if report.headline:
        _table(
            document,
            bt.headline_header(lang),
            [bt.headline_row(f, lang) for f in report.headline],
            statuses=[f.status for f in report.headline],
            status_column=4,
        )
    else:
        add_paragraph(lab["none"])
    add_heading(lab["achievements"], level=top + 1)
    if not report.achievements:
        add_paragraph(lab["none"])
    for category, entries in report.achievements.items():
        add_heading(term(category, lang), level=top + 2)
        for entry in entries:
            add_paragraph(entry.summary, style="List Bullet")
            for figure in entry.figures:
                paragraph = add_paragraph(style="List Bullet 2")
                _figure_runs(paragraph, figure, lang)
    add_heading(lab["targets"], level=top + 1)
    if not report.targets:
        add_paragraph(lab["none"])
    for target in report.targets:
        paragraph = add_paragraph(style="List Bullet")
        paragraph.add_run(target.summary)
        if target.figure is not None:
            paragraph.add_run("（")
            _figure_runs(paragraph, target.figure, lang)
            paragraph.add_run("）")
        if target.period:
            paragraph.add_run(f" 〔{target.period}〕")
    add_heading(lab["problems"], level=top + 1)
    if not report.problems:
        add_paragraph(lab["none"])
    for problem in report.problems:
        paragraph = add_paragraph(style="List Bullet")
        area = paragraph.add_run(f"〔{term(problem.area_group, lang)}〕")
        area.bold = True
        paragraph.add_run(problem.summary)


def _across(document: object, briefing: Briefing, lang: str, chart_png: bytes | None) -> None:
    lab = labels(lang)
    add_heading = partial(_heading, document)
    add_paragraph = partial(_paragraph, document)
    add_heading(lab["across"], level=1)
    add_heading(lab["comparison"], level=2)
    add_paragraph(lab["comparison_note"])
    for group in briefing.comparison:
        add_heading(bt.group_title(group, lang), level=3)
        rows, statuses = [], []
        for _, cell, row in bt.group_rows(group, lang):
            rows.append(row)
            statuses.append(cell.status)
        _table(document, bt.comparison_header(lang), rows, statuses=statuses, status_column=6)
    if not briefing.comparison:
        add_paragraph(lab["none"])
    if chart_png:
        add_heading(lab["chart"], level=2)
        document.add_picture(io.BytesIO(chart_png), width=Mm(170))  # type: ignore[attr-defined]
    add_heading(lab["recurring"], level=2)
    if not briefing.recurring:
        add_paragraph(lab["none"])
    for recurring in briefing.recurring:
        add_heading(term(recurring.area, lang), level=3)
        for who, problem in recurring.entries:
            paragraph = add_paragraph(style="List Bullet")
            paragraph.add_run(f"{who}：").bold = True
            paragraph.add_run(problem.summary)


def _flags(document: object, briefing: Briefing, lang: str) -> None:
    lab = labels(lang)
    _heading(document, lab["flagged"], 1)
    flags = briefing.flags()
    if not flags:
        _paragraph(document, lab["flagged_none"])
    for flag in flags:
        paragraph = _paragraph(document, style="List Number")
        mark = paragraph.add_run("⚑ ")
        mark.font.color.rgb = _STATUS_COLOUR["flagged"]
        paragraph.add_run(bt.flag_title(flag, briefing, lang))
        before, figure, after = bt.flag_context_parts(flag)
        if before or figure or after:
            quote = _paragraph(document, style="Quote")
            quote.add_run(f"{lab['source']}：…{before}")
            if figure:
                hit = quote.add_run(figure)
                hit.bold = True
                hit.font.highlight_color = WD_COLOR_INDEX.YELLOW
            quote.add_run(f"{after}…")


def _toc(document: Any, lang: str) -> None:
    """A table-of-contents field over the first two heading levels: Word (and LibreOffice)
    fill it in when the document is opened and its fields updated; the navigation pane lists
    the same headings at once."""
    _heading(document, labels(lang)["contents"], 1)
    paragraph = document.add_paragraph()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), 'TOC \\o "1-2" \\h \\z \\u')
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "（更新域以显示目录）" if lang == "zh" else "(update fields to show the contents)"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _overview(document: Any, briefing: Briefing, lang: str) -> None:
    _heading(document, labels(lang)["overview"], 1)
    _table(
        document,
        bt.overview_header(lang),
        [bt.overview_row(report, lang) for report in briefing.reports],
    )


def _track(document: Any, briefing: Briefing, lang: str) -> None:
    lab = labels(lang)
    rows = briefing.track_rows
    _heading(document, track_word("title", lang), 1)
    _paragraph(document, counts_line(rows, lang))
    _paragraph(document, lab["track_note"])
    settled = bt.settled(rows)
    if settled:
        _table(document, bt.track_header(lang), [bt.track_row_cells(r, lang) for r in settled])
    unsettled = bt.unsettled(rows)
    if unsettled:
        _heading(document, lab["track_unsettled"], 2)
        _table(document, bt.track_header(lang), [bt.track_row_cells(r, lang) for r in unsettled])


def render_docx(briefing: Briefing, lang: str = "zh", chart_png: bytes | None = None) -> bytes:
    lab = labels(lang)
    document = Document()
    _prepare_styles(document)
    # A4 with 2 cm margins, the paper Chinese government documents are read on.
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    document.core_properties.title = lab["title"]
    document.core_properties.language = "en-US" if lang == "en" else "zh-CN"
    _heading(document, lab["title"], 0)
    _facts(document, bt.header_facts(briefing, lang))
    document.add_paragraph(lab["legend"])
    if not briefing.multi:
        _report(document, briefing.reports[0], lang)
        _flags(document, briefing, lang)
    else:
        _toc(document, lang)
        _overview(document, briefing, lang)
        if briefing.track_rows:
            _track(document, briefing, lang)
        _across(document, briefing, lang, chart_png)
        _flags(document, briefing, lang)
        _heading(document, lab["details"], 1)
        for report in briefing.reports:
            _report(document, report, lang, top=2)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
