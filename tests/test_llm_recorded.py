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
from summarizer.document.chunking import chunk
from summarizer.document.ingest import load
from summarizer.models import Document, ReportMeta, Section
from summarizer.prompts import PROMPT_VERSION
from summarizer.providers.base import Extraction
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


# Qwen2.5-Coder-1.5B's targets for 云南省-2003 s12 (candidates on, 2026-11-28,
# bench/llm_candidates.py), as it wrote them: each figure quoted whole in `raw`, its qualifier
# (以上, 左右, 以内) and often its unit left out of the fields.
_YUNNAN_TARGETS = [
    ("国内生产总值", 7.5, "%", "国内生产总值增长7.5%以上"),
    ("社会消费品零售总额", 9.0, "", "社会消费品零售总额实际增长9%左右"),
    ("城镇登记失业率", 4.5, "", "城镇登记失业率控制在4.5%以内"),
    ("人口自然增长率", 10.45, "", "人口自然增长率控制在10.45‰以内"),
]


def test_a_qualifier_the_model_quoted_but_left_out_is_read_from_its_quote() -> None:
    source = CORPUS / "provinces" / "云南省-2003.md"
    if not source.exists():
        pytest.skip(f"{source} is absent (the shared corpus is not checked out)")
    doc = load(source)
    part = next(s for s in chunk(doc) if s.id == "s12")
    reply = {
        "targets": [
            {
                "summary": raw,
                "metric": {"name": n, "value": v, "unit": u, "raw": raw},
                "evidence": raw,
            }
            for n, v, u, raw in _YUNNAN_TARGETS
        ]
    }
    context = {"section_text": part.text, "numbers_reasked": False}
    got = parse_reply(json.dumps(reply, ensure_ascii=False), context)
    assert [(t.metric.qualifier, t.metric.unit) for t in got.targets if t.metric] == [
        ("以上", "%"),
        ("左右", "%"),
        ("以内", "%"),
        ("以内", "‰"),
    ]
    provider = LLMProvider(
        load_settings({"provider": "llm", "base_url": "http://127.0.0.1:9/v1", "model": "qwen"})
    )
    summary = build_summary(doc, [part], [(part, Extraction(got), None, False)], provider)
    assert [c.status for c in summary.checks if c.field == "metric"] == ["verified"] * 4

    # A qualifier the model did write is its claim, and is checked as written.
    reply["targets"][0]["metric"]["qualifier"] = "左右"
    got = parse_reply(json.dumps(reply, ensure_ascii=False), context)
    summary = build_summary(doc, [part], [(part, Extraction(got), None, False)], provider)
    assert next(c.status for c in summary.checks if c.field == "metric") == "qualifier_mismatch"
