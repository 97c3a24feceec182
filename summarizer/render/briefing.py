"""Write a briefing of one or many ReportSummaries as Markdown, HTML or DOCX (and CSV).

The format follows the output's suffix. Every file is written atomically (a temporary file in
the same folder, then a rename), so an interrupted run never leaves half a briefing behind
where the last good one stood.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from summarizer.errors import ConfigError
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
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ConfigError(
            f"{path}: unknown briefing format {path.suffix or '(no suffix)'!r}; use .md, .html or .docx"
        )
    return fmt


def chart_path_for(markdown_path: Path) -> Path:
    """Where the chart PNG of a Markdown briefing goes: next to it, named after it."""
    return markdown_path.with_name(f"{markdown_path.stem}.chart.png")


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write here ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise ConfigError(f"{path}: cannot write here ({exc.strerror or exc})") from exc
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


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
            atomic_write(chart_file, chart_png)
            written.append(chart_file)
            chart_name = chart_file.name
        atomic_write(out, render_markdown(briefing, lang, chart_name).encode("utf-8"))
    elif fmt == "html":
        from summarizer.render.brief_html import render_html

        atomic_write(out, render_html(briefing, lang, chart_png).encode("utf-8"))
    else:
        from summarizer.render.brief_docx import render_docx

        atomic_write(out, render_docx(briefing, lang, chart_png))
    written.insert(0, out)
    if csv_path is not None:
        csv_file = Path(csv_path)
        # With a BOM so that Excel, the usual reader of such a table, opens Chinese correctly.
        atomic_write(csv_file, comparison_csv(briefing, lang).encode("utf-8-sig"))
        written.append(csv_file)
    return written


__all__ = ["CSV_COLUMNS", "atomic_write", "comparison_csv", "labels", "write_briefing"]
