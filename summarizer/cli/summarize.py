"""`summarizer summarize PATH...`: verified summaries of reports, as a table, JSON, JSONL or
Markdown. Wiring only: settings → pipeline → renderers."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from summarizer.cli import app
from summarizer.config import MODES, Settings, load_settings, provider_notice
from summarizer.errors import InputError
from summarizer.models import ReportMeta, ReportSummary, Usage
from summarizer.pipeline import ReportOutcome, summarize_paths


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    md = "md"


class ProviderChoice(StrEnum):
    rules = "rules"
    llm = "llm"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


@app.command("summarize")
def summarize_command(
    paths: Annotated[
        list[str], typer.Argument(help="report files, folders or globs (.txt .md .html .docx)")
    ],
    provider: Annotated[
        ProviderChoice | None,
        typer.Option(help="rules (offline default) or llm (sends sections to the endpoint)"),
    ] = None,
    model: Annotated[str | None, typer.Option(help="model name at the endpoint")] = None,
    base_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1")
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            help="API key (prefer SUMMARIZER_API_KEY or OPENAI_API_KEY)", show_default=False
        ),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option(help=f"instructor mode: {', '.join(MODES)} (default: per endpoint)"),
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option(help="sections in flight at once [default: 4]")
    ] = None,
    timeout: Annotated[float | None, typer.Option(help="seconds per request [default: 60]")] = None,
    max_tokens: Annotated[
        int | None, typer.Option(help="completion budget per request [default: 4096]")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="output format")
    ] = OutputFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write to this file (atomically)")
    ] = None,
    cache: Annotated[Path | None, typer.Option(help="cache database path")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="neither read nor write the cache")
    ] = False,
    config: Annotated[Path | None, typer.Option(help="TOML config file")] = None,
    lang: Annotated[Lang | None, typer.Option(help="language of messages in the output")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="say which settings are used")
    ] = False,
) -> None:
    """Summarise reports: achievements, targets and problems, every figure checked."""
    settings = load_settings(
        {
            "provider": provider.value if provider else None,
            "model": model,
            "base_url": base_url,
            "api_key": api_key,
            "mode": mode,
            "concurrency": concurrency,
            "timeout": timeout,
            "max_tokens": max_tokens,
            "cache_path": str(cache) if cache else None,
            "no_cache": True if no_cache else None,
            "config": str(config) if config else None,
            "lang": lang.value if lang else None,
        }
    )
    err = Console(stderr=True, highlight=False)
    notice = provider_notice(settings)
    if notice:
        err.print(notice, markup=False, style="dim", soft_wrap=True)
    if verbose:
        err.print(describe_settings(settings), markup=False, style="dim", soft_wrap=True)
    if output is not None and output.is_dir():
        raise InputError(output, "output path is a folder; name a file")

    try:
        outcomes = summarize_paths(paths, settings, progress=not quiet, console=err)
    except KeyboardInterrupt:
        # Every finished section is already in the cache; nothing was written to --output.
        cached = settings.provider == "llm" and not settings.no_cache
        resume = "; finished sections are cached, run again to resume" if cached else ""
        err.print(f"interrupted{resume}", markup=False, style="yellow", soft_wrap=True)
        raise typer.Exit(130) from None
    for outcome in outcomes:
        if outcome.duplicate_of is not None:
            note = f"skipped {outcome.path}: same text as {outcome.duplicate_of}"
            err.print(note, markup=False, style="yellow", soft_wrap=True)
    outcomes = [o for o in outcomes if o.duplicate_of is None]

    text = render(outcomes, output_format, settings, to_terminal=output is None)
    if output is None:
        if text is not None:
            sys.stdout.write(text)
            sys.stdout.flush()
    else:
        write_atomically(output, text or "")
        err.print(f"wrote {output}", markup=False, style="dim", soft_wrap=True)

    for outcome in outcomes:
        if outcome.error:
            err.print(f"error: {outcome.error}", markup=False, style="red", soft_wrap=True)
    totals = _totals(outcomes)
    if settings.provider == "llm" or verbose:
        err.print(totals, markup=False, style="dim", soft_wrap=True)
    failed_sections = sum(
        1 for o in outcomes if o.summary for s in o.summary.sections if s.status == "failed"
    )
    if failed_sections:
        # The reason, not only the count: "cannot connect to …" is what the user acts on.
        reasons = [
            s.error
            for o in outcomes
            if o.summary
            for s in o.summary.sections
            if s.status == "failed" and s.error
        ]
        first = next((r for r in reasons if not r.startswith("not sent:")), None)
        first = first or (reasons[0] if reasons else None)
        err.print(
            f"{failed_sections} section(s) failed after retries; their reports are incomplete"
            + (f" (first error: {first})" if first else ""),
            markup=False,
            style="yellow",
            soft_wrap=True,
        )
    if failed_sections or any(o.error for o in outcomes):
        raise typer.Exit(1)


# --------------------------------------------------------------------------- rendering


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


def render(
    outcomes: list[ReportOutcome],
    output_format: OutputFormat,
    settings: Settings,
    *,
    to_terminal: bool,
) -> str | None:
    if output_format is OutputFormat.json:
        docs = [outcome_json(o, settings) for o in outcomes]
        payload: Any = docs[0] if len(docs) == 1 else docs
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if output_format is OutputFormat.jsonl:
        lines = []
        for o in outcomes:
            # `path` first, so `jq .path` / `cut` need not dig into `report`.
            lines.append(
                json.dumps({"path": str(o.path), **outcome_json(o, settings)}, ensure_ascii=False)
            )
        return "\n".join(lines) + "\n"
    if output_format is OutputFormat.md:
        from summarizer.render.terminal import _md, summary_markdown

        parts = []
        for o in outcomes:
            if o.summary is not None:
                parts.append(summary_markdown(o.summary).rstrip("\n"))
            else:
                # A file name is report-supplied text too: `<img onerror=…>.txt` stays inert.
                parts.append(f"# {_md(str(o.path))}\n\n> 无法处理：{_md(o.error or '')}")
        return "\n\n---\n\n".join(parts) + "\n"
    from summarizer.render.terminal import render_summary

    if to_terminal:
        console = Console(highlight=False)
        for o in outcomes:
            if o.summary is not None:
                render_summary(o.summary, console)
        return None
    buffer = io.StringIO()
    file_console = Console(file=buffer, width=120, no_color=True, highlight=False)
    for o in outcomes:
        if o.summary is not None:
            render_summary(o.summary, file_console)
    return buffer.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Temp file in the same folder, then rename: a reader never sees half a file."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(path, f"cannot write output: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(path, f"cannot write output: {exc.strerror or exc}") from None


def describe_settings(settings: Settings) -> str:
    """What `--verbose` says about the run; names where the key came from, never the key."""
    bits = [f"provider={settings.provider}"]
    if settings.provider == "llm":
        bits += [
            f"endpoint={settings.endpoint}",
            f"model={settings.effective_model}",
            f"mode={settings.effective_mode}",
            f"concurrency={settings.concurrency}",
            f"timeout={settings.timeout:g}s",
            f"max_tokens={settings.max_tokens}",
            f"key={'from ' + (settings.api_key_source or '?') if settings.api_key else 'none'}",
            f"cache={'off' if settings.no_cache else settings.cache_path}",
        ]
    if settings.config_file:
        bits.append(f"config={settings.config_file}")
    return "settings: " + " ".join(bits)


def _totals(outcomes: list[ReportOutcome]) -> str:
    usage = Usage()
    sections = 0
    for o in outcomes:
        if o.summary is not None:
            usage = usage.add(o.summary.usage)
            sections += len(o.summary.sections)
    ok = sum(1 for o in outcomes if o.summary is not None)
    cost = f", cost {usage.cost:.4f}" if usage.cost is not None else ""
    return (
        f"{ok}/{len(outcomes)} reports, {sections} sections, {usage.cache_hits} from cache, "
        f"{usage.requests} requests, {usage.prompt_tokens} prompt + "
        f"{usage.completion_tokens} completion tokens{cost}"
    )
