"""`summarizer brief PATH... -o OUT`: one briefing document (Markdown, HTML or DOCX) across
reports. Wiring only: settings → pipeline (cached results are reused) → briefing writer."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from summarizer.cli import app
from summarizer.cli.summarize import Lang, ProviderChoice
from summarizer.config import load_settings, provider_notice
from summarizer.errors import ConfigError, InputError
from summarizer.models import ReportSummary
from summarizer.pipeline import summarize_paths
from summarizer.render.briefing import output_format, write_briefing


@app.command("brief")
def brief_command(
    paths: Annotated[
        list[str], typer.Argument(help="report files, folders or globs (.txt .md .html .docx)")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="briefing file: .md, .html or .docx")
    ],
    csv: Annotated[
        Path | None, typer.Option("--csv", help="also write the comparison table as CSV")
    ] = None,
    lang: Annotated[Lang, typer.Option(help="language of the labels")] = Lang.zh,
    provider: Annotated[
        ProviderChoice | None,
        typer.Option(help="rules (offline default) or llm, for reports not yet summarised"),
    ] = None,
    model: Annotated[str | None, typer.Option(help="model name at the endpoint")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint")] = None,
    cache: Annotated[Path | None, typer.Option(help="cache database path")] = None,
    config: Annotated[Path | None, typer.Option(help="TOML config file")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Write a briefing across reports: headline figures with their check status, achievements
    by category, targets, problems, a comparison table and chart of what several reports share.
    Reports not in the cache are summarised first with the configured provider."""
    # Fail on a bad output name before any report is read.
    output_format(output)
    if output.is_dir():
        raise InputError(output, "output path is a folder; name a file")
    settings = load_settings(
        {
            "provider": provider.value if provider else None,
            "model": model,
            "base_url": base_url,
            "cache_path": str(cache) if cache else None,
            "config": str(config) if config else None,
            "lang": lang.value,
        }
    )
    err = Console(stderr=True, highlight=False)
    notice = provider_notice(settings)
    if notice:
        err.print(notice, markup=False, style="dim", soft_wrap=True)
    outcomes = summarize_paths(paths, settings, progress=not quiet, console=err)
    for outcome in outcomes:
        if outcome.error:
            err.print(f"error: {outcome.error}", markup=False, style="red", soft_wrap=True)
    summaries = [o.summary for o in outcomes if o.summary is not None]
    failed = len(outcomes) - len(summaries)
    summaries, duplicates = distinct_reports(summaries)
    for duplicate, original in duplicates:
        err.print(
            f"skipped {duplicate}: same text as {original}",
            markup=False,
            style="yellow",
            soft_wrap=True,
        )
    if not summaries:
        raise ConfigError("nothing to brief: no report could be summarised")
    for path in write_briefing(summaries, output, lang=lang.value, csv_path=csv):
        err.print(f"wrote {path}", markup=False, style="dim", soft_wrap=True)
    if failed:
        raise typer.Exit(1)


def distinct_reports(
    summaries: Sequence[ReportSummary],
) -> tuple[list[ReportSummary], list[tuple[str | None, str | None]]]:
    """Drop reports whose cleaned text repeats an earlier one (a GB18030 copy beside the UTF-8
    file, the HTML page beside its text): a briefing would otherwise compare a report with
    itself. Returns the kept summaries and (skipped path, path it repeats)."""
    seen: dict[str, str | None] = {}
    kept: list[ReportSummary] = []
    skipped: list[tuple[str | None, str | None]] = []
    for summary in summaries:
        digest = hashlib.sha256()
        for section in summary.sections:
            digest.update(section.text.encode("utf-8"))
        key = digest.hexdigest()
        if key in seen:
            skipped.append((summary.report.path, seen[key]))
            continue
        seen[key] = summary.report.path
        kept.append(summary)
    return kept, skipped
