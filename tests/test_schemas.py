"""The published JSON Schemas in schemas/ must match the models in the code."""

from __future__ import annotations

from summarizer.schemas_export import schema_documents
from tests.conftest import ROOT


def test_exported_schemas_match_models() -> None:
    documents = schema_documents()
    assert set(documents) == {
        "report_summary.schema.json",
        "chunk_result.schema.json",
        "section.schema.json",
        "track_row.schema.json",
    }
    for name, text in documents.items():
        on_disk = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert on_disk == text, f"schemas/{name} is stale: run `summarizer schema schemas`"


def test_model_facing_schema_is_strict() -> None:
    """OpenAI strict structured outputs: every property required, no extra properties."""
    from summarizer.models import ChunkResult

    schema = ChunkResult.model_json_schema()
    objects = [schema, *schema.get("$defs", {}).values()]
    for obj in objects:
        if obj.get("type") != "object":
            continue
        assert obj.get("additionalProperties") is False, obj.get("title")
        assert set(obj.get("required", [])) == set(obj["properties"]), obj.get("title")
