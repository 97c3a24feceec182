"""Where `summarize` puts each report as it finishes: stdout or a file, in one of four formats.

Every sink takes outcomes one at a time, in input order, and keeps none of them:
- jsonl: one line per report, written and flushed at once; to a file through `LineFile`, so an
  interrupted or failed run keeps every finished report and never half a line;
- json: one object for one report, else an array streamed element by element;
- md, table: each report rendered when it arrives.
Files other than JSONL go through `AtomicFile`: written whole (renamed into place at the end)
or not at all.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from rich.console import Console

from summarizer.config import Settings
from summarizer.files import AtomicFile, LineFile
from summarizer.models import ReportMeta, ReportSummary
from summarizer.pipeline import ReportOutcome

# Width of the table when written to a file: wide enough that Chinese sentences rarely wrap.
FILE_TABLE_WIDTH = 120


def outcome_json(outcome: ReportOutcome, settings: Settings) -> dict[str, Any]:
    """A ReportSummary as JSON; a report that failed is a summary with only `error` filled."""
    summary = outcome.summary
    if summary is None:
        summary = ReportSummary(
            report=ReportMeta(path=str(outcome.path)),
            provider=settings.provider,
            model=settings.effective_model if settings.provider == "llm" else None,
            error=outcome.error,
        )
    # Through pydantic's JSON encoder: a non-finite float (a model answering 1e309) becomes
    # null there, where model_dump + json.dumps would write Infinity, which is not JSON.
    data: dict[str, Any] = json.loads(summary.model_dump_json())
    if not data["report"].get("path"):
        data["report"]["path"] = str(outcome.path)
    return data


def outcome_markdown(outcome: ReportOutcome) -> str:
    from summarizer.render.terminal import _md, summary_markdown

    if outcome.summary is not None:
        return summary_markdown(outcome.summary).rstrip("\n")
    # A file name is report-supplied text too: `<img onerror=…>.txt` stays inert.
    return f"# {_md(str(outcome.path))}\n\n> 无法处理：{_md(outcome.error or '')}"


class _Text(Protocol):
    def write(self, data: str) -> None: ...


class _Stdout:
    """Standard output, flushed after every piece so a reader downstream sees each report."""

    def write(self, data: str) -> None:
        sys.stdout.write(data)
        sys.stdout.flush()


class Sink:
    """Base: counts what was written; `finish()` completes the output, leaving the `with`
    block without it (an error, Ctrl-C) abandons what is not kept."""

    # Whether an interrupted run leaves the reports written so far in `path`.
    keeps_partial = False

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.written = 0

    def add(self, outcome: ReportOutcome) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Called once after the last report."""

    def close(self) -> None:
        """Called always, last."""

    def __enter__(self) -> Sink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class JsonlSink(Sink):
    keeps_partial = True

    def __init__(self, path: Path | None, settings: Settings) -> None:
        super().__init__(path)
        self.settings = settings
        self._file = LineFile(path) if path is not None else None

    def add(self, outcome: ReportOutcome) -> None:
        # `path` first, so `jq .path` / `cut` need not dig into `report`.
        line = json.dumps(
            {"path": str(outcome.path), **outcome_json(outcome, self.settings)},
            ensure_ascii=False,
        )
        if self._file is not None:
            self._file.write_line(line)
        else:
            _Stdout().write(line + "\n")
        self.written += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class _TextSink(Sink):
    """JSON, Markdown or the table as text: streamed to stdout, or into an AtomicFile that is
    renamed into place by `finish()`."""

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        self._file = AtomicFile(path) if path is not None else None
        self._out: _Text = self._file if self._file is not None else _Stdout()

    def write(self, data: str) -> None:
        self._out.write(data)

    def finish(self) -> None:
        self.end()
        if self._file is not None:
            self._file.commit()

    def end(self) -> None:
        """The closing text after the last report."""

    def close(self) -> None:
        if self._file is not None and not self._file.committed:
            self._file.discard()


class JsonSink(_TextSink):
    """One report: the object. Several: an array, the same text `json.dumps(list, indent=2)`
    gives, written element by element."""

    def __init__(self, path: Path | None, settings: Settings, total: int) -> None:
        super().__init__(path)
        self.settings = settings
        self.single = total == 1

    def add(self, outcome: ReportOutcome) -> None:
        text = json.dumps(outcome_json(outcome, self.settings), ensure_ascii=False, indent=2)
        if self.single:
            self.write(text + "\n")
        else:
            lead = "[\n" if self.written == 0 else ",\n"
            self.write(lead + "\n".join("  " + line for line in text.split("\n")))
        self.written += 1

    def end(self) -> None:
        if not self.single:
            self.write("\n]\n" if self.written else "[]\n")


class MarkdownSink(_TextSink):
    def add(self, outcome: ReportOutcome) -> None:
        self.write(("\n\n---\n\n" if self.written else "") + outcome_markdown(outcome))
        self.written += 1

    def end(self) -> None:
        self.write("\n")


class TableSink(_TextSink):
    """The rich view: in colour on a terminal, plain text at a fixed width in a file."""

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        self.console = Console(highlight=False) if path is None else None

    def add(self, outcome: ReportOutcome) -> None:
        from summarizer.render.terminal import render_summary

        self.written += 1
        if outcome.summary is None:
            return  # named on stderr at the end, with every other error
        if self.console is not None:
            render_summary(outcome.summary, self.console)
            return
        buffer = io.StringIO()
        console = Console(file=buffer, width=FILE_TABLE_WIDTH, no_color=True, highlight=False)
        render_summary(outcome.summary, console)
        self.write(buffer.getvalue())


def open_sink(fmt: str, path: Path | None, *, total: int, settings: Settings) -> Sink:
    """The sink for a format; a file sink checks its path at once (before any work)."""
    if fmt == "jsonl":
        return JsonlSink(path, settings)
    if fmt == "json":
        return JsonSink(path, settings, total)
    if fmt == "md":
        return MarkdownSink(path)
    return TableSink(path)
