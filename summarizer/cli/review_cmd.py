"""`summarizer flags` and `summarizer review`: list the cross-check's flags across reports, and
walk through them taking decisions. Wiring only: settings → pipeline → review store → rich.

Both read the flags stored in the cache database by earlier runs, or, given report paths,
summarise those reports first (decisions taken before are applied, so a re-run shows only what
is still open).
"""

from __future__ import annotations

import json
import typing
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from summarizer.cache import Cache
from summarizer.cli import app
from summarizer.config import Settings, load_settings
from summarizer.models import CheckStatus
from summarizer.pipeline import summarize_paths
from summarizer.review import (
    DecisionKind,
    FlagRecord,
    ReviewError,
    apply_decisions,
    decision_text,
    flag_records,
    record_decision,
    stored_flags,
)

STATUSES: tuple[str, ...] = typing.get_args(CheckStatus)
_STATUS_STYLE = {
    "not_found": "bold red",
    "quote_not_found": "red",
    "derived_mismatch": "red",
    "metric_mismatch": "magenta",
    "sign_mismatch": "bold magenta",
    "scale_mismatch": "bold yellow",
    "unit_mismatch": "yellow",
    "qualifier_mismatch": "cyan",
}
_STATE_STYLE = {"open": "bold", "stale": "yellow", "accepted": "green", "rejected": "red"}
_KEYS: dict[str, DecisionKind | None] = {
    "a": "accept",
    "r": "reject",
    "c": "correct",
    "s": "skip",
    "q": None,
}


class ProviderChoice(StrEnum):
    rules = "rules"
    llm = "llm"


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="reports to summarise first (files, folders, globs); none: the flags stored in the"
        " cache database by earlier runs",
        show_default=False,
    ),
]
ProviderOpt = Annotated[
    ProviderChoice | None,
    typer.Option(help="provider used to summarise the given paths (default: as configured)"),
]
ModelOpt = Annotated[str | None, typer.Option(help="model name at the endpoint (llm provider)")]
BaseUrlOpt = Annotated[
    str | None, typer.Option(help="OpenAI-compatible endpoint (llm provider)", show_default=False)
]
CacheOpt = Annotated[Path | None, typer.Option(help="cache database holding flags and decisions")]
ConfigOpt = Annotated[Path | None, typer.Option(help="TOML config file")]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        help=f"only these statuses (repeat or comma-separate): {', '.join(STATUSES)}",
        show_default=False,
    ),
]


def _settings(
    provider: ProviderChoice | None,
    model: str | None,
    base_url: str | None,
    cache: Path | None,
    config: Path | None,
) -> Settings:
    return load_settings(
        {
            "provider": provider.value if provider else None,
            "model": model,
            "base_url": base_url,
            "cache_path": str(cache) if cache else None,
            "config": str(config) if config else None,
        }
    )


def _statuses(values: list[str] | None) -> set[str] | None:
    if not values:
        return None
    wanted = {part.strip() for value in values for part in value.split(",") if part.strip()}
    unknown = sorted(wanted - set(STATUSES))
    if unknown:
        raise ReviewError(f"unknown status {unknown[0]!r}; choose from {', '.join(STATUSES)}")
    return wanted


def _records(
    paths: list[str] | None, settings: Settings, store: Cache, err: Console, *, quiet: bool
) -> list[FlagRecord]:
    """The flags of the given reports (summarised now) or, without paths, the stored ones."""
    if not paths:
        return stored_flags(store)
    records: list[FlagRecord] = []
    for outcome in summarize_paths(paths, settings, progress=not quiet, console=err):
        if outcome.summary is None:
            err.print(f"error: {outcome.error}", markup=False, style="red", soft_wrap=True)
            continue
        # The pipeline applies decisions when it has the database open; doing it again is a
        # no-op, and it also stores this run's flags for later `flags`/`review` without paths.
        apply_decisions(outcome.summary, store)
        records.extend(flag_records(outcome.summary, store))
    return records


def _report_name(record: FlagRecord) -> str:
    if record.report_path:
        return Path(record.report_path).name
    return record.report_title or record.report_hash[:8]


def _record_json(record: FlagRecord) -> dict[str, Any]:
    decision = record.decision
    return {
        "report": record.report_path,
        "title": record.report_title,
        "state": record.state,
        "check": record.check.model_dump(mode="json"),
        "decision": None
        if decision is None
        else {
            "decision": decision.decision,
            "value": decision.value,
            "reviewer": decision.reviewer,
            "decided_at": decision.decided_at,
            "claim": decision.claim,
        },
    }


