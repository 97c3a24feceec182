"""`summarizer chunks FILE`: show how a report is cleaned and cut into sections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from summarizer.cli import Command, app
from summarizer.document.chunking import DEFAULT_MAX_CHARS, chunk
from summarizer.document.ingest import load
from summarizer.models import Document, Section

ROLE_STYLES = {"review": "green", "plan": "cyan", "problems": "red", "other": "dim"}
_JSON_KEYS = ("id", "heading_path", "level", "role", "start", "end", "part", "parts")


def chunks_json(doc: Document, sections: list[Section]) -> dict[str, Any]:
    """The `--json` document: the text length, the report's metadata, and the sections."""
    return {
        "text_length": len(doc.text),
        "report": doc.meta.model_dump(mode="json"),
        "sections": [s.model_dump(mode="json", include=set(_JSON_KEYS)) for s in sections],
    }


def _meta_line(doc: Document) -> str:
    m = doc.meta
    bits = [
        m.issuer,
        m.published.isoformat() if m.published else None,
        m.period_text(),
        m.kind,
        m.level,
        "parts: " + "/".join(m.parts) if m.parts else None,
        f"{len(doc.text)} chars",
        " ".join(x for x in (m.source_format, m.encoding) if x) or None,
    ]
    return escape(" · ".join(b for b in bits if b))


def _section_label(section: Section) -> str:
    style = ROLE_STYLES[section.role]
    heading = section.heading_path[-1] if section.heading_path else "(opening text)"
    part = f" [dim]part {section.part}/{section.parts}[/]" if section.parts > 1 else ""
    return (
        f"[{style}]{section.role:<8}[/] [bold]{section.id}[/] "
        f"[dim]\\[{section.start}, {section.end}) {section.end - section.start}字[/] "
        f"{escape(heading)}{part}"
    )


def build_tree(doc: Document, sections: list[Section]) -> Tree:
    """A rich tree of the sections, nested by heading path."""
    title = doc.meta.title or (Path(doc.meta.path).name if doc.meta.path else "report")
    root = Tree(f"[bold]{escape(title)}[/]\n[dim]{_meta_line(doc)}[/]")
    nodes: dict[tuple[str, ...], Tree] = {(): root}

    def node_for(path: tuple[str, ...]) -> Tree:
        # Headings with no text of their own (merged into their first child) still show.
        if path not in nodes:
            nodes[path] = node_for(path[:-1]).add(f"[dim]{escape(path[-1])}[/]")
        return nodes[path]

    for section in sections:
        path = tuple(section.heading_path)
        parent = node_for(path[:-1]) if path else root
        node = parent.add(_section_label(section))
        nodes.setdefault(path, node)
    return root


@app.command("chunks", cls=Command)
def chunks_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="report file: .txt, .md, .html/.htm or .docx")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help='print {"text_length": N, "sections": [...]}')
    ] = False,
    max_chars: Annotated[
        int,
        typer.Option(
            min=200, metavar="N", help="split sections longer than N characters at sentence ends"
        ),
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Show how a report is cut into sections.

    Each section's heading path, role (review, plan, problems, other) and [start, end) span in
    the cleaned text.
    """
    doc = load(file)
    sections = chunk(doc, max_chars=max_chars)
    if as_json:
        typer.echo(json.dumps(chunks_json(doc, sections), ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    console.print(build_tree(doc, sections))
    console.print(
        f"[dim]{len(sections)} sections tiling [0, {len(doc.text)}) of the cleaned text[/]"
    )
