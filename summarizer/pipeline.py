"""Paths → ReportSummaries: expand, load, chunk, extract every section concurrently (cache
first), assemble. Wiring only; each stage does its own job.

Every section of every report goes through one asyncio semaphore of `settings.concurrency`, so
five reports of forty sections keep the endpoint exactly that busy. A section that fails after
its retries is recorded as failed and the rest are kept; a report that cannot be read is an
outcome with an error; results are written to the cache one section at a time, so a crash
mid-run loses only the sections in flight.

Outcomes stream: each is handed to the caller's `on_outcome` in input order as soon as it and
every report before it are finished, and then dropped. Only a window of reports is in flight
(`report_window`), so memory follows the window, not the batch: a run over thousands of
reports holds about as much as one over ten.
"""

from __future__ import annotations

import asyncio
import glob
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from summarizer.assemble import build_summary
from summarizer.cache import Cache, cache_key
from summarizer.config import Settings
from summarizer.document.chunking import chunk
from summarizer.document.ingest import SUFFIXES, load
from summarizer.errors import CacheError, InputError, SummarizerError
from summarizer.models import ChunkResult, Document, ReportSummary, Section, Usage
from summarizer.progress import Meter
from summarizer.providers import Provider, create_provider
from summarizer.providers.base import Extraction, Streaming

# Sections shorter than this (stripped) carry no content worth a request: a stray heading, a
# 【打印本页】 left over. They get an empty result without asking anyone.
MIN_SECTION_CHARS = 12
# Sections that must time out one after another (no success between) before the endpoint is
# taken for hung and the sections not yet asked are failed without asking.
HUNG_AFTER = 3
_GLOB_CHARS = frozenset("*?[")
# Reports in flight at most, whatever `concurrency` says: each holds its text, sections and
# summary until it is handed out.
MAX_REPORT_WINDOW = 64

OutcomeHandler = Callable[["ReportOutcome"], None]


@dataclass(slots=True)
class ReportOutcome:
    """One input report: its summary, or why there is none. Input order is kept."""

    path: Path
    summary: ReportSummary | None = None
    error: str | None = None
    # The same report given twice in one run (a copy, its GB18030 twin, the HTML page of a
    # text file): the later copy names the first. Its sections were extracted once, shared.
    duplicate_of: Path | None = None

    @property
    def ok(self) -> bool:
        return self.summary is not None


