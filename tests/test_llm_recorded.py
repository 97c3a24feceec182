"""A real local model's replies, replayed through the project's server with the real client.

fixtures/replies/recorded/*.json were written by bench/record_replies.py from Qwen2.5-Coder-1.5B
(Q4_K_M, llama-cpp-python's server on CPU) for parts of seed and corpus reports; each file names
the model, the prompt version and the date, and holds the reply exactly as the model wrote it.
Replayed through the server and the real client, each comes out as today's parser reads it:
parsed and checked figure by figure, sent back with its errors, or (cut, or going round in
circles) never read and its part asked again in halves. They keep the parser honest about what
a small model really writes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.assemble import build_summary
from summarizer.config import load_settings
from summarizer.document.ingest import load
from summarizer.models import Document, ReportMeta, Section
from summarizer.prompts import PROMPT_VERSION
from summarizer.providers.llm import Backoff, ExtractionFailed, LLMProvider
from summarizer.providers.reply import ReplyCut, parse_reply
from tests.conftest import ROOT
from tests.llm_server import RECORDED, LLMServer

CORPUS = ROOT.parent / "shared" / "corpus"
FILES = sorted(RECORDED.glob("*.json"))


def _source(data: dict[str, Any]) -> Path:
    source = str(data["source"])
    if source.startswith("corpus/"):
        return CORPUS / source.removeprefix("corpus/")
    return ROOT / source


def _part(data: dict[str, Any]) -> Section:
    text = str(data["text"])
    return Section(
        id=data["section"]["id"],
        heading_path=data["section"]["heading_path"],
        level=1,
        role=data["section"].get("role", "review"),
        start=0,
        end=len(text),
        text=text,
    )


def test_there_are_recorded_replies_from_seeds_and_corpus() -> None:
    assert len(FILES) >= 4
    sources = {json.loads(f.read_text(encoding="utf-8"))["source"] for f in FILES}
    assert any(s.startswith("fixtures/") for s in sources)
    assert any(s.startswith("corpus/") for s in sources)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_a_recorded_reply_says_where_it_came_from(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["model"] and data["model_file"]
    assert data["prompt_version"].startswith("extract-")
    dt.date.fromisoformat(data["recorded"])
    assert data["reply"].lstrip().startswith("{")
    assert data["match"] in data["text"]
    if data["prompt_version"] == PROMPT_VERSION:
        source = _source(data)
        if not source.exists():
            pytest.skip(f"{source} is absent (the shared corpus is not checked out)")
        # The part is the report's own text, as cleaned.
        assert data["text"] in load(source).text


def _expected(data: dict[str, Any]) -> str:
    """What today's parser makes of the reply on its own: valid, invalid, or cut."""
    if data["finish_reason"] in ("length", "repetition"):
        return "cut"
    try:
        parse_reply(data["reply"], {"section_text": data["text"], "numbers_reasked": False})
    except ReplyCut:
        return "cut"
    except (ValidationError, ValueError):
        return "invalid"
    return "valid"


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_a_recorded_reply_replays_through_the_server(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    part = _part(data)
    expected = _expected(data)
    # A reply that stopped going round in circles was cut by the client live; served whole it
    # reads the same way only if the loop is in it, which the server cannot stop: serve it
    # with the finish reason it had.
    with LLMServer(replies=[(path.stem, data["match"], data["reply"])]) as server:
        if data["finish_reason"] == "length":
            server.inject("length")
        settings = load_settings(
            {
                "provider": "llm",
                "base_url": server.base_url,
                "model": "test-model",
                "validation_retries": 0,
                "max_retries": 0,
                "context_window": 32768,
                "max_tokens": 16000,
            }
        )
        provider = LLMProvider(settings, backoff=Backoff(base=0.01, cap=0.02))

        async def go() -> Any:
            try:
                return await provider.extract(part, ReportMeta())
            finally:
                await provider.aclose()

        if expected == "invalid":
            # Live, it was sent back with its errors; here no re-ask is allowed.
            with pytest.raises(ExtractionFailed, match="failed validation"):
                asyncio.run(go())
            return
        try:
            got = asyncio.run(go())
        except ExtractionFailed:
            got = None
        first = server.requests[0]
    if expected == "cut":
        # Never read as complete: the part was asked again in halves (or, too short to halve,
        # failed saying so).
        assert server.request_count >= 3 or got is None
        assert first.reply_name == path.stem
        return
    assert got is not None and server.request_count == 1
    items = got.result.achievements + got.result.targets + got.result.problems
    if data["outcome"] == "valid":
        assert len(items) == data["items"]
    # The cross-check reads every figure and quote the model wrote, against the part.
    doc = Document(text=part.text)
    summary = build_summary(doc, [part], [(part, got, None, False)], provider)
    figures = [c for c in summary.checks if c.field.startswith(("metrics", "metric"))]
    claimed = sum(1 for a in got.result.achievements for m in a.metrics if m.value is not None)
    assert len(figures) >= claimed
