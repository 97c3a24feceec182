"""Requests sized to the endpoint's context window, against the project's own server.

The server counts tokens as a byte-level tokenizer would (tests/llm_server.py), refuses a prompt
longer than its window and cuts a reply at it, as llama.cpp's servers do; the client counts with
the server's tokenizer route when there is one, else a conservative estimate.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.config import load_settings
from summarizer.document.chunking import chunk
from summarizer.document.ingest import load
from summarizer.models import ChunkResult, ReportMeta, Section
from summarizer.pipeline import summarize_paths
from summarizer.prompts import PromptSet, load_prompts
from summarizer.providers import budget
from summarizer.providers.endpoint import ASSUMED_LOCAL_WINDOW, server_root, window_in_error
from summarizer.providers.llm import REASK_EXTRA, Backoff, ExtractionFailed, LLMProvider
from summarizer.providers.reply import MAX_ERRORS
from tests.conftest import SEED_REPORTS
from tests.llm_server import LLMServer, load_replies, prompt_size, tokens

FAST = Backoff(base=0.01, cap=0.05)
META = ReportMeta(title="下应街道2023年上半年工作总结")


def _longest_section(report: str = "xiaying") -> Section:
    return max(chunk(load(SEED_REPORTS[report])), key=lambda s: len(s.text))


def _whole_report(report: str = "xiaying") -> Section:
    """A whole seed report as one section: longer than any of its own (3,000 characters)."""
    text = load(SEED_REPORTS[report]).text
    return Section(
        id="s01", heading_path=[], level=1, role="review", start=0, end=len(text), text=text
    )


def _provider(server: LLMServer, prompts: PromptSet | None = None, **overrides: Any) -> LLMProvider:
    values: dict[str, Any] = {
        "provider": "llm",
        "base_url": server.base_url,
        "model": "test-model",
        "timeout": 5.0,
        "max_retries": 1,
    }
    values.update(overrides)
    return LLMProvider(load_settings(values), backoff=FAST, prompts=prompts)


def _run(provider: LLMProvider, section: Section, notices: list[str] | None = None) -> Any:
    if notices is not None:
        provider.on_notice = notices.append

    async def go() -> Any:
        try:
            return await provider.extract(section, META)
        finally:
            await provider.aclose()

    return asyncio.run(go())


# --------------------------------------------------------------------------- counting, splitting


def test_the_estimate_never_counts_chinese_below_one_token_a_character() -> None:
    text = SEED_REPORTS["xiaying"].read_text(encoding="utf-8")
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    assert budget.estimate_tokens(text) >= han
    # Digits one each: a tokenizer that splits numbers into digits is never under-counted.
    assert budget.estimate_tokens("15.93亿元") >= 4 + 2
    assert budget.estimate_tokens("") == 0


@pytest.mark.parametrize("limit", [80, 200, 600])
def test_split_text_gives_the_text_back_in_parts_that_fit(limit: int) -> None:
    for report in SEED_REPORTS:
        for section in chunk(load(SEED_REPORTS[report])):
            parts = budget.split_text(section.text, limit, budget.estimate_tokens)
            assert "".join(parts) == section.text
            for part in parts[:-1]:
                assert budget.estimate_tokens(part) <= limit or len(part) <= budget.MIN_PART_CHARS
                # Never inside a figure: a part does not end between two digits.
                nxt = section.text[len(part) :][:1]
                assert not (part[-1].isdigit() and nxt.isdigit())


def test_halve_cuts_at_a_sentence_end_near_the_middle() -> None:
    section = _longest_section()
    first, second = budget.halve(section.text)
    assert first + second == section.text
    assert first[-1] in "。；！？!?;\n"
    assert abs(len(first) - len(second)) < len(section.text) // 2
    assert budget.halve("太短。") == ["太短。"]


def test_window_in_a_servers_error_and_the_server_root() -> None:
    assert window_in_error("This model's maximum context length is 4096 tokens. However") == 4096
    assert window_in_error("Requested tokens (5000) exceed context window of 2048") == 2048
    assert window_in_error("the request exceeds the available context size (8192 tokens)") == 8192
    assert window_in_error("upstream exploded") is None
    assert server_root("http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080"
    assert server_root("http://host/proxy/v1/") == "http://host/proxy"


def test_the_automatic_first_token_wait_grows_with_the_prompt() -> None:
    auto = load_settings({"provider": "llm"})
    assert auto.timeout is None and auto.silence_limit == 60.0
    assert auto.first_token_limit(0) == 60.0
    assert auto.first_token_limit(3000) == 60.0 + 300.0
    chosen = load_settings({"provider": "llm", "timeout": 7})
    assert chosen.silence_limit == 7.0 and chosen.first_token_limit(3000) == 7.0


# --------------------------------------------------------------------------- what the server says


def test_llama_server_props_give_the_window_the_slots_and_exact_counts() -> None:
    with LLMServer(context_window=6000, props=True, slots=2) as server:
        provider = _provider(server)
        _run(provider, _longest_section())
        info = provider.endpoint_info
        assert info is not None
        assert (info.server, info.context_window, info.window_source, info.slots) == (
            "llama-server",
            6000,
            "server",
            2,
        )
        assert any(p.endswith("/tokenize") for p in server.probes)
        assert server.max_in_flight <= 2
        for request in server.requests:
            assert prompt_size(request.body) + request.body["max_tokens"] <= 6000


def test_llama_cpp_python_is_asked_one_request_at_a_time_with_exact_counts() -> None:
    # Its server answers one request at a time, and a second one interrupts the reply being
    # streamed; it says nothing of its window, so the assumption is stated once.
    with LLMServer(props=False, tokenize=True, context_window=None, token_delay=0.002) as server:
        settings = {
            "provider": "llm",
            "base_url": server.base_url,
            "model": "test-model",
            "concurrency": 4,
            "no_cache": True,
        }
        notices: list[str] = []

        from rich.console import Console

        console = Console(stderr=True, record=True)
        (outcome,) = summarize_paths(
            [SEED_REPORTS["xiaying"]], load_settings(settings), progress=False, console=console
        )
        notices.append(console.export_text())
        assert outcome.summary is not None and outcome.error is None
        assert server.max_in_flight == 1
        assert any(p.endswith("/extras/tokenize/count") for p in server.probes)
        assert f"assuming {ASSUMED_LOCAL_WINDOW} tokens" in notices[0]
        assert notices[0].count("context window of") == 1
        for request in server.requests:
            assert prompt_size(request.body) + request.body["max_tokens"] <= ASSUMED_LOCAL_WINDOW


@pytest.mark.parametrize(
    ("server_kwargs", "server_name"),
    [
        ({"props": False, "max_model_len": 7000}, "vllm"),
        ({"props": False, "ollama_num_ctx": 7000}, "ollama"),
    ],
)
def test_vllm_and_ollama_say_their_window_too(
    server_kwargs: dict[str, Any], server_name: str
) -> None:
    with LLMServer(**server_kwargs) as server:
        provider = _provider(server)
        _run(provider, _longest_section())
        info = provider.endpoint_info
        assert info is not None
        assert (info.server, info.context_window, info.window_source) == (
            server_name,
            7000,
            "server",
        )


def test_the_setting_wins_over_what_the_server_says() -> None:
    with LLMServer(context_window=32768, props=True) as server:
        provider = _provider(server, context_window=5000)
        _run(provider, _longest_section())
        assert provider.endpoint_info is not None
        assert provider.endpoint_info.context_window == 5000
        assert provider.endpoint_info.window_source == "set"
        assert all(prompt_size(r.body) + r.body["max_tokens"] <= 5000 for r in server.requests)


# --------------------------------------------------------------------------- fitting


def test_a_request_that_cannot_fit_is_an_error_naming_the_numbers_and_nothing_is_sent() -> None:
    with LLMServer(context_window=1024, props=True) as server:
        with pytest.raises(ExtractionFailed) as info:
            _run(_provider(server), _longest_section())
        assert server.request_count == 0  # no chat request at all
    message = str(info.value)
    assert "\n" not in message
    assert "context window of 1024 tokens" in message
    assert "the rules, examples and schema" in message and "not sent" in message
    # Every number it names adds up: prompt + reply floor + margin > window.
    prompt = int(message.split(" = ")[1].split(" ")[0])
    assert prompt + budget.MIN_REPLY + budget.safety_margin(1024) > 1024
    assert info.value.usage.requests == 0
    # The next section would fail the same way: the pipeline stops asking.
    assert info.value.endpoint_down


def test_a_run_whose_prompt_cannot_fit_says_so_once_and_sends_nothing(tmp_path: Path) -> None:
    with LLMServer(context_window=1024, props=True) as server:
        settings = load_settings(
            {
                "provider": "llm",
                "base_url": server.base_url,
                "model": "test-model",
                "cache_path": str(tmp_path / "c.sqlite3"),
            }
        )
        (outcome,) = summarize_paths([SEED_REPORTS["xiaying"]], settings, progress=False)
        assert server.request_count == 0
    assert outcome.summary is not None
    errors = [s.error for s in outcome.summary.sections if s.error]
    assert errors and all("context window of 1024 tokens" in e for e in errors)
    assert sum(1 for e in errors if e.startswith("not sent:")) >= len(errors) - 4


def test_a_long_section_is_split_at_sentence_ends_to_fit_a_small_window() -> None:
    section = _whole_report()
    window = 4096
    with LLMServer(context_window=window, props=True, replies=[]) as server:
        got = _run(_provider(server), section)
        asked = list(server.requests)
    assert len(asked) >= 2
    assert "".join(r.section_text for r in asked) == section.text
    for request in asked:
        assert request.section_text[-1] in "。；！？!?;\n" or request is asked[-1]
        room = request.body["max_tokens"]
        assert prompt_size(request.body) + room <= window
        # The reply is given what its part needs, never a crumb.
        assert room >= budget.reply_room(tokens(request.section_text)) * 0.5
    assert got.usage.requests == len(asked)
    assert isinstance(got.result, ChunkResult)


def test_examples_are_dropped_before_the_section_is_starved() -> None:
    def system_of(window: int) -> str:
        with LLMServer(context_window=window, props=True) as server:
            _run(_provider(server), _longest_section())
            return str(server.requests[0].body["messages"][0]["content"])

    big, small = system_of(32768), system_of(3000)
    assert "示例1" in big and "示例3" in big
    assert "示例" not in small
    # The examples are this project's own, from a report no test or benchmark scores.
    assert "江苏" not in small and "12451.8亿元" in big


def test_a_window_learned_from_the_servers_refusal_resizes_the_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The server says nothing of its window, so 4,096 is assumed; it holds a little less than
    # the largest prompt that assumption sends. Its refusal names its window, and what is
    # left of the section goes out in parts sized for it.
    # Short rules, a small reply floor, and a text that goes out whole under the assumed
    # window: the window that refuses it still has room for its parts.
    monkeypatch.setattr(budget, "MIN_REPLY", 128)
    short = dataclasses.replace(load_prompts(), system_template="按规则提取。$example", examples=())
    whole = _whole_report().text
    text = budget.split_text(whole, 600, budget.estimate_tokens)[0]
    section = Section(
        id="s01", heading_path=[], level=1, role="review", start=0, end=len(text), text=text
    )
    with LLMServer(props=False, tokenize=True, replies=[]) as roomy:
        _run(_provider(roomy, prompts=short), section)
        sizes = [prompt_size(r.body) for r in roomy.requests]
    window = max(sizes) - 1
    with LLMServer(context_window=window, props=False, tokenize=True, replies=[]) as server:
        notices: list[str] = []
        provider = _provider(server, prompts=short)
        got = _run(provider, section, notices)
        asked = list(server.requests)
    refused = [n for n, r in enumerate(asked) if prompt_size(r.body) >= window]
    assert len(refused) == 1
    assert any(f"says its context window is {window} tokens" in n for n in notices)
    assert provider.endpoint_info is not None
    assert provider.endpoint_info.context_window == window
    assert all(
        prompt_size(r.body) + r.body["max_tokens"] <= window for r in asked[refused[0] + 1 :]
    )
    # Every character of the section was asked about once, outside the refused request.
    answered = [r for n, r in enumerate(asked) if n != refused[0]]
    assert "".join(r.section_text for r in answered) == section.text
    assert got.usage.requests == len(asked)


def test_a_learned_window_too_small_for_the_prompt_is_the_one_line_error() -> None:
    with LLMServer(context_window=1200, props=False) as server:
        with pytest.raises(ExtractionFailed, match="context window of 1200 tokens") as info:
            _run(_provider(server), _longest_section())
        assert server.request_count == 1  # the refused one; nothing after it
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------- re-asks


def _long_invalid_reply() -> dict[str, Any]:
    """A long reply that fails validation in many places: every hand-written reply's
    achievements together, each with a category that is not one."""
    items = [a for _, _, r in load_replies() for a in r["achievements"]]
    items = json.loads(json.dumps(items))
    for item in items:
        item["category"] = "经济"
    return {"achievements": items, "targets": [], "problems": []}


def test_a_reask_sends_back_only_the_trimmed_reply_and_errors_within_its_bound() -> None:
    section = _longest_section()
    reply = _long_invalid_reply()
    match = section.text[40:60]
    with LLMServer(replies=[("long-invalid", match, reply)], context_window=16384) as server:
        with pytest.raises(ExtractionFailed, match="failed validation 3 times") as info:
            _run(_provider(server, validation_retries=2), section)
        first, *reasks = server.requests
    assert len(reasks) == 2
    first_prompt = prompt_size(first.body)
    assert tokens(json.dumps(reply, ensure_ascii=False)) > REASK_EXTRA  # too long to send back
    for again in reasks:
        # Never the whole conversation: the first request, one reply, one list of errors.
        messages = again.body["messages"]
        assert messages[:2] == first.body["messages"] and len(messages) == 4
        assert prompt_size(again.body) - first_prompt <= REASK_EXTRA
        assert messages[2]["content"].endswith("……（后略）")
        errors = [line for line in messages[3]["content"].splitlines() if line.startswith("- ")]
        assert 1 <= len(errors) <= MAX_ERRORS + 1
        assert "category" in messages[3]["content"]
    # The section's total stays under its bound: each try at most one window.
    used = info.value.usage
    assert used.prompt_tokens + used.completion_tokens <= 3 * 16384


def test_a_section_stops_at_its_token_budget() -> None:
    # Every reply is cut, so every part is halved again: the budget, not the depth, ends it.
    section = _longest_section()
    with LLMServer(context_window=4096, props=True) as server:
        server.inject("length", times=10_000)
        with pytest.raises(ExtractionFailed) as info:
            _run(_provider(server, validation_retries=0), section)
    used = info.value.usage
    settings_budget = (0 + 2) * 4096 * 4  # validation_retries + 2 windows per estimated part
    assert used.prompt_tokens + used.completion_tokens <= settings_budget
    assert "token budget" in str(info.value) or "cannot be split further" in str(info.value)