# --------------------------------------------------------------------------- paths


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files, folders (recursively, report suffixes only) and globs, in the order given,
    without duplicates. A path that names nothing is an InputError (one line)."""
    out: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)

    for arg in paths:
        text = str(arg)
        path = Path(text).expanduser()
        if path.is_file():
            add(path)
        elif path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                raise InputError(path, "folder holds no report files (.txt .md .html .docx .pdf)")
            for p in found:
                add(p)
        elif _GLOB_CHARS & set(text):
            matches = sorted(
                Path(m)
                for m in glob.glob(str(path), recursive=True)
                if Path(m).is_file() and Path(m).suffix.lower() in SUFFIXES
            )
            if not matches:
                raise InputError(text, "no report files match this pattern")
            for p in matches:
                add(p)
        else:
            raise InputError(path, "no such file or directory")
    return out


# --------------------------------------------------------------------------- the run


@dataclass(slots=True)
class _Run:
    settings: Settings
    provider: Provider
    cache: Cache | None
    meter: Meter
    warn: Callable[[str], None]
    semaphore: asyncio.Semaphore
    identity: dict[str, str] = field(default_factory=dict)
    use_cache: bool = True
    # Tokens a failed section consumed, by (report index, section id): not lost from usage.
    failed_usage: dict[tuple[int, str], Usage] = field(default_factory=dict)
    # Sections with the same key asked once per run (the same report given twice, a GB18030
    # copy beside the UTF-8 one): later ones wait for the first one's answer. An answer is
    # shared while the report that asked is in the window (then the cache serves the rest).
    inflight: dict[str, asyncio.Future[Extraction | None]] = field(default_factory=dict)
    # The inflight keys each report (by index) registered, dropped when it is handed out.
    owned: dict[int, list[str]] = field(default_factory=dict)
    _cache_warned: bool = False
    # Set when a section found the endpoint down (nothing listening, key refused): the
    # sections not yet asked fail at once with this reason instead of each retrying.
    halted: str | None = None
    # Sections in a row that got no reply within the timeout, with no success between them.
    timeouts_in_a_row: int = 0

    def cache_failed(self, exc: CacheError) -> None:
        # The result in hand is kept; the cache is only an optimisation, so stop using it.
        if not self._cache_warned:
            self.warn(f"warning: {exc}; continuing without the cache")
            self._cache_warned = True
        self.use_cache = False


def report_window(settings: Settings) -> int:
    """Reports in flight at once: enough that `concurrency` sections are always waiting to be
    sent while the report at the head of the queue finishes, and no more."""
    return max(4, min(MAX_REPORT_WINDOW, 2 * settings.concurrency))


def summarize_paths(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    progress: bool = True,
    console: Console | None = None,
    provider: Provider | None = None,
) -> list[ReportOutcome]:
    """Summarise every report the paths name; one outcome per report, in input order.

    Holds every summary: for many reports, `stream_paths` hands them out one at a time.
    Raises InputError (before any work) when a path names nothing, and ConfigError when the
    provider cannot be built. Everything that goes wrong after that lands in the outcomes.
    """
    outcomes: list[ReportOutcome] = []
    stream_files(
        expand_paths(paths),
        settings,
        outcomes.append,
        progress=progress,
        console=console,
        provider=provider,
    )
    return outcomes


def stream_files(
    files: Sequence[Path],
    settings: Settings,
    on_outcome: OutcomeHandler,
    *,
    progress: bool = True,
    console: Console | None = None,
    provider: Provider | None = None,
) -> None:
    """Summarise `files` (from `expand_paths`), calling `on_outcome` once per report in input
    order, as soon as that report and all before it are done. Ctrl-C raises KeyboardInterrupt
    here after the reports in flight are cancelled; every outcome handed out before stays
    handed out."""

    async def run() -> None:
        # Nothing is returned through asyncio.run: on exit it (3.11) builds repr() of its main
        # task's result, which for big runs took seconds.
        await astream_files(
            files, settings, on_outcome, progress=progress, console=console, provider=provider
        )

    asyncio.run(run())


async def summarize_files(
    files: Sequence[Path],
    settings: Settings,
    *,
    progress: bool = True,
    console: Console | None = None,
    provider: Provider | None = None,
) -> list[ReportOutcome]:
    """`summarize_paths` for callers that already run an event loop."""
    outcomes: list[ReportOutcome] = []
    await astream_files(
        files, settings, outcomes.append, progress=progress, console=console, provider=provider
    )
    return outcomes


async def astream_files(
    files: Sequence[Path],
    settings: Settings,
    on_outcome: OutcomeHandler,
    *,
    progress: bool = True,
    console: Console | None = None,
    provider: Provider | None = None,
) -> None:
    """The async core of `stream_files`."""
    console = console or Console(stderr=True)
    own_provider = provider is None
    provider = provider or create_provider(settings)
    cache = _open_cache(settings, provider, console)
    meter = Meter(console, enabled=progress)
    run = _Run(
        settings=settings,
        provider=provider,
        cache=cache,
        meter=meter,
        warn=lambda line: console.print(
            line, style="yellow", markup=False, highlight=False, soft_wrap=True
        ),
        semaphore=asyncio.Semaphore(settings.concurrency),
        identity=provider.identity(),
        # The rules provider is offline, deterministic and cheaper than a cache lookup: its
        # results are not stored, but the database still holds its review decisions.
        use_cache=cache is not None and provider.name != "rules",
    )
    if isinstance(provider, Streaming):
        provider.on_tokens = meter.tokens_arrived
        provider.on_notice = run.warn
    try:
        with meter:
            meter.begin(len(files))
            await _in_order(run, files, on_outcome, report_window(settings))
    finally:
        if own_provider:
            closer = getattr(provider, "aclose", None)
            if closer is not None:
                await closer()
        if cache is not None:
            cache.close()


async def _in_order(
    run: _Run, files: Sequence[Path], on_outcome: OutcomeHandler, window: int
) -> None:
    """Start reports while fewer than `window` are unfinished or waiting their turn; hand out
    the oldest as soon as it is done. A finished report waits (at most window - 1 of them)
    only while one before it is still running, so the outcomes go out in input order."""
    running: dict[int, asyncio.Task[ReportOutcome]] = {}
    started = 0
    first: dict[str, Path] = {}  # the first report of each text, to name its copies
    try:
        for head in range(len(files)):
            while started < len(files) and started < head + window:
                running[started] = asyncio.create_task(_counted(run, started, files[started]))
                started += 1
            outcome = await running.pop(head)
            for key in run.owned.pop(head, ()):
                del run.inflight[key]
            _name_duplicate(outcome, first)
            on_outcome(outcome)
    finally:
        # Ctrl-C (the main task cancelled) or a failing handler: stop the others too.
        for task in running.values():
            task.cancel()
        if running:
            await asyncio.gather(*running.values(), return_exceptions=True)


async def _counted(run: _Run, index: int, path: Path) -> ReportOutcome:
    outcome = await _report(run, index, path)
    run.meter.report_done(outcome)
    return outcome


def _name_duplicate(outcome: ReportOutcome, first: dict[str, Path]) -> None:
    """Mark a report whose title and cleaned text repeat an earlier one's (input order)."""
    if outcome.summary is None:
        return
    digest = hashlib.sha256((outcome.summary.report.title or "").encode("utf-8") + b"\n")
    for section in outcome.summary.sections:
        digest.update(section.text.encode("utf-8"))
    key = digest.hexdigest()
    if key in first:
        outcome.duplicate_of = first[key]
    else:
        first[key] = outcome.path


