"""Write a briefing of one or many ReportSummaries as Markdown, HTML or DOCX (and CSV).

The format follows the output's suffix. Every file is written atomically (`summarizer.files`: a
temporary file in the same folder, then a rename, mode 0644 under the usual umask), so an
interrupted run never leaves half a briefing behind where the last good one stood.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from summarizer.errors import ConfigError, OutputError
from summarizer.files import check_output_path, write_atomically
from summarizer.models import ReportSummary, format_decimal
from summarizer.render.brief_build import BriefingBuilder
from summarizer.render.brief_labels import LANGS, labels
from summarizer.render.brief_model import Briefing

FORMATS: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}

# The comparison table: one row per figure; `rank` runs within one (metric_id, period, scope)
# over achievements, and targets (item_kind target) stand beside them unranked.
CSV_COLUMNS: tuple[str, ...] = (
    "metric_id",
    "metric",
    "period",
    "rank",
    "report",
    "issuer",
    "value",
    "unit",
    "status",
    "item_kind",
    "scope",
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
    """The comparison table, one row per figure (same order as the documents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in briefing.comparison:
        for cell in group.cells:
            writer.writerow(
                [
                    group.metric_id,
                    group.name(lang),
                    group.period.label,
                    "" if cell.rank is None else cell.rank,
                    cell.report,
                    cell.issuer or "",
                    format_decimal(cell.value),
                    group.unit or "",
                    cell.status,
                    cell.item_kind,
                    group.scope or "",
                    cell.printed_name,
                    cell.item_id or "",
                ]
            )
    return buffer.getvalue()


def write_briefing(
    summaries: Iterable[ReportSummary] | BriefingBuilder,
    out_path: Path | str,
    *,
    lang: str = "zh",
    csv_path: Path | str | None = None,
    now: datetime | None = None,
) -> list[Path]:
    """Write the briefing (format from the suffix); returns every file written. `summaries`
    may be a builder already fed one summary at a time (`summarizer brief` streams them)."""
    out = Path(out_path)
    fmt = output_format(out)
    if lang not in LANGS:
        raise ConfigError(f"unknown briefing language {lang!r}; use zh or en")
    builder = summaries if isinstance(summaries, BriefingBuilder) else None
    if builder is None:
        builder = BriefingBuilder()
        for summary in summaries:  # type: ignore[union-attr]
            builder.add(summary)
    if not builder.reports:
        raise ConfigError("nothing to brief: no report was summarised")
    briefing = builder.build(now=now)
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


__all__ = [
    "CSV_COLUMNS",
    "BriefingBuilder",
    "comparison_csv",
    "labels",
    "output_format",
    "write_briefing",
]
