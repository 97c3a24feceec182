"""`summarizer schema`: write the JSON Schemas of the public outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli import Command, app
from summarizer.schemas_export import export


@app.command("schema", cls=Command)
def schema_command(
    out_dir: Annotated[
        Path, typer.Argument(metavar="DIR", help="folder to write *.schema.json into")
    ] = Path("schemas"),
) -> None:
    """Write the JSON Schemas of the outputs into a folder.

    ReportSummary, ChunkResult, Section and the track row, as report_summary.schema.json and so on.
    """
    for path in export(out_dir):
        typer.echo(str(path))
