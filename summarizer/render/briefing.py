"""Write a briefing of one or many ReportSummaries as Markdown, HTML or DOCX (and CSV).

The format follows the output's suffix. Every file is written atomically (`summarizer.files`: a
temporary file in the same folder, then a rename, mode 0644 under the usual umask), so an
interrupted run never leaves half a briefing behind where the last good one stood.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from summarizer.errors import ConfigError, OutputError
from summarizer.files import check_output_path, write_atomically
from summarizer.models import ReportSummary, format_decimal
from summarizer.render import brief_text as bt
from summarizer.render.brief_labels import LANGS, labels, span_label
from summarizer.render.brief_model import Briefing, build_briefing

FORMATS: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}

CSV_COLUMNS: tuple[str, ...] = (
    "metric_id",
    "metric",
    "period_kind",
    "rank",
    "report",
    "issuer",
    "period",
    "value",
    "unit",
    "growth",
    "growth_unit",
    "status",
    "printed_name",
    "item_id",
)


def output_format(path: Path) -> str:
    """The briefing format the output's suffix names; a one-line error for anything else (a
    folder, no suffix, a suffix no briefing is written in)."""
    check_output_path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        what = f"suffix {path.suffix!r}" if path.suffix else "no suffix"
        raise OutputError(
            path, f"cannot write a briefing with {what}; name the file .md, .html or .docx"
        )
    return fmt


def chart_path_for(markdown_path: Path) -> Path:
    """Where the chart PNG of a Markdown briefing goes: next to it, named after it."""
    return markdown_path.with_name(f"{markdown_path.stem}.chart.png")


def comparison_csv(briefing: Briefing, lang: str = "zh") -> str:
    """The comparison table, one row per report and metric (same order as the documents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group, cell, _ in bt.comparison_rows(briefing, lang):
        report = briefing.report(cell.report_key)
        writer.writerow(
            [
                group.metric.id,
                group.metric.name(lang),
                group.span or "",
                "" if cell.rank is None else cell.rank,
                report.key,
                report.issuer or "",
                report.period or span_label(report.span, lang),
                "" if cell.value is None else format_decimal(cell.value),
                group.unit or "" if cell.value is not None else "",
                "" if cell.growth is None else format_decimal(cell.growth),
                cell.growth_unit or "" if cell.growth is not None else "",
                cell.figure.status,
                cell.figure.name,
                cell.figure.item_id,
            ]
        )
    return buffer.getvalue()


def write_briefing(
    summaries: Sequence[ReportSummary],
    out_path: Path | str,
    *,
    lang: str = "zh",
    csv_path: Path | str | None = None,
    now: datetime | None = None,
) -> list[Path]:
    """Write the briefing (format from the suffix); returns every file written."""
    out = Path(out_path)
    fmt = output_format(out)
    if lang not in LANGS:
        raise ConfigError(f"unknown briefing language {lang!r}; use zh or en")
    if not summaries:
        raise ConfigError("nothing to brief: no report was summarised")
    briefing = build_briefing(summaries, now=now)
    chart_png = None
    if briefing.multi:
        # Imported here: matplotlib costs a noticeable start-up and one report needs no chart.
        from summarizer.render.chart import render_chart

        chart_png = render_chart(briefing, lang)
    written: list[Path] = []
    if fmt == "md":
        from summarizer.render.brief_md import render_markdown

        chart_name = None
        if chart_png is not None:
            chart_file = chart_path_for(out)
            write_atomically(chart_file, chart_png)
            written.append(chart_file)
            chart_name = chart_file.name
        write_atomically(out, render_markdown(briefing, lang, chart_name).encode("utf-8"))
    elif fmt == "html":
        from summarizer.render.brief_html import render_html

        write_atomically(out, render_html(briefing, lang, chart_png).encode("utf-8"))
    else:
        from summarizer.render.brief_docx import render_docx

        write_atomically(out, render_docx(briefing, lang, chart_png))
    written.insert(0, out)
    if csv_path is not None:
        csv_file = Path(csv_path)
        # With a BOM so that Excel, the usual reader of such a table, opens Chinese correctly.
        write_atomically(csv_file, comparison_csv(briefing, lang).encode("utf-8-sig"))
        written.append(csv_file)
    return written


__all__ = ["CSV_COLUMNS", "comparison_csv", "labels", "output_format", "write_briefing"]
