"""`summarizer summarize` and `summarizer cache` end to end, on the real fixture reports."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import _register, app
from summarizer.models import ReportSummary
from tests.conftest import ROOT, SEED_REPORTS
from tests.llm_server import LLMServer

_register()
XIAYING = str(SEED_REPORTS["xiaying"])
DONGLIU = str(SEED_REPORTS["dongliu"])


@pytest.fixture
def server() -> Iterator[LLMServer]:
    with LLMServer() as running:
        yield running


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)


def llm_options(server: LLMServer, tmp_path: Path) -> list[str]:
    return [
        "--provider",
        "llm",
        "--base-url",
        server.base_url,
        "--model",
        "test-model",
        "--cache",
        str(tmp_path / "cache.sqlite3"),
        "--quiet",
    ]


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The installed entry point's behaviour (error lines, exit codes) in a real process."""
    return subprocess.run(
        [sys.executable, "-c", "from summarizer.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_rules_default_json_with_one_line_notice() -> None:
    result = _run("summarize", XIAYING, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    summary = ReportSummary.model_validate(data)
    assert summary.provider == "rules"
    assert summary.report.path == XIAYING
    for key in ("report", "sections", "achievements", "targets", "problems", "flags", "usage"):
        assert key in data
    notice = [line for line in result.stderr.splitlines() if "provider: rules" in line]
    assert len(notice) == 1 and "--provider llm" in notice[0]
    # -q: nothing on stderr at all, the provider line included.
    quiet = _run("summarize", XIAYING, "--format", "json", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_key_in_environment_sends_nothing(server: LLMServer, tmp_path: Path) -> None:
    env = {"OPENAI_API_KEY": "sk-env-secret-123", "OPENAI_BASE_URL": server.base_url}
    result = _run("summarize", XIAYING, "-f", "json", env=env)
    assert result.exit_code == 0
    assert server.request_count == 0
    assert "OPENAI_API_KEY" in result.stderr and "--provider llm" in result.stderr
    assert "sk-env-secret-123" not in result.stdout + result.stderr
    # Choosing the LLM is what sends the report.
    env["SUMMARIZER_PROVIDER"] = "llm"
    env["SUMMARIZER_MODEL"] = "test-model"
    env["SUMMARIZER_CACHE"] = str(tmp_path / "c.sqlite3")
    assert _run("summarize", XIAYING, "-f", "json", "-q", env=env).exit_code == 0
    assert server.request_count > 0


def test_jsonl_one_line_per_input_in_order_with_errors(server: LLMServer, tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"")  # an empty download: unreadable, reported, never a missing line
    result = _run(
        "summarize", DONGLIU, str(broken), XIAYING, "-f", "jsonl", *llm_options(server, tmp_path)
    )
    assert result.exit_code == 1  # one report could not be read
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["path"] for line in lines] == [DONGLIU, str(broken), XIAYING]
    assert lines[1]["error"] and lines[1]["report"]["path"] == str(broken)
    assert lines[0]["error"] is None and lines[0]["provider"] == "llm"
    assert any(t["evidence"] == "固定资产投资达9亿元" for t in lines[0]["targets"])
    assert lines[2]["usage"]["requests"] > 0
    assert "broken.html" in result.stderr


def test_output_file_is_written_atomically_and_cache_serves_rerun(
    server: LLMServer, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "summaries.json"
    first = _run(
        "summarize", XIAYING, DONGLIU, "-f", "json", "-o", str(out), *llm_options(server, tmp_path)
    )
    assert first.exit_code == 0, first.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 2
    assert [p.name for p in out.parent.iterdir()] == ["summaries.json"]  # no temp file left
    asked = server.request_count
    again = _run(
        "summarize", XIAYING, DONGLIU, "-f", "json", "-o", str(out), *llm_options(server, tmp_path)
    )
    assert again.exit_code == 0
    assert server.request_count == asked
    rerun = json.loads(out.read_text(encoding="utf-8"))
    assert rerun[0]["usage"]["cache_hits"] > 0 and rerun[0]["usage"]["requests"] == 0
    assert "from cache" in again.stderr

    stats = _run("cache", "stats", "--json", "--cache", str(tmp_path / "cache.sqlite3"))
    assert json.loads(stats.stdout)["entries"] == asked
    cleared = _run("cache", "clear", "--yes", "--cache", str(tmp_path / "cache.sqlite3"))
    assert f"deleted {asked}" in cleared.stdout
    stats = _run("cache", "stats", "--json", "--cache", str(tmp_path / "cache.sqlite3"))
    assert json.loads(stats.stdout)["entries"] == 0


def test_markdown_and_table_output(tmp_path: Path) -> None:
    md = _run("summarize", XIAYING, "-f", "md", "-q")
    assert md.exit_code == 0
    assert md.stdout.startswith("# 宁波市鄞州区下应街道2023年上半年工作总结")
    table_file = tmp_path / "table.txt"
    table = _run("summarize", XIAYING, "-o", str(table_file), "-q")
    assert table.exit_code == 0
    text = table_file.read_text(encoding="utf-8")
    assert "地区生产总值" in text and "15.93亿元" in text
    assert "\x1b[" not in text  # no terminal colour codes in a file


def test_failed_section_exits_nonzero_but_keeps_the_rest(server: LLMServer, tmp_path: Path) -> None:
    server.inject("500", match="18家规上工业企业", times=100)
    result = _run(
        "summarize",
        XIAYING,
        "-f",
        "json",
        "--timeout",
        "5",
        *llm_options(server, tmp_path),
        env={"SUMMARIZER_CONFIG": ""},
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [s["status"] for s in data["sections"]].count("failed") == 1
    assert any("15.93亿元" in a["evidence"] for a in data["achievements"])
    assert "1 section(s) failed" in result.stderr


def test_api_key_never_reaches_outputs_or_cache(server: LLMServer, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    result = _run(
        "summarize",
        XIAYING,
        "-f",
        "jsonl",
        "-o",
        str(out),
        "--api-key",
        "sk-flag-secret-999",
        "--verbose",
        *llm_options(server, tmp_path),
    )
    assert result.exit_code == 0
    assert "key=from --api-key" in result.stderr
    blobs = result.stdout + result.stderr + out.read_text(encoding="utf-8")
    blobs += "".join(p.read_bytes().decode("latin-1") for p in tmp_path.glob("cache.sqlite3*"))
    assert "sk-flag-secret-999" not in blobs


def test_verbose_shows_what_the_provider_does_on_the_way(server: LLMServer, tmp_path: Path) -> None:
    server.inject("badnumbers", match="18家规上工业企业")
    args = ["summarize", XIAYING, "-f", "json", *llm_options(server, tmp_path)]
    quiet = _run(*args)
    assert quiet.exit_code == 0 and "sent back" not in quiet.stderr
    server.inject("badnumbers", match="18家规上工业企业")
    loud = _run(*args, "--no-cache", "-v")
    assert loud.exit_code == 0
    assert any("reply sent back" in line for line in loud.stderr.splitlines()), loud.stderr
    # The steps are shown for that command only.
    again = _run(*args)
    assert "sent back" not in again.stderr


def test_missing_path_is_one_line_error_without_traceback(tmp_path: Path) -> None:
    proc = _cli("summarize", str(tmp_path / "nope.txt"), "-q")
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {tmp_path / 'nope.txt'}: no such file or directory"]
    assert "Traceback" not in proc.stderr


def test_bad_option_value_is_a_config_error(tmp_path: Path) -> None:
    proc = _cli("summarize", XIAYING, "--concurrency", "0")
    assert proc.returncode == 2
    assert "concurrency" in proc.stderr and "Traceback" not in proc.stderr
    proc = _cli("summarize", XIAYING, "--provider", "llm", "--base-url", "http://127.0.0.1:9/v1")
    assert proc.returncode == 2 and "--model" in proc.stderr
