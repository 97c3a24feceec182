"""`summarizer track PATH...`: each target against the outcome a later report of the same issuer
gives, as a table, JSON, JSONL or CSV. Wiring only: settings → pipeline (streaming; each
report reduced to its track record as it finishes) → track → an output file or stdout."""

from __future__ import annotations

import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from summarizer.cli import Command, app
from summarizer.cli.options import RunOptions, format_for, run_options, steps_shown
from summarizer.cli.summarize import Tally
from summarizer.errors import EXIT_INTERRUPTED
from summarizer.files import AtomicFile
from summarizer.pipeline import ReportOutcome, expand_paths, stream_files
from summarizer.render.track_out import (
    render_track_table,
    row_jsonl,
    rows_csv,
    rows_json,
)
from summarizer.track import TrackRecord, record_of, track
from summarizer.track_rows import TrackRow


class TrackFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


SUFFIX_FORMATS: dict[str, TrackFormat] = {
    ".json": TrackFormat.json,
    ".jsonl": TrackFormat.jsonl,
    ".ndjson": TrackFormat.jsonl,
    ".csv": TrackFormat.csv,
    ".txt": TrackFormat.table,
    ".text": TrackFormat.table,
}
_HINT = "name the file .json, .jsonl, .csv or .txt"
# Width of the table when written to a file.
FILE_TABLE_WIDTH = 120


def choose_format(output: Path | None, given: TrackFormat | None) -> TrackFormat:
    """-f, else the suffix of -o, else the table; a suffix that disagrees with -f, or one this
    command cannot write, is a one-line error before any report is read."""
    return format_for(output, given, TrackFormat.table, SUFFIX_FORMATS, _HINT)


def _text(rows: list[TrackRow], fmt: TrackFormat, lang: str, *, to_file: bool) -> str:
    if fmt is TrackFormat.json:
        return rows_json(rows)
    if fmt is TrackFormat.jsonl:
        return "".join(row_jsonl(row) + "\n" for row in rows)
    if fmt is TrackFormat.csv:
        return rows_csv(rows)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=FILE_TABLE_WIDTH if to_file else None,
        no_color=to_file,
        highlight=False,
    )
    render_track_table(rows, console, lang)
    return buffer.getvalue()


@app.command("track", cls=Command)
@run_options
def track_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="report files, folders or globs of one or more issuers, several years",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        TrackFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table, json, jsonl or csv (default: from the suffix of -o, else table)",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="write to FILE; its suffix chooses the format: .json .jsonl .csv .txt",
        ),
    ] = None,
    *,
    run: RunOptions,
) -> None:
    """Each target against the outcome a later report gives.

    Did each place do what it said it would? For every target of a period (2003年 地区生产总值增长9%左右), the outcome of the same metric
    and period in a later report of the same issuer, with the status (met, missed, no outcome
    reported, not comparable), the rule that decided it and both quotes.
    """
    fmt = choose_format(output, output_format)
    files = expand_paths(paths)
    settings = run.settings()
    err = Console(stderr=True, highlight=False)
    run.announce(settings, err)
    tally = Tally()
    records: list[TrackRecord] = []
    # Opened now, so an output that cannot be written fails before any report is read.
    sink = AtomicFile(output) if output is not None else None

    def on_outcome(outcome: ReportOutcome) -> None:
        if outcome.duplicate_of is not None:
            note = f"skipped {outcome.path}: same text as {outcome.duplicate_of}"
            err.print(note, markup=False, style="yellow", soft_wrap=True)
            return
        tally.add(outcome)
        if outcome.summary is not None:
            # The summary is dropped here: tracking keeps only each report's record.
            records.append(record_of(outcome.summary))

    try:
        try:
            with steps_shown(run.verbose, err):
                stream_files(files, settings, on_outcome, progress=not run.quiet, console=err)
            rows = track(records)
            text = _text(rows, fmt, settings.lang, to_file=sink is not None)
            if sink is None:
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                if fmt is TrackFormat.csv:
                    # With a BOM, so Excel (the usual reader of such a table) opens Chinese text.
                    text = "\ufeff" + text
                sink.write(text)
                sink.commit()
        finally:
            if sink is not None and not sink.committed:
                sink.discard()
    except KeyboardInterrupt:
        where = f"; {output} not written" if output is not None else ""
        err.print(
            f"interrupted after {tally.reports} of {len(files)} reports{where}",
            markup=False,
            style="yellow",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None

    tally.finish(err, output, totals=settings.provider == "llm" or run.verbose)
