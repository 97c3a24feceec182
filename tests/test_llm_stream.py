"""Streamed replies: a slow model that keeps writing is never cut; silence is; giving up closes
the stream (the server sees the client go); progress sees every token arrive."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from summarizer.config import load_settings
from summarizer.document.chunking import chunk
from summarizer.document.ingest import load
from summarizer.models import ChunkResult, ReportMeta, Section
from summarizer.providers.llm import Backoff, ExtractionFailed, LLMProvider
from tests.conftest import SEED_REPORTS
from tests.llm_server import LLMServer, load_replies

FAST = Backoff(base=0.01, cap=0.05)
OPENING = "实现地区生产总值15.93亿元"


def _opening() -> Section:
    return next(s for s in chunk(load(SEED_REPORTS["xiaying"])) if OPENING in s.text)


def _recorded() -> ChunkResult:
    return next(ChunkResult.model_validate(r) for _, m, r in load_replies() if m == OPENING)


def _extract(
    server: LLMServer,
    progress: list[int] | None = None,
    section: Section | None = None,
    **overrides: Any,
) -> Any:
    values: dict[str, Any] = {
        "provider": "llm",
        "base_url": server.base_url,
        "model": "test-model",
        "max_retries": 1,
    }
    values.update(overrides)
    provider = LLMProvider(load_settings(values), backoff=FAST)
    if progress is not None:
        provider.on_tokens = progress.append

    async def go() -> Any:
        try:
            return await provider.extract(section or _opening(), ReportMeta())
        finally:
            await provider.aclose()

    return asyncio.run(go())


def test_a_slow_steady_reply_takes_longer_than_the_timeout_and_is_kept() -> None:
    # A second of silence is allowed; the reply takes several, a few characters at a time.
    with LLMServer(token_delay=0.04, chunk_chars=12) as server:
        started = time.monotonic()
        progress: list[int] = []
        got = _extract(server, progress, timeout=1.0)
        elapsed = time.monotonic() - started
    assert got.result == _recorded()
    assert elapsed > 2.5  # far longer than the timeout: it was never a limit on the total
    assert server.request_count == 1 and server.cancelled == 0
    # Progress saw every token arrive, one call per chunk, as many as the usage counts chunks.
    assert len(progress) > 50 and set(progress) == {1}


def test_a_silent_stream_is_closed_and_asked_again() -> None:
    with LLMServer(hang_seconds=10.0) as server:
        server.inject("stall")
        started = time.monotonic()
        got = _extract(server, timeout=0.5)
        elapsed = time.monotonic() - started
        # The server saw the client close the stalled stream (and stops writing to it).
        deadline = time.monotonic() + 3
        while server.cancelled == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.cancelled == 1
    assert got.result == _recorded()
    assert server.request_count == 2
    assert elapsed < 5  # half a second of silence, not the server's ten
    # The stalled reply's tokens were spent, and counted.
    assert got.usage.requests == 2
    assert got.usage.completion_tokens > 0


def test_a_stream_silent_every_time_fails_with_what_it_waited_for() -> None:
    with LLMServer(hang_seconds=10.0) as server:
        server.inject("stall", times=10)
        with pytest.raises(ExtractionFailed) as info:
            _extract(server, timeout=0.4)
        assert server.request_count == 2
    message = str(info.value)
    assert "reply stalled: no token for 0.4s after" in message and "2 attempts" in message
    assert info.value.timed_out


def test_no_first_token_within_the_timeout_is_no_reply() -> None:
    with LLMServer(hang_seconds=10.0) as server:
        server.inject("hang", times=10)
        started = time.monotonic()
        with pytest.raises(ExtractionFailed, match=r"no reply within 0\.3s .* 2 attempts"):
            _extract(server, timeout=0.3)
        assert time.monotonic() - started < 4
        deadline = time.monotonic() + 3
        while server.cancelled < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.cancelled == 2  # both streams closed by the client


def test_an_interrupted_stream_is_asked_again() -> None:
    # llama-cpp-python ends a stream with [DONE] and no finish reason when another request
    # arrives: an answer cut short, never to be read as complete.
    with LLMServer() as server:
        server.inject("interrupt")
        got = _extract(server)
    assert got.result == _recorded()
    assert server.request_count == 2


def test_a_server_that_refuses_stream_options_is_asked_without_them() -> None:
    with LLMServer(stream_options=False) as server:
        got = _extract(server)
        bodies = [r.body for r in server.requests]
    assert got.result == _recorded()
    assert "stream_options" in bodies[0] and "stream_options" not in bodies[-1]
    # Without usage in the stream the tokens are still counted: the prompt as counted before
    # sending, one token per streamed chunk.
    assert got.usage.prompt_tokens > 0 and got.usage.completion_tokens > 0


def test_a_reply_going_round_in_circles_is_stopped_early_asked_warmer_then_halved() -> None:
    section = _opening()
    with LLMServer(replies=[], chunk_chars=8, token_delay=0.01) as server:
        server.inject("loop", times=2)  # at temperature 0, then once more at 0.5
        progress: list[int] = []
        got = _extract(server, progress, max_tokens=4000)
        looped, warm, *halves = server.requests
        deadline = time.monotonic() + 3
        while server.cancelled < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.cancelled == 2  # the client closed each stream: the server stopped
    assert looped.fault == warm.fault == "loop" and len(halves) == 2
    assert warm.body["temperature"] == 0.5 and warm.section_text == looped.section_text
    assert halves[0].section_text + halves[1].section_text == section.text
    # Stopped within a few repeats, far from the 4,000 tokens the reply was allowed.
    assert got.usage.requests == 4
    assert len(progress) < 400
    assert got.result == ChunkResult(achievements=[], targets=[], problems=[])


def _short() -> Section:
    """A part too short to halve (under twice the shortest part)."""
    text = _opening().text[:200]
    return Section(
        id="s01", heading_path=[], level=1, role="review", start=0, end=len(text), text=text
    )


def test_a_short_part_that_loops_at_temperature_0_is_asked_once_more_warmer() -> None:
    with LLMServer(replies=[], chunk_chars=8, token_delay=0.005) as server:
        server.inject("loop")
        got = _extract(server, section=_short(), max_tokens=4000)
        looped, warmer = server.requests
    assert looped.fault == "loop" and warmer.fault is None
    assert looped.body["temperature"] == 0.0 and warmer.body["temperature"] == 0.5
    assert warmer.section_text == looped.section_text  # the same part, not halves
    assert got.usage.requests == 2


def test_a_short_part_that_loops_warm_too_fails_naming_both() -> None:
    with LLMServer(replies=[], chunk_chars=8, token_delay=0.005) as server:
        server.inject("loop", times=2)
        with pytest.raises(ExtractionFailed, match=r"also at temperature 0\.5"):
            _extract(server, section=_short(), max_tokens=4000)
        assert len(server.requests) == 2
