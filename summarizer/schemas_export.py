"""JSON Schemas of the public outputs, generated from the pydantic models.

`schemas/` in the repository holds the exported files; a test regenerates them and fails on
drift, so the published schema and the code cannot disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarizer.errors import OutputError
from summarizer.files import write_atomically
from summarizer.models import ChunkResult, ReportSummary, Section
from summarizer.track_rows import TrackRow

PUBLIC_MODELS: dict[str, type[BaseModel]] = {
    "report_summary": ReportSummary,
    "chunk_result": ChunkResult,
    "section": Section,
    "track_row": TrackRow,
}


def schema_documents() -> dict[str, str]:
    """File name → JSON text, for every public model."""
    out: dict[str, str] = {}
    for name, model in PUBLIC_MODELS.items():
        schema: dict[str, Any] = model.model_json_schema(mode="serialization")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://summarizer.local/schemas/{name}.schema.json"
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def export(directory: Path) -> list[Path]:
    """Write every schema into `directory` (created if needed), each file atomically.

    Raises OutputError (one line) for a path that is a file or a folder that cannot be written.
    """
    try:
        if directory.exists() and not directory.is_dir():
            raise OutputError(directory, "is a file; name a folder to write the schemas into")
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(directory, f"cannot create the folder: {exc.strerror or exc}") from None
    written = []
    for filename, text in schema_documents().items():
        path = directory / filename
        write_atomically(path, text)
        written.append(path)
    return written
