"""`summarizer numbers FILE`: every quantity the numbers stage reads in a report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from summarizer.cli import Command, app
from summarizer.document.ingest import load
from summarizer.models import NumberMention, format_decimal
from summarizer.numbers import Scan, scan

_ARROWS = {"increase": "[green]↑[/]", "decrease": "[red]↓[/]"}


def numbers_json(path: Path, text_length: int, result: Scan, *, excluded: bool) -> dict[str, Any]:
    """The `--json` document: the mentions, and with --excluded the figures set aside."""
    doc: dict[str, Any] = {
        "path": str(path),
        "text_length": text_length,
        "mentions": [m.to_json() for m in result.mentions],
    }
    if excluded:
        doc["excluded"] = [
            {"raw": x.raw, "start": x.start, "end": x.end, "rule": x.rule} for x in result.excluded
        ]
    return doc


def _value_cell(m: NumberMention) -> str:
    value = format_decimal(m.value)
    if m.value_hi is not None:
        value += f"–{format_decimal(m.value_hi)}"
    return value if m.comparable else f"[dim]{value}[/]"


def build_table(result: Scan, *, excluded: bool) -> Table:
    # Figures and units never wrap and are never cut: their columns are as wide as their
    # widest cell; the qualifier's explanation and the span fold when the terminal is narrow.
    rows: list[tuple[str, str, str, str, str, str, str]] = []
    for m in result.mentions:
        qualifier = f"{m.qualifier} ({m.bound})" if m.qualifier else ""
        if not m.comparable:
            qualifier = (qualifier + " " if qualifier else "") + "[dim]not comparable[/]"
        rows.append(
            (
                escape(m.raw),
                _value_cell(m),
                escape(m.unit or ""),
                m.scale or "",
                escape(qualifier),
                _ARROWS.get(m.direction or "", ""),
                f"[{m.start}, {m.end})",
            )
        )
    if excluded:
        for x in result.excluded:
            rows.append(
                (f"[dim strike]{escape(x.raw)}[/]", "", "", "", f"[dim]{x.rule}[/]", "", "")
            )
    table = Table(show_lines=False, header_style="bold", box=box.SIMPLE_HEAD)
    for index, (name, justify) in enumerate(
        (
            ("raw", "left"),
            ("value", "right"),
            ("unit", "left"),
            ("scale", "left"),
            ("qualifier", "left"),
            ("dir", "left"),
            ("span", "right"),
        )
    ):
        widest = max([cell_len(Text.from_markup(row[index]).plain) for row in rows] + [len(name)])
        if name in ("qualifier", "span"):
            table.add_column(name, justify=justify, overflow="fold", min_width=len(name))  # type: ignore[arg-type]
        else:
            table.add_column(name, justify=justify, no_wrap=True, min_width=widest)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*row)
    return table


@app.command("numbers", cls=Command)
def numbers_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="report file: .txt, .md, .html/.htm or .docx")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="print the mentions as JSON")] = False,
    excluded: Annotated[
        bool,
        typer.Option(
            "--excluded", help="also list figures set aside (dates, codes, names) and the rule"
        ),
    ] = False,
) -> None:
    """List every quantity the numbers stage reads in a report.

    Value in base units, unit, scale, qualifier, direction and span of each mention.
    """
    doc = load(file)
    result = scan(doc.text)
    if as_json:
        typer.echo(
            json.dumps(
                numbers_json(file, len(doc.text), result, excluded=excluded),
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    console = Console(highlight=False)
    console.print(build_table(result, excluded=excluded))
    comparable = sum(1 for m in result.mentions if m.comparable)
    console.print(
        f"[dim]{len(result.mentions)} mentions ({comparable} comparable), "
        f"{len(result.excluded)} figures set aside, in {len(doc.text)} chars of cleaned text[/]"
    )
