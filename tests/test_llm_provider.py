"""LLMProvider against the project's own OpenAI-compatible server, with the real openai client.

Every fault the server can inject is shown either retried (and the section still extracted) or
reported as a one-line failure with the tokens it consumed.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from summarizer.config import Settings, load_settings
from summarizer.document.chunking import chunk
from summarizer.errors import ConfigError
from summarizer.models import SCHEMA_VERSION, ChunkResult, Document, ReportMeta, Section
from summarizer.prompts import load_prompts
from summarizer.providers import budget
from summarizer.providers import reply as reply_mod
from summarizer.providers.llm import Backoff, ExtractionFailed, LLMProvider
from tests.conftest import SEED_REPORTS
from tests.llm_server import LLMServer, load_replies, prompt_size

# Room for the recorded replies and their re-asks; tests/test_llm_budget.py sizes requests for
# small windows.
WINDOW = 16384
OPENING = "实现地区生产总值15.93亿元"
ECONOMY = "18家规上工业企业实现总产值10.73亿元"
FAST = Backoff(base=0.01, cap=0.05)


@pytest.fixture
def server() -> Iterator[LLMServer]:
    with LLMServer() as running:
        yield running


def _section(report: str, match: str) -> Section:
    text = SEED_REPORTS[report].read_text(encoding="utf-8")
    for section in chunk(Document(text=text)):
        if match in section.text:
            return section
    raise AssertionError(f"no section of {report} contains {match}")


def _recorded(match: str) -> ChunkResult:
    for _, m, result in load_replies():
        if m == match:
            return ChunkResult.model_validate(result)
    raise AssertionError(match)


def _provider(server: LLMServer, **overrides: Any) -> LLMProvider:
    values: dict[str, Any] = {
        "provider": "llm",
        "base_url": server.base_url,
        "model": "test-model",
        "timeout": 5.0,
        "max_retries": 3,
        "context_window": WINDOW,
    }
    values.update(overrides)
    return LLMProvider(load_settings(values), backoff=FAST)


def _extract(provider: LLMProvider, section: Section) -> Any:
    async def run() -> Any:
        try:
            return await provider.extract(section, ReportMeta(title="下应街道2023年上半年工作总结"))
        finally:
            await provider.aclose()

    return asyncio.run(run())


def test_tools_mode_reply_is_typed_counted_and_bounded(server: LLMServer) -> None:
    section = _section("xiaying", OPENING)
    got = _extract(_provider(server), section)
    assert got.result == _recorded(OPENING)
    assert got.usage.requests == 1
    assert got.usage.prompt_tokens > len(section.text)
    assert got.usage.completion_tokens > 0
    body = server.requests[0].body
    # The reply gets what the window leaves after the prompt, up to --max-tokens.
    assert body["max_tokens"] == 4096
    assert got.usage.prompt_tokens == prompt_size(body)  # the server's own usage, streamed
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["temperature"] == 0.0
    assert body["model"] == "test-model"
    tool = body["tools"][0]["function"]
    assert tool["name"] == "SectionExtraction"
    # The schema the model reads carries no titles or English descriptions (the rules are in
    # the system prompt), and says null as a type.
    schema = json.dumps(tool["parameters"], ensure_ascii=False)
    assert '"title"' not in schema and "description" not in schema
    assert '["number", "null"]' in schema
    # The section text travels whole, inside the user template.
    assert server.requests[0].section_text == section.text


@pytest.mark.parametrize("mode", ["JSON", "JSON_SCHEMA", "MD_JSON"])
def test_other_modes_parse_the_same_reply(server: LLMServer, mode: str) -> None:
    section = _section("xiaying", ECONOMY)
    got = _extract(_provider(server, mode=mode), section)
    assert got.result == _recorded(ECONOMY)
    body = server.requests[0].body
    if mode == "JSON_SCHEMA":
        assert body["response_format"]["type"] == "json_schema"
    if mode == "JSON":
        assert body["response_format"]["type"] == "json_object"


def test_429_honours_retry_after(server: LLMServer) -> None:
    server.retry_after = "1"
    server.inject("429")
    started = time.monotonic()
    got = _extract(_provider(server), _section("xiaying", OPENING))
    elapsed = time.monotonic() - started
    assert got.result == _recorded(OPENING)
    assert server.request_count == 2
    assert elapsed >= 0.95, "Retry-After: 1 was not honoured"
    assert got.usage.requests == 2


@pytest.mark.parametrize("fault", ["500", "drop"])
def test_server_errors_and_dropped_connections_are_retried(server: LLMServer, fault: str) -> None:
    server.inject(fault, times=2)
    got = _extract(_provider(server), _section("xiaying", OPENING))
    assert got.result == _recorded(OPENING)
    assert server.request_count == 3
    assert got.usage.requests == 3


def test_hang_past_timeout_is_retried(server: LLMServer) -> None:
    server.hang_seconds = 2.0
    server.inject("hang")
    started = time.monotonic()
    got = _extract(_provider(server, timeout=0.5), _section("xiaying", OPENING))
    assert got.result == _recorded(OPENING)
    assert server.request_count == 2
    assert time.monotonic() - started < 2.0  # the client gave up, it did not wait the hang out


def test_persistent_500_fails_the_section_after_its_retries(server: LLMServer) -> None:
    server.inject("500", times=100)
    with pytest.raises(ExtractionFailed) as info:
        _extract(_provider(server, max_retries=2), _section("xiaying", OPENING))
    assert server.request_count == 3
    message = str(info.value)
    assert "HTTP 500" in message and "3 attempts" in message and "\n" not in message
    assert info.value.usage.requests == 3


def test_persistent_hang_reports_the_timeout(server: LLMServer) -> None:
    server.hang_seconds = 1.0
    server.inject("hang", times=100)
    with pytest.raises(ExtractionFailed, match=r"no reply within 0\.3s"):
        _extract(_provider(server, timeout=0.3, max_retries=1), _section("xiaying", OPENING))
    assert server.request_count == 2


def test_bad_key_is_not_retried(server: LLMServer) -> None:
    server.inject("401", times=100)
    with pytest.raises(ExtractionFailed, match="rejected the API key"):
        _extract(_provider(server, api_key="sk-wrong-key"), _section("xiaying", OPENING))
    assert server.request_count == 1
    # The key went where it belongs (the Authorization header), never into the body.
    assert "sk-wrong-key" not in json.dumps(server.requests[0].body)


@pytest.mark.parametrize("fault", ["malformed", "invalid"])
def test_bad_json_is_reasked_with_the_error(server: LLMServer, fault: str) -> None:
    server.inject(fault)
    got = _extract(_provider(server), _section("xiaying", OPENING))
    assert got.result == _recorded(OPENING)
    assert server.request_count == 2
    first, again = (r.body["messages"] for r in server.requests)
    # The re-ask is the same request plus the model's own reply and what was wrong with it.
    assert again[:2] == first
    assert [m["role"] for m in again[2:]] == ["assistant", "user"]
    bad_reply = again[2]["content"]
    assert bad_reply.startswith('{"achievements"')
    assert "有以下问题" in again[3]["content"]
    detail = "JSON 在中途结束" if fault == "malformed" else "achievements[0].summary"
    assert detail in again[3]["content"]
    # Both replies were billed, so both are counted.
    assert got.usage.requests == 2
    assert got.usage.prompt_tokens == prompt_size(server.requests[0].body) + prompt_size(
        server.requests[1].body
    )


def test_persistent_invalid_json_fails_after_validation_retries(server: LLMServer) -> None:
    server.inject("invalid", times=100)
    with pytest.raises(ExtractionFailed, match="failed validation 3 times"):
        _extract(_provider(server, validation_retries=2), _section("xiaying", OPENING))
    assert server.request_count == 3


@pytest.mark.parametrize("fault", ["length", "cut"])
def test_a_cut_reply_is_never_validated_the_part_is_halved(fault: str) -> None:
    # "length": the server says so; "cut": it says "tool_calls" (as llama-cpp-python does) but
    # the JSON stops part-way, after most of the budget.
    section = _section("xiaying", ECONOMY)
    first_half, second_half = budget.halve(section.text)
    # A long reply for the whole section only (its match spans the cut), none for the halves.
    across = section.text[len(first_half) - 8 : len(first_half) + 8]
    with LLMServer(replies=[("long", across, _recorded(ECONOMY).model_dump())]) as server:
        server.inject(fault)
        got = _extract(_provider(server, max_tokens=300), section)
    first, *halves = server.requests
    assert first.fault == fault and first.reply_name == "long" and len(halves) == 2
    # The same section, asked again in two halves cut at a sentence end.
    assert [h.section_text for h in halves] == [first_half, second_half]
    assert first_half[-1] in "。；;\n"
    assert got.usage.requests == 3
    # Nothing of the cut reply is in the result, though it began with valid items.
    assert got.result == ChunkResult(achievements=[], targets=[], problems=[])


def test_a_reply_cut_for_a_part_too_short_to_halve_fails_clearly(server: LLMServer) -> None:
    section = _section("xiaying", ECONOMY).model_copy(update={"text": "规上工业增加值4.28亿元。"})
    server.inject("length", times=5)
    with pytest.raises(ExtractionFailed, match=r"reply cut at .* cannot be split further") as info:
        _extract(_provider(server), section)
    assert server.request_count == 1
    assert info.value.usage.completion_tokens > 0


def _substring_check(result: ChunkResult, text: str) -> list[str]:
    """A stand-in for verify.numbers_not_in_text: the printed figure must be in the text."""
    missing = []
    for i, item in enumerate(result.achievements):
        for j, metric in enumerate(item.metrics):
            if metric.raw and metric.raw not in text:
                missing.append(f"achievements[{i}].metrics[{j}]: {metric.raw}")
    return missing


def test_numbers_not_in_source_trigger_one_reask(
    server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reply_mod, "_numbers_check", lambda: _substring_check)
    server.inject("badnumbers")
    got = _extract(_provider(server), _section("xiaying", OPENING))
    assert got.result == _recorded(OPENING)
    assert server.request_count == 2
    reask = json.dumps(server.requests[1].body["messages"], ensure_ascii=False)
    assert "找不到" in reask and "48.56亿元" in reask  # 15.93 * 3 + 0.77, the invented figure


def test_bad_numbers_twice_are_kept_not_failed(
    server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reply_mod, "_numbers_check", lambda: _substring_check)
    server.inject("badnumbers", times=5)
    got = _extract(_provider(server), _section("xiaying", OPENING))
    # One re-ask only; the second reply stands, and the cross-check will flag its figures.
    assert server.request_count == 2
    assert got.result.achievements[0].metrics[0].value == pytest.approx(48.56)


def test_real_crosscheck_drives_the_reask_when_present(server: LLMServer) -> None:
    assert reply_mod._numbers_check() is not None
    server.inject("badnumbers")
    got = _extract(_provider(server), _section("xiaying", OPENING))
    assert server.request_count == 2
    assert got.result == _recorded(OPENING)


def test_identity_names_everything_that_changes_a_result_and_no_key(
    server: LLMServer,
) -> None:
    provider = _provider(server, api_key="sk-identity-secret")
    ident = provider.identity()
    assert ident["provider"] == "llm"
    assert ident["endpoint"] == server.base_url
    assert ident["model"] == "test-model"
    assert ident["mode"] == "TOOLS"
    assert ident["prompt_version"] == "extract-v2"
    assert ident["context_window"] == str(WINDOW) and ident["candidates"] == "1"
    assert ident["schema_version"] == SCHEMA_VERSION
    assert ident["temperature"] == "0.0"
    assert len(ident["prompt_digest"]) == 16
    assert "sk-identity-secret" not in json.dumps(ident)
    other = _provider(server, temperature=0.2, mode="JSON", context_window=None).identity()
    assert other["temperature"] != ident["temperature"] and other["mode"] == "JSON"
    assert other["context_window"] == "auto"


def test_missing_model_or_key_is_a_config_error() -> None:
    local = Settings(provider="llm", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(ConfigError, match="--model"):
        LLMProvider(local)
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        LLMProvider(Settings(provider="llm"))


def test_price_table_turns_tokens_into_cost(server: LLMServer) -> None:
    provider = _provider(server, prices={"test-model": (0.001, 0.002)})
    got = _extract(provider, _section("xiaying", OPENING))
    expected = (got.usage.prompt_tokens * 0.001 + got.usage.completion_tokens * 0.002) / 1000
    assert got.usage.cost == pytest.approx(expected)


def test_the_schema_sent_keeps_every_enum_a_grammar_must_enforce() -> None:
    # llama.cpp builds a grammar from the schema; a nullable enum written as a type list would
    # let "个" through as a change's unit (a real reply did, before this was fixed).
    schema = reply_mod.SectionExtraction.model_json_schema()
    change = schema["$defs"]["Change"]["properties"]
    assert change["unit"] == {"enum": ["%", "个百分点", None]}
    assert change["direction"] == {"enum": ["increase", "decrease", "flat", None]}
    assert schema["$defs"]["Metric"]["properties"]["value"] == {"type": ["number", "null"]}
    # The same documents validate as against the full schema.
    good = {"direction": "increase", "amount": 7.37, "unit": "%", "basis": "同比"}
    bad = {**good, "unit": "个"}
    import jsonschema

    full = {"$defs": schema["$defs"], **schema["$defs"]["Change"]}
    jsonschema.validate(good, full)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, full)


def test_a_reply_that_leaves_out_null_fields_is_read_with_them_null() -> None:
    # The schema sent lets a model skip value_hi, qualifier, change, derived and basis: on a
    # CPU model they were a fifth of every reply.
    section = _section("xiaying", OPENING)
    terse = {
        "achievements": [
            {
                "summary": "地区生产总值15.93亿元。",
                "category": "经济发展",
                "metrics": [
                    {
                        "name": "地区生产总值",
                        "value": 15.93,
                        "unit": "亿元",
                        "raw": "15.93亿元",
                        "change": {"direction": "increase", "amount": 10.6, "unit": "%"},
                    }
                ],
                "evidence": "实现地区生产总值15.93亿元,同比增长10.6%",
            }
        ]
    }
    with LLMServer(replies=[("terse", OPENING, json.dumps(terse, ensure_ascii=False))]) as server:
        got = _extract(_provider(server), section)
        assert server.request_count == 1
    (metric,) = got.result.achievements[0].metrics
    assert (metric.value_hi, metric.qualifier, metric.derived) == (None, None, False)
    assert metric.change is not None and metric.change.basis is None
    assert got.result.targets == [] and got.result.problems == []
    schema = reply_mod.SectionExtraction.model_json_schema()["$defs"]
    assert schema["Metric"]["required"] == ["name", "value", "unit", "raw"]


def test_one_bad_item_among_good_ones_is_dropped_not_asked_again() -> None:
    section = _section("xiaying", ECONOMY)
    good = _recorded(ECONOMY).model_dump()
    assert len(good["achievements"]) >= 3
    good["achievements"][1]["category"] = "经济"  # not a category
    with LLMServer(replies=[("one-bad", ECONOMY, good)]) as server:
        got = _extract(_provider(server), section)
        assert server.request_count == 1  # no re-ask for one bad item of many
    assert len(got.result.achievements) == len(good["achievements"]) - 1
    # Most items bad: the reply goes back instead.
    for item in good["achievements"]:
        item["category"] = "经济"
    with LLMServer(replies=[("all-bad", ECONOMY, good)]) as server:
        with pytest.raises(ExtractionFailed, match="failed validation"):
            _extract(_provider(server, validation_retries=1), section)
        assert server.request_count == 2


def test_worked_examples_are_shown_without_the_fields_a_model_may_leave_out() -> None:
    system = load_prompts().system_with(3)
    assert '"value_hi"' not in system and '"derived"' not in system
    assert '"qualifier":"突破"' in system  # a qualifier that is there stays
    assert '"value":12451.8' in system and '"value":76,' in system  # 76, not 76.0
