"""`summarizer summarize PATH...`: verified summaries of reports, as a table, JSON, JSONL or
Markdown. Wiring only: settings → pipeline (streaming) → an output sink."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from summarizer.cli import Command, app
from summarizer.cli.options import RunOptions, format_for, run_options, steps_shown
from summarizer.cli.sinks import Sink, open_sink
from summarizer.errors import EXIT_INTERRUPTED, EXIT_PARTIAL
from summarizer.models import Usage
from summarizer.pipeline import ReportOutcome, expand_paths, stream_files


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    md = "md"


# The format each output suffix names. `.txt` holds the table as plain text.
SUFFIX_FORMATS: dict[str, OutputFormat] = {
    ".json": OutputFormat.json,
    ".jsonl": OutputFormat.jsonl,
    ".ndjson": OutputFormat.jsonl,
    ".md": OutputFormat.md,
    ".markdown": OutputFormat.md,
    ".txt": OutputFormat.table,
    ".text": OutputFormat.table,
}
# Suffixes of formats this command never writes, whatever -f says (briefings: `brief`).
_FOREIGN_SUFFIXES = frozenset(
    {".docx", ".doc", ".html", ".htm", ".pdf", ".csv", ".xlsx", ".xls", ".png", ".odt", ".rtf"}
)
_SUFFIX_HINT = "name the file .json, .jsonl, .md or .txt"


def choose_format(output: Path | None, given: OutputFormat | None) -> OutputFormat:
    """The output format: -f, else the suffix of -o, else the table. A suffix that names
    another format than -f, or one this command cannot write, is a one-line error."""
    return format_for(output, given, OutputFormat.table, SUFFIX_FORMATS, _SUFFIX_HINT, _foreign)


def _foreign(suffix: str) -> str | None:
    if suffix not in _FOREIGN_SUFFIXES:
        return None
    briefing = " (.docx, .html and .md briefings: summarizer brief)"
    return f"summarize cannot write {suffix} files; {_SUFFIX_HINT}{briefing}"


@dataclass(slots=True)
class Tally:
    """What the run did, counted as outcomes stream past (the summaries themselves are gone)."""

    reports: int = 0
    ok: int = 0
    sections: int = 0
    failed_sections: int = 0
    usage: Usage = field(default_factory=Usage)
    errors: list[str] = field(default_factory=list)
    section_errors: list[str] = field(default_factory=list)

    def add(self, outcome: ReportOutcome) -> None:
        self.reports += 1
        summary = outcome.summary
        if summary is None:
            self.errors.append(outcome.error or f"{outcome.path}: failed")
            return
        self.ok += 1
        self.usage = self.usage.add(summary.usage)
        self.sections += len(summary.sections)
        for section in summary.sections:
            if section.status == "failed":
                self.failed_sections += 1
                # Kept only while no real reason is known: one is enough for the summary line.
                if section.error and (
                    not self.section_errors or self.section_errors[0].startswith("not sent:")
                ):
                    self.section_errors.insert(0, section.error)

    def totals(self) -> str:
        usage = self.usage
        cost = f", cost {usage.cost:.4f}" if usage.cost is not None else ""
        return (
            f"{self.ok}/{self.reports} reports, {self.sections} sections, "
            f"{usage.cache_hits} from cache, {usage.requests} requests, "
            f"{usage.prompt_tokens} prompt + {usage.completion_tokens} completion tokens{cost}"
        )

    def finish(self, err: Console, output: Path | None, *, totals: bool) -> None:
        """The end of a run on stderr: the file written, each report that failed, the totals
        (`totals`: an LLM run, or -v), the failed sections with the first reason; exit 1 when
        anything failed."""
        if output is not None:
            err.print(f"wrote {output}", markup=False, style="dim", soft_wrap=True)
        for error in self.errors:
            err.print(f"error: {error}", markup=False, style="red", soft_wrap=True)
        if totals:
            err.print(self.totals(), markup=False, style="dim", soft_wrap=True)
        if self.failed_sections:
            # The reason, not only the count: "cannot connect to …" is what the user acts on.
            first = self.section_errors[0] if self.section_errors else None
            err.print(
                f"{self.failed_sections} section(s) failed after retries; their reports are "
                "incomplete" + (f" (first error: {first})" if first else ""),
                markup=False,
                style="yellow",
                soft_wrap=True,
            )
        if self.failed_sections or self.errors:
            raise typer.Exit(EXIT_PARTIAL)


@app.command("summarize", cls=Command)
@run_options
def summarize_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="report files, folders or globs (.txt .md .html .htm .docx .pdf)",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table, json, jsonl or md (default: from the suffix of -o, else table)",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="write to FILE; its suffix chooses the format: .json .jsonl .md .txt",
        ),
    ] = None,
    *,
    run: RunOptions,
) -> None:
    """Summarise reports; every figure checked against the source.

    Achievements (with their figures), targets and problems of each report. JSONL is written
    one line per report as each finishes (in input order); Ctrl-C keeps what finished.
    """
    fmt = choose_format(output, output_format)
    files = expand_paths(paths)
    settings = run.settings()
    err = Console(stderr=True, highlight=False)
    run.announce(settings, err)
    tally = Tally()
    sink = open_sink(fmt.value, output, total=len(files), settings=settings)

    def on_outcome(outcome: ReportOutcome) -> None:
        if outcome.duplicate_of is not None:
            # The same report given twice: summarised once, the copy named, not output again.
            note = f"skipped {outcome.path}: same text as {outcome.duplicate_of}"
            err.print(note, markup=False, style="yellow", soft_wrap=True)
            return
        tally.add(outcome)
        sink.add(outcome)

    try:
        with sink:
            with steps_shown(run.verbose, err):
                stream_files(files, settings, on_outcome, progress=not run.quiet, console=err)
            sink.finish()
    except KeyboardInterrupt:
        cached = settings.provider == "llm" and not settings.no_cache
        line = _interrupted(sink, tally, len(files), cached)
        err.print(line, markup=False, style="yellow", soft_wrap=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None

    tally.finish(err, output, totals=settings.provider == "llm" or run.verbose)


def _interrupted(sink: Sink, tally: Tally, total: int, cached: bool) -> str:
    """What Ctrl-C left behind, in one line."""
    resume = "; finished sections are cached, run again to resume" if cached else ""
    if sink.path is None:
        return f"interrupted after {tally.reports} of {total} reports{resume}"
    if sink.keeps_partial and sink.written:
        return f"interrupted: kept {sink.written} of {total} reports in {sink.path}{resume}"
    if sink.keeps_partial:
        return f"interrupted before any report finished; {sink.path} not written{resume}"
    return (
        f"interrupted: {sink.path} not written (it is written whole or not at all; "
        f"-f jsonl keeps each report as it finishes){resume}"
    )
