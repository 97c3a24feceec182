"""summarize_paths over the real fixture reports: the local LLM server and the rules default."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer import pipeline
from summarizer.cache import Cache
from summarizer.config import load_settings
from summarizer.errors import CacheError, InputError
from summarizer.pipeline import expand_paths, summarize_paths
from tests.conftest import REPORTS, SEED_REPORTS
from tests.llm_server import LLMServer

FIVE = [SEED_REPORTS[name] for name in ("xiaying", "dongliu", "xinqi", "xicheng", "xiasha")]


@pytest.fixture
def server() -> Iterator[LLMServer]:
    with LLMServer() as running:
        yield running


def _settings(server: LLMServer, tmp_path: Path, **extra: Any) -> Any:
    values: dict[str, Any] = {
        "provider": "llm",
        "base_url": server.base_url,
        "model": "test-model",
        "cache_path": str(tmp_path / "cache.sqlite3"),
        "max_retries": 2,
        "timeout": 5.0,
    }
    values.update(extra)
    return load_settings(values)


def test_expand_files_folders_globs_in_order_without_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEED_REPORTS["xiaying"], folder / "b.txt")
    shutil.copy(SEED_REPORTS["dongliu"], folder / "sub" / "a.txt")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    got = expand_paths([SEED_REPORTS["xinqi"], folder, str(folder / "*.txt")])
    assert got == [SEED_REPORTS["xinqi"], folder / "b.txt", folder / "sub" / "a.txt"]
    with pytest.raises(InputError, match="no such file"):
        expand_paths([tmp_path / "missing.txt"])
    with pytest.raises(InputError, match="match"):
        expand_paths([str(tmp_path / "*.docx")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no report files"):
        expand_paths([tmp_path / "empty"])


def test_llm_run_over_five_reports_then_cached_rerun_makes_no_request(
    server: LLMServer, tmp_path: Path
) -> None:
    settings = _settings(server, tmp_path, concurrency=6)
    first = summarize_paths(FIVE, settings, progress=False)
    assert [o.path for o in first] == FIVE  # input order kept
    assert all(o.summary is not None and o.error is None for o in first)
    sections = sum(len(o.summary.sections) for o in first if o.summary)
    asked = server.request_count
    # Every section with content went out once (a few trivially short ones are skipped).
    assert sections - 3 <= asked <= sections
    xiaying = first[0].summary
    assert xiaying is not None
    assert xiaying.provider == "llm" and xiaying.model == "test-model"
    assert xiaying.prompt_version == "extract-v2"
    assert xiaying.usage.requests == sum(s.usage.requests for s in xiaying.sections)
    assert xiaying.usage.prompt_tokens > 0
    gdp = [a for a in xiaying.achievements if "15.93亿元" in a.evidence]
    assert gdp and gdp[0].start is not None  # the lead's assembly located the quote

    second = summarize_paths(FIVE, settings, progress=False)
    assert server.request_count == asked, "a cached re-run must not ask the endpoint"
    for before, after in zip(first, second, strict=True):
        assert before.summary is not None and after.summary is not None
        assert after.summary.achievements == before.summary.achievements
        assert after.summary.usage.prompt_tokens == 0
        assert after.summary.usage.cache_hits == sum(
            1 for s in after.summary.sections if s.status == "cached"
        )
        assert after.summary.usage.cache_hits > 0


def test_failed_section_is_marked_and_the_rest_kept(server: LLMServer, tmp_path: Path) -> None:
    server.inject("500", match="18家规上工业企业实现总产值10.73亿元", times=100)
    settings = _settings(server, tmp_path, max_retries=1)
    (outcome,) = summarize_paths([SEED_REPORTS["xiaying"]], settings, progress=False)
    summary = outcome.summary
    assert summary is not None and summary.error is None
    failed = [s for s in summary.sections if s.status == "failed"]
    assert len(failed) == 1
    assert "HTTP 500" in (failed[0].error or "")
    assert failed[0].usage.requests == 2  # the failed attempts are counted, not lost
    # The other sections' items are all there.
    assert any("15.93亿元" in a.evidence for a in summary.achievements)
    assert any("182处" in a.evidence for a in summary.achievements)
    # The failure is not cached: the next run asks again for that section only.
    before = server.request_count
    summarize_paths(
        [SEED_REPORTS["xiaying"]], settings.model_copy(update={"max_retries": 0}), progress=False
    )
    assert server.request_count == before + 1


def test_every_fault_in_one_run_loses_nothing(server: LLMServer, tmp_path: Path) -> None:
    server.hang_seconds = 1.5
    server.inject("429", match="实现地区生产总值15.93亿元")
    server.inject("hang", match="18家规上工业企业")
    server.inject("malformed", match="上半年排查辖区重大安全隐患182处")
    server.inject("invalid", match="2024年街道经济社会发展的主要目标为")
    server.inject("drop", match="存在一些短板和弱项")
    settings = _settings(server, tmp_path, timeout=0.8, concurrency=4)
    outcomes = summarize_paths(
        [SEED_REPORTS["xiaying"], SEED_REPORTS["dongliu"]], settings, progress=False
    )
    assert server.faults_left() == 0
    for outcome in outcomes:
        assert outcome.summary is not None
        assert [s.id for s in outcome.summary.sections if s.status == "failed"] == []
    xiaying, dongliu = (o.summary for o in outcomes)
    assert xiaying is not None and dongliu is not None
    assert {"15.93亿元", "10.73亿元", "182处"} <= {
        m.raw for a in xiaying.achievements for m in a.metrics if m.raw
    }
    assert any(t.evidence == "固定资产投资达9亿元" for t in dongliu.targets)
    assert len(dongliu.problems) == 3


def test_unreadable_report_is_an_outcome_not_a_crash(server: LLMServer, tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    outcomes = summarize_paths(
        [bad, SEED_REPORTS["xiaying"]], _settings(server, tmp_path), progress=False
    )
    assert outcomes[0].summary is None and outcomes[0].error
    assert "broken.docx" in outcomes[0].error
    assert outcomes[1].summary is not None


def test_identical_reports_in_one_run_ask_once(server: LLMServer, tmp_path: Path) -> None:
    utf8 = REPORTS / "ningbo-dongliu-2023.txt"
    gb = REPORTS / "ningbo-dongliu-2023.gb18030.txt"
    if not gb.exists():
        pytest.skip("GB18030 copy of the Dongliu report not in fixtures")
    settings = _settings(server, tmp_path, no_cache=True)
    a, b = summarize_paths([utf8, gb], settings, progress=False)
    assert a.summary is not None and b.summary is not None
    assert b.summary.achievements == a.summary.achievements
    asked = {r.section_text for r in server.requests}
    assert len(asked) == server.request_count  # no section text asked twice


def test_cache_write_failure_keeps_the_results(
    server: LLMServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    def disk_full(self: Cache, *args: Any, **kwargs: Any) -> None:
        raise CacheError(f"cannot write cache {self.path}: database or disk is full")

    monkeypatch.setattr(Cache, "put", disk_full)
    (outcome,) = summarize_paths(
        [SEED_REPORTS["xiaying"]], _settings(server, tmp_path), progress=False
    )
    assert outcome.summary is not None
    assert not [s for s in outcome.summary.sections if s.status == "failed"]
    assert any("15.93亿元" in a.evidence for a in outcome.summary.achievements)
    assert "disk is full" in capsys.readouterr().err


def test_unopenable_cache_runs_without_it(server: LLMServer, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    settings = _settings(server, tmp_path, cache_path=str(blocker / "c.sqlite3"))
    (outcome,) = summarize_paths([SEED_REPORTS["xiaying"]], settings, progress=False)
    assert outcome.summary is not None


def test_concurrency_bounds_requests_in_flight(tmp_path: Path) -> None:
    with LLMServer(delay=0.2) as slow:
        settings = _settings(slow, tmp_path, concurrency=2, no_cache=True)
        summarize_paths([SEED_REPORTS["xiaying"], SEED_REPORTS["xinqi"]], settings, progress=False)
        times = sorted(r.at for r in slow.requests)
    # With 2 in flight and 0.2 s each, no three requests can start within 0.2 s of each other.
    assert all(times[i + 2] - times[i] >= 0.15 for i in range(len(times) - 2))


def test_rules_default_needs_no_network_and_stores_no_results(tmp_path: Path) -> None:
    settings = load_settings({"cache_path": str(tmp_path / "c.sqlite3")})
    outcomes = summarize_paths(FIVE, settings, progress=False)
    assert all(o.summary is not None and o.summary.provider == "rules" for o in outcomes)
    # The database holds review decisions and flags for rules runs too, but no results:
    # re-running the rules is cheaper than looking them up.
    with Cache(tmp_path / "c.sqlite3") as cache:
        assert cache.stats().entries == 0
    assert sum(len(o.summary.achievements) for o in outcomes if o.summary) > 50


def test_short_sections_are_not_sent(server: LLMServer, tmp_path: Path) -> None:
    note = tmp_path / "short.txt"
    note.write_text(
        "一、总体情况\n\n好。\n\n二、经济发展\n\n"
        + "实现地区生产总值15.93亿元,同比增长10.6%。" * 2,
        encoding="utf-8",
    )
    (outcome,) = summarize_paths([note], _settings(server, tmp_path), progress=False)
    assert outcome.summary is not None
    short, full = outcome.summary.sections
    assert len(short.text.strip()) < pipeline.MIN_SECTION_CHARS
    assert short.status == "ok" and short.usage.requests == 0
    assert full.usage.requests >= 1
    assert all("好。" not in r.section_text for r in server.requests)