def _open_cache(settings: Settings, provider: Provider, console: Console) -> Cache | None:
    if settings.no_cache:
        return None
    try:
        return Cache(settings.cache_path)
    except CacheError as exc:
        console.print(
            f"warning: {exc}; continuing without the cache",
            style="yellow",
            markup=False,
            soft_wrap=True,  # one line, however long the path: scripts grep for it
        )
        return None


async def _report(run: _Run, index: int, path: Path) -> ReportOutcome:
    try:
        doc = await asyncio.to_thread(load, path)
        sections = chunk(doc)
    except SummarizerError as exc:
        return ReportOutcome(path=path, error=str(exc))
    except Exception as exc:  # a reader bug on one file must not sink the others
        return ReportOutcome(path=path, error=f"cannot read {path}: {type(exc).__name__}: {exc}")
    run.meter.add_sections(len(sections))
    results = await asyncio.gather(*(_section(run, index, doc, s) for s in sections))
    try:
        summary = build_summary(
            doc, sections, results, run.provider, lang=run.settings.lang, store=_review_store(run)
        )
    except SummarizerError as exc:
        return ReportOutcome(path=path, error=str(exc))
    _add_failed_usage(summary, run.failed_usage, index)
    return ReportOutcome(path=path, summary=summary)


async def _section(
    run: _Run, index: int, doc: Document, section: Section
) -> tuple[Section, Extraction | None, str | None, bool]:
    if len(section.text.strip()) < MIN_SECTION_CHARS:
        run.meter.section_done(cached=False, usage=None, failed=False)
        empty = ChunkResult(achievements=[], targets=[], problems=[])
        return section, Extraction(result=empty), None, False

    key = cache_key(section.text, run.identity)
    if run.use_cache and run.cache is not None:
        try:
            hit = run.cache.get(key)
        except CacheError as exc:
            run.cache_failed(exc)
            hit = None
        if hit is not None:
            run.meter.section_done(cached=True, usage=hit.usage, failed=False)
            return section, hit, None, True

    shared = run.inflight.get(key)
    if shared is not None:
        extraction = await shared
        if extraction is None:
            run.meter.section_done(cached=False, usage=None, failed=True)
            return section, None, "the same section failed in another report of this run", False
        run.meter.section_done(cached=True, usage=extraction.usage, failed=False)
        return section, extraction, None, True
    future: asyncio.Future[Extraction | None] = asyncio.get_running_loop().create_future()
    run.inflight[key] = future
    run.owned.setdefault(index, []).append(key)
    outcome: tuple[Section, Extraction | None, str | None, bool] | None = None
    try:
        outcome = await _ask(run, index, doc, section, key)
    finally:
        # Also on cancellation, so no twin waits for ever.
        future.set_result(None if outcome is None else outcome[1])
    return outcome


async def _ask(
    run: _Run, index: int, doc: Document, section: Section, key: str
) -> tuple[Section, Extraction | None, str | None, bool]:
    async with run.semaphore:
        if run.halted is not None:
            run.meter.section_done(cached=False, usage=None, failed=True)
            return section, None, run.halted, False
        try:
            extraction = await run.provider.extract(section, doc.meta)
        except SummarizerError as exc:
            usage = getattr(exc, "usage", None)
            if isinstance(usage, Usage):
                run.failed_usage[(index, section.id)] = usage
            if getattr(exc, "endpoint_down", False) and run.halted is None:
                run.halted = f"not sent: {exc}"
            if getattr(exc, "timed_out", False):
                run.timeouts_in_a_row += 1
                if run.timeouts_in_a_row >= HUNG_AFTER and run.halted is None:
                    # A server that answers nothing would otherwise cost every section its
                    # full retries, timeout after timeout.
                    run.halted = (
                        f"not sent: {run.timeouts_in_a_row} sections in a row timed out ({exc})"
                    )
            run.meter.section_done(cached=False, usage=usage, failed=True)
            return section, None, str(exc), False
        except Exception as exc:  # a provider bug fails its section, not the report
            run.meter.section_done(cached=False, usage=None, failed=True)
            return section, None, f"{type(exc).__name__}: {exc}", False

    run.timeouts_in_a_row = 0
    if run.use_cache and run.cache is not None:
        try:
            run.cache.put(key, extraction, run.identity, text_chars=len(section.text))
        except CacheError as exc:
            run.cache_failed(exc)
    run.meter.section_done(cached=False, usage=extraction.usage, failed=False)
    return section, extraction, None, False


def _review_store(run: _Run) -> Cache | None:
    # Review decisions live in the cache database.
    return run.cache


def _add_failed_usage(
    summary: ReportSummary, failed: dict[tuple[int, str], Usage], index: int
) -> None:
    """Tokens spent on sections that failed are still spent: put them in the usage."""
    changed = False
    for section in summary.sections:
        usage = failed.pop((index, section.id), None)
        if usage is not None and section.status == "failed":
            section.usage = usage
            changed = True
    if changed:
        total = Usage()
        for section in summary.sections:
            total = total.add(section.usage)
        summary.usage = total
