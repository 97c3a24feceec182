"""Progress on stderr while reports are summarised: a rich bar on a terminal (reports, sections,
cache hits, tokens, tokens arriving from a streaming model), one line per finished report in a
pipe or a log."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from summarizer.models import Usage

if TYPE_CHECKING:
    from summarizer.pipeline import ReportOutcome


class Meter:
    """Progress on stderr: on a terminal a rich bar (reports, sections, cache hits, tokens);
    in a pipe or a log file, one line per finished report of a run of several."""

    def __init__(self, console: Console, enabled: bool) -> None:
        self.hits = 0
        self.tokens = 0
        self.failed = 0
        # Tokens streamed so far, and when the first came: a slow model shows it is writing.
        self.streamed = 0
        self._stream_began: float | None = None
        self.finished = 0
        self.total = 0
        self._console = console
        self._lines = enabled and not console.is_terminal
        self._progress: Progress | None = None
        self._reports: TaskID | None = None
        self._sections: TaskID | None = None
        if enabled and console.is_terminal:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[note]}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )

    def __enter__(self) -> Meter:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def begin(self, reports: int) -> None:
        self.total = reports
        # One report needs no running count: its result is the next thing printed.
        self._lines = self._lines and reports > 1
        if self._progress is not None:
            self._reports = self._progress.add_task("reports ", total=reports, note="")
            self._sections = self._progress.add_task("sections", total=0, note="")

    def add_sections(self, n: int) -> None:
        if self._progress is not None and self._sections is not None:
            task = self._progress.tasks[self._sections]
            self._progress.update(self._sections, total=(task.total or 0) + n)

    def section_done(self, *, cached: bool, usage: Usage | None, failed: bool) -> None:
        self.hits += int(cached)
        self.failed += int(failed)
        if usage is not None and not cached:
            self.tokens += usage.prompt_tokens + usage.completion_tokens
        if self._progress is not None and self._sections is not None:
            self._progress.update(self._sections, advance=1, note=self._note())

    def tokens_arrived(self, n: int) -> None:
        now = time.monotonic()
        if self._stream_began is None:
            self._stream_began = now
        self.streamed += n
        if self._progress is not None and self._sections is not None:
            self._progress.update(self._sections, note=self._note(now))

    def _note(self, now: float | None = None) -> str:
        note = f"cache hits {self.hits} · tokens {self.tokens:,}"
        if self.streamed and self._stream_began is not None:
            elapsed = (now or time.monotonic()) - self._stream_began
            rate = f" ({self.streamed / elapsed:.1f}/s)" if elapsed >= 1 else ""
            note += f" · received {self.streamed:,}{rate}"
        if self.failed:
            note += f" · failed {self.failed}"
        return note

    def report_done(self, outcome: ReportOutcome) -> None:
        self.finished += 1
        if self._progress is not None and self._reports is not None:
            self._progress.update(self._reports, advance=1)
        if self._lines:
            self._console.print(
                f"[{self.finished}/{self.total}] {outcome.path}: {progress_note(outcome)}",
                markup=False,
                highlight=False,
                soft_wrap=True,
                style="dim",
            )


def progress_note(outcome: ReportOutcome) -> str:
    """`59 achievements · 2 targets · 0 problems · 74 figures, 2 flagged` or `failed: …`."""
    summary = outcome.summary
    if summary is None:
        return f"failed: {outcome.error}"
    figures = [c for c in summary.checks if c.field != "evidence"]
    flagged = sum(1 for c in figures if c.is_flag and c.review is None)
    failed = sum(1 for s in summary.sections if s.status == "failed")
    note = (
        f"{len(summary.achievements)} achievements · {len(summary.targets)} targets · "
        f"{len(summary.problems)} problems · {len(figures)} figures, {flagged} flagged"
    )
    return note + (f" · {failed} sections failed" if failed else "")
