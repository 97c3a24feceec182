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
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from summarizer.cache import Cache
from summarizer.cli import Command, app
from summarizer.cli.options import RunOptions, run_options
from summarizer.config import Settings
from summarizer.labels import (
    ACTIONS,
    STATE_STYLE,
    STATUS_STYLE,
    action_label,
    action_prompt,
    screen,
    state_label,
    status_label,
)
from summarizer.models import CheckStatus
from summarizer.pipeline import ReportOutcome, expand_paths, stream_files
from summarizer.review import (
    DecisionKind,
    FlagRecord,
    ReviewError,
    apply_decisions,
    decision_text,
    flag_records,
    read_correction,
    record_decision,
    stored_flags,
)

STATUSES: tuple[str, ...] = typing.get_args(CheckStatus)
_KEYS: dict[str, DecisionKind | None] = {
    key: (None if ident == "quit" else typing.cast(DecisionKind, ident))
    for key, ident, _zh, _en in ACTIONS
}

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH...",
        help="reports to summarise first (files, folders, globs); none: the flags stored in the"
        " cache database by earlier runs",
        show_default=False,
    ),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help=f"only these statuses (repeat or comma-separate): {', '.join(STATUSES)}",
        show_default=False,
    ),
]


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
    files = expand_paths(paths)

    def on_outcome(outcome: ReportOutcome) -> None:
        if outcome.summary is None:
            err.print(f"error: {outcome.error}", markup=False, style="red", soft_wrap=True)
            return
        # The pipeline applies decisions when it has the database open; doing it again is a
        # no-op, and it also stores this run's flags for later `flags`/`review` without paths.
        # Only the flags are kept, not the summary.
        apply_decisions(outcome.summary, store)
        records.extend(flag_records(outcome.summary, store))

    stream_files(files, settings, on_outcome, progress=not quiet, console=err)
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
        "passage": record.passage,
        "passage_start": record.passage_start,
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


def _status_markup(status: str, lang: str) -> str:
    return f"[{STATUS_STYLE.get(status, 'white')}]{escape(status_label(status, lang))}[/]"


@app.command("flags", cls=Command)
@run_options
def flags_command(
    paths: PathsArg = None,
    status: StatusOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="also flags already accepted, rejected or corrected")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
    *,
    run: RunOptions,
) -> None:
    """List open flags: figures the check could not verify.

    Figures and quotes across reports that the cross-check could not verify, with the state of
    any review decision. JSON keeps the status ids; the table shows their labels.
    """
    wanted = _statuses(status)
    settings = run.settings()
    lang = settings.lang
    err = Console(stderr=True, highlight=False)
    if paths:
        run.announce(settings, err)
    with Cache(settings.cache_path) as store:
        records = _records(paths, settings, store, err, quiet=run.quiet)
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
        console.print(screen("no_flags" if show_all else "no_open_flags", lang))
        return
    reports = len({r.report_hash for r in shown})
    title = screen(
        "all_flags_title" if show_all else "flags_title", lang, n=len(shown), reports=reports
    )
    table = Table(title=escape(title), header_style="bold")
    for word in ("report", "where", "claim", "status", "message", "state"):
        table.add_column(screen(word, lang), overflow="fold")
    for r in shown:
        state = escape(state_label(r.state, lang))
        if r.decision is not None:
            # "accept by ann 2026-11-22", "correct → 15.93亿元 by …"; for a stale one, the
            # decision that no longer applies.
            state += "\n[dim]" + escape(decision_text(r.decision, lang)) + "[/]"
        table.add_row(
            escape(_report_name(r)),
            f"{r.check.id} {r.check.item_id}\n{r.check.field}",
            escape(r.check.claim),
            _status_markup(r.check.status, lang),
            escape(r.check.message),
            f"[{STATE_STYLE.get(r.state, 'white')}]{state}[/]",
        )
    console.print(table)
    counts = Counter(r.check.status for r in shown)
    console.print(
        "  ".join(f"{status_label(name, lang)}: {n}" for name, n in counts.most_common()),
        style="dim",
        markup=False,
    )


def _padded(label: str) -> str:
    """A label and the spaces that line up what follows it (labels are 8 cells wide)."""
    return label + " " * max(1, 8 - cell_len(label))


def _marked(text: str, text_start: int, mark: tuple[int, int] | None) -> Text:
    """`text` (offsets from `text_start` in the cleaned report) with `mark` highlighted."""
    shown = Text(text.replace("\n", " "))
    if mark is not None:
        start, end = mark[0] - text_start, mark[1] - text_start
        if 0 <= start < end <= len(text):
            shown.stylize("bold black on yellow", start, end)
    return shown


def own_mention(record: FlagRecord) -> tuple[int, int] | None:
    """Where the flagged figure stands in the item's own words: the checker's mention when it
    lies there, else the first place in them where the same figure is printed. None when the
    item's words do not print it (a figure the model made up)."""
    check, passage, start = record.check, record.passage, record.passage_start
    if passage is None or start is None or check.mention is None:
        return None
    mention = check.mention
    if start <= mention.start and mention.end <= start + len(passage):
        return mention.start, mention.end
    at = passage.find(mention.raw)
    return None if at < 0 else (start + at, start + at + len(mention.raw))