@app.command("flags")
def flags_command(
    paths: PathsArg = None,
    status: StatusOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="also flags already accepted, rejected or corrected")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    cache: CacheOpt = None,
    config: ConfigOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """List open flags across reports: figures and quotes the cross-check could not verify."""
    wanted = _statuses(status)
    settings = _settings(provider, model, base_url, cache, config)
    err = Console(stderr=True, highlight=False)
    with Cache(settings.cache_path) as store:
        records = _records(paths, settings, store, err, quiet=quiet)
    shown = [
        r
        for r in records
        if (show_all or r.is_open) and (wanted is None or r.check.status in wanted)
    ]
    if as_json:
        typer.echo(json.dumps([_record_json(r) for r in shown], ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    if not shown:
        console.print("no open flags" if not show_all else "no flags")
        return
    reports = len({r.report_hash for r in shown})
    kind = "flags" if show_all else "open flags"
    table = Table(title=f"{len(shown)} {kind} in {reports} report(s)", header_style="bold")
    for name in ("report", "where", "claim", "status", "message", "state"):
        table.add_column(name, overflow="fold")
    for r in shown:
        state = escape(r.state)
        if r.decision is not None and r.state == "stale":
            state += f"\n[dim]was {escape(decision_text(r.decision))}[/]"
        elif r.decision is not None:
            # "accepted by ann 2026-11-22", "corrected → 15.93亿元 by …", "skipped by …"
            state = escape(r.state) + "\n[dim]" + escape(decision_text(r.decision)) + "[/]"
        table.add_row(
            escape(_report_name(r)),
            f"{r.check.id} {r.check.item_id}\n{r.check.field}",
            escape(r.check.claim),
            f"[{_STATUS_STYLE.get(r.check.status, 'white')}]{r.check.status}[/]",
            escape(r.check.message),
            f"[{_STATE_STYLE.get(r.state, 'white')}]{state}[/]",
        )
    console.print(table)
    counts = Counter(r.check.status for r in shown)
    console.print(
        "  ".join(f"{name}: {n}" for name, n in counts.most_common()), style="dim", markup=False
    )


def _source_text(record: FlagRecord) -> Text | None:
    """The source around the nearest mention, the mention highlighted."""
    check = record.check
    if check.context is None:
        return None
    text = Text(check.context.replace("\n", " "))
    mention = check.mention
    if mention is not None and check.context_start is not None:
        start = mention.start - check.context_start
        text.stylize("bold black on yellow", start, start + (mention.end - mention.start))
    return text


def _show(console: Console, record: FlagRecord, index: int, total: int) -> None:
    check = record.check
    console.rule(f"[bold]{index}/{total}[/]  {escape(_report_name(record))}", align="left")
    style = _STATUS_STYLE.get(check.status, "white")
    console.print(
        f"[dim]{check.id} · {check.item_id} · {check.field}[/]  [{style}]{check.status}[/]"
    )
    console.print(Text.assemble(("claim   ", "dim"), (check.claim, "bold")))
    console.print(Text.assemble(("message ", "dim"), check.message))
    source = _source_text(record)
    if source is not None:
        console.print(Text.assemble(("source  …", "dim"), source, ("…", "dim")))
    if record.state == "stale" and record.decision is not None:
        console.print(
            Text.assemble(
                ("stale   ", "yellow"),
                f"{decision_text(record.decision)} (claim then: {record.decision.claim})",
            )
        )
    elif record.skipped:
        console.print(Text("skipped before", style="dim"))


@app.command("review")
def review_command(
    paths: PathsArg = None,
    status: StatusOpt = None,
    reviewer: Annotated[
        str | None, typer.Option(help="name stored with each decision (default: login name)")
    ] = None,
    include_skipped: Annotated[
        bool, typer.Option("--include-skipped", help="also walk flags skipped before")
    ] = False,
    provider: ProviderOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    cache: CacheOpt = None,
    config: ConfigOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
) -> None:
    """Walk through open flags one by one: \\[a]ccept, \\[r]eject (drop the figure), \\[c]orrect
    (type the right value), \\[s]kip or \\[q]uit. Each decision is stored at once, so a review can
    stop at any point and resume later."""
    wanted = _statuses(status)
    settings = _settings(provider, model, base_url, cache, config)
    err = Console(stderr=True, highlight=False)
    console = Console(highlight=False)
    with Cache(settings.cache_path) as store:
        records = [
            r
            for r in _records(paths, settings, store, err, quiet=quiet)
            if r.is_open
            and (include_skipped or not r.skipped)
            and (wanted is None or r.check.status in wanted)
        ]
        if not records:
            console.print("nothing to review: no open flags")
            return
        done: Counter[str] = Counter()
        for index, record in enumerate(records, 1):
            _show(console, record, index, len(records))
            choice = _ask(console)
            if choice is None:
                break
            value = _ask_value(console, store, record, reviewer) if choice == "correct" else None
            if choice != "correct":
                record_decision(store, record, choice, reviewer=reviewer)
            elif value is None:
                break
            done[choice] += 1
            console.print(f"[dim]saved: {choice}[/]")
    decided = sum(n for what, n in done.items() if what != "skip")
    left = len(records) - decided
    parts = [f"{n} {what}" for what, n in sorted(done.items())] or ["no decisions"]
    console.print(
        f"{', '.join(parts)}; {left} still open"
        + ("; run `summarizer review` again to continue" if left else "")
    )


def _ask(console: Console) -> DecisionKind | None:
    """a/r/c/s → the decision; q (or the end of input) → None."""
    while True:
        try:
            answer = typer.prompt("[a]ccept [r]eject [c]orrect [s]kip [q]uit", prompt_suffix=" > ")
        except typer.Abort:
            return None
        key = answer.strip().lower()[:1]
        if key in _KEYS:
            return _KEYS[key]
        console.print("type a, r, c, s or q", style="yellow")


def _ask_value(
    console: Console, store: Cache, record: FlagRecord, reviewer: str | None
) -> str | None:
    """Ask for the right value until it reads as a figure; stores the correction."""
    while True:
        try:
            value = str(
                typer.prompt("right value (e.g. 15.93亿元, 增长10.6%)", prompt_suffix=" > ")
            )
        except typer.Abort:
            return None
        try:
            record_decision(store, record, "correct", value=value, reviewer=reviewer)
        except ReviewError as exc:
            console.print(str(exc), style="yellow", markup=False)
            continue
        return value
