"""`summarizer schema`: write the JSON Schemas of the public outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli import app
from summarizer.schemas_export import export


@app.command("schema")
def schema_command(
    out_dir: Annotated[Path, typer.Argument(help="folder to write *.schema.json into")] = Path(
        "schemas"
    ),
) -> None:
    """Export the JSON Schemas of ReportSummary, ChunkResult and Section."""
    for path in export(out_dir):
        typer.echo(str(path))