def source_lines(record: FlagRecord, lang: str) -> list[Text]:
    """The item's own words with the figure marked; and, when the checker matched the value in
    another place, that place too, labelled as such."""
    check = record.check
    lines: list[Text] = []
    label = _padded(screen("source", lang))
    mention = (check.mention.start, check.mention.end) if check.mention else None
    if record.passage is not None and record.passage_start is not None:
        own = own_mention(record)
        lines.append(
            Text.assemble(
                (label + "…", "dim"),
                _marked(record.passage, record.passage_start, own),
                ("…", "dim"),
            )
        )
        if own is not None and own == mention:
            return lines
    if check.context is not None and check.context_start is not None:
        if lines:
            label = _padded(screen("found", lang))
        lines.append(
            Text.assemble(
                (label + "…", "dim"),
                _marked(check.context, check.context_start, mention),
                ("…", "dim"),
            )
        )
    return lines


def _show(console: Console, record: FlagRecord, index: int, total: int, lang: str) -> None:
    check = record.check
    console.rule(f"[bold]{index}/{total}[/]  {escape(_report_name(record))}", align="left")
    console.print(
        f"[dim]{check.id} · {check.item_id} · {check.field}[/]  "
        + _status_markup(check.status, lang)
    )
    for word, value, style in (("claim", check.claim, "bold"), ("message", check.message, "")):
        label = screen(word, lang)
        console.print(Text.assemble((_padded(label), "dim"), (value, style)))
    for line in source_lines(record, lang):
        console.print(line)
    if record.state == "stale" and record.decision is not None:
        label = screen("stale_was", lang)
        stale = screen(
            "stale_line",
            lang,
            decision=decision_text(record.decision, lang),
            claim=record.decision.claim,
        )
        console.print(Text.assemble((_padded(label), "yellow"), stale))
    elif record.skipped:
        console.print(Text(screen("skipped_before", lang), style="dim"))


@app.command("review", cls=Command)
@run_options
def review_command(
    paths: PathsArg = None,
    status: StatusOpt = None,
    reviewer: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="name stored with each decision (default: login name)"),
    ] = None,
    include_skipped: Annotated[
        bool, typer.Option("--include-skipped", help="also walk flags skipped before")
    ] = False,
    *,
    run: RunOptions,
) -> None:
    """Walk through open flags and decide on each.

    For each flag: a accept, r reject (drop the figure), c correct (type the right value; a
    bare number takes the claim's unit), s skip, q quit. Each decision is stored at once, so a
    review can stop at any point and resume later.
    """
    wanted = _statuses(status)
    settings = run.settings()
    lang = settings.lang
    err = Console(stderr=True, highlight=False)
    console = Console(highlight=False)
    if paths:
        run.announce(settings, err)
    with Cache(settings.cache_path) as store:
        records = [
            r
            for r in _records(paths, settings, store, err, quiet=run.quiet)
            if r.is_open
            and (include_skipped or not r.skipped)
            and (wanted is None or r.check.status in wanted)
        ]
        if not records:
            console.print(screen("nothing_to_review", lang))
            return
        done: Counter[str] = Counter()
        for index, record in enumerate(records, 1):
            _show(console, record, index, len(records), lang)
            choice = _ask(console, lang)
            if choice is None:
                break
            value = (
                _ask_value(console, store, record, reviewer, lang) if choice == "correct" else None
            )
            if choice != "correct":
                record_decision(store, record, choice, reviewer=reviewer)
            elif value is None:
                break
            done[choice] += 1
            console.print(screen("saved", lang, what=action_label(choice, lang)), style="dim")
    decided = sum(n for what, n in done.items() if what != "skip")
    left = len(records) - decided
    parts = [
        screen("decided", lang, what=action_label(what, lang), n=n)
        for what, n in sorted(done.items())
    ]
    then = screen("then", lang)
    line = screen("and", lang).join(parts) or screen("no_decisions", lang)
    line += then + screen("still_open", lang, n=left)
    console.print(line + (then + screen("run_again", lang) if left else ""), markup=False)


def _ask(console: Console, lang: str) -> DecisionKind | None:
    """a/r/c/s → the decision; q (or the end of input) → None."""
    while True:
        try:
            answer = typer.prompt(action_prompt(lang), prompt_suffix=" > ")
        except typer.Abort:
            return None
        key = answer.strip().lower()[:1]
        if key in _KEYS:
            return _KEYS[key]
        console.print(screen("type_a_key", lang), style="yellow")


def _ask_value(
    console: Console, store: Cache, record: FlagRecord, reviewer: str | None, lang: str
) -> str | None:
    """Ask for the right value until it reads as a figure of the claim's kind; stores it."""
    while True:
        try:
            typed = str(typer.prompt(screen("value_prompt", lang), prompt_suffix=" > "))
        except typer.Abort:
            return None
        try:
            correction = read_correction(record.check, typed, lang)
            record_decision(store, record, "correct", value=correction.value, reviewer=reviewer)
        except ReviewError as exc:
            console.print(str(exc), style="yellow", markup=False)
            continue
        if correction.took_unit:
            console.print(screen("took_unit", lang, value=correction.value), markup=False)
        return correction.value
