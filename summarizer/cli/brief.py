"""`summarizer brief PATH... -o OUT`: one briefing document (Markdown, HTML or DOCX) across
reports. Wiring only: settings → pipeline (cached results are reused) → briefing writer."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from summarizer.cli import Command, app
from summarizer.cli.options import RunOptions, run_options, steps_shown
from summarizer.errors import EXIT_INTERRUPTED, EXIT_PARTIAL
from summarizer.files import check_output_path
from summarizer.models import ReportSummary
from summarizer.pipeline import ReportOutcome, expand_paths, stream_files
from summarizer.render.briefing import BriefingBuilder, output_format, write_briefing


@app.command("brief", cls=Command)
@run_options
def brief_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="report files, folders or globs (.txt .md .html .htm .docx)",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="the briefing; its suffix chooses the format: .md, .html or .docx",
            show_default=False,
        ),
    ],
    csv: Annotated[
        Path | None,
        typer.Option("--csv", metavar="FILE", help="also write the comparison table as CSV"),
    ] = None,
    *,
    run: RunOptions,
) -> None:
    """Write one briefing (.md, .html or .docx) across reports.

    Headline figures with their check status, achievements by category, targets, problems,
    and a comparison table and chart of what several reports share. Reports not in the cache
    are summarised first, with the same options as `summarize`.
    """
    # Fail on a bad output name before any report is read.
    output_format(output)
    if csv is not None:
        check_output_path(csv)
    files = expand_paths(paths)
    settings = run.settings()
    err = Console(stderr=True, highlight=False)
    run.announce(settings, err)
    # Each summary is reduced to what the briefing shows as it arrives and then dropped:
    # memory follows the briefing, not the summaries (hundreds of reports).
    builder = BriefingBuilder()
    seen: dict[str, str | None] = {}
    errors: list[str] = []

    def on_outcome(outcome: ReportOutcome) -> None:
        if outcome.summary is None:
            errors.append(outcome.error or f"{outcome.path}: failed")
            return
        original = seen.setdefault(text_digest(outcome.summary), outcome.summary.report.path)
        if original != outcome.summary.report.path:
            err.print(
                f"skipped {outcome.summary.report.path}: same text as {original}",
                markup=False,
                style="yellow",
                soft_wrap=True,
            )
            return
        builder.add(outcome.summary)

    try:
        with steps_shown(run.verbose, err):
            stream_files(files, settings, on_outcome, progress=not run.quiet, console=err)
    except KeyboardInterrupt:
        err.print(f"interrupted; {output} not written", markup=False, style="yellow")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    for error in errors:
        err.print(f"error: {error}", markup=False, style="red", soft_wrap=True)
    if not builder.reports:
        err.print(
            "error: nothing to brief: no report could be summarised",
            markup=False,
            style="red",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_PARTIAL)
    for path in write_briefing(builder, output, lang=settings.lang, csv_path=csv):
        err.print(f"wrote {path}", markup=False, style="dim", soft_wrap=True)
    if errors:
        raise typer.Exit(EXIT_PARTIAL)


def text_digest(summary: ReportSummary) -> str:
    """A hash of the report's cleaned text (its sections tile it)."""
    digest = hashlib.sha256()
    for section in summary.sections:
        digest.update(section.text.encode("utf-8"))
    return digest.hexdigest()
