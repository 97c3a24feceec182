"""Faults mid-run, against the project's local OpenAI-compatible server with `--provider llm`.

In every case: what finished is in the cache, a re-run resumes and pays only for what is
missing (the server counts requests and records which section texts it was asked), and the
cache database passes `PRAGMA integrity_check`.
"""

from __future__ import annotations

import json
import re
import resource
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_REPORTS
from tests.robustness.conftest import (
    FaultServer,
    Run,
    cached_rows,
    cli_command,
    free_port,
    integrity,
    jsonl,
    llm_args,
    run_cli,
)

THREE = [SEED_REPORTS[name] for name in ("xiaying", "dongliu", "xinqi")]


def config(tmp_path: Path, **values: object) -> Path:
    """A TOML file for the knobs the CLI has no flag for (retries)."""
    path = tmp_path / "config.toml"
    path.write_text("".join(f"{k} = {v!r}\n" for k, v in values.items()), encoding="utf-8")
    return path


def summarize(
    capsys: pytest.CaptureFixture[str],
    base_url: str,
    tmp_path: Path,
    *extra: str | Path,
    reports: list[Path] = THREE,
) -> Run:
    return run_cli(
        [
            "summarize",
            *reports,
            "-f",
            "jsonl",
            *llm_args(base_url, tmp_path / "cache.sqlite3"),
            *map(str, extra),
        ],
        capsys,
    )


def asked(server: FaultServer) -> set[str]:
    return {r.section_text for r in server.requests}


def full_run_sections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> set[str]:
    """The section texts a clean run over THREE asks for (its own server and cache)."""
    with FaultServer() as reference:
        run = summarize(capsys, reference.base_url, tmp_path / "reference")
        assert run.code == 0, run.err
        return asked(reference)


_NEEDED: list[set[str]] = []


@pytest.fixture
def needed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> set[str]:
    # The same for every test: asked once per session.
    if not _NEEDED:
        _NEEDED.append(full_run_sections(tmp_path, capsys))
    return set(_NEEDED[0])


def test_endpoint_down_at_start_fails_fast_then_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needed: set[str]
) -> None:
    port = free_port()  # nothing listens there
    base_url = f"http://127.0.0.1:{port}/v1"
    cfg = config(tmp_path, max_retries=1)
    began = time.monotonic()
    run = summarize(capsys, base_url, tmp_path, "--config", cfg)
    elapsed = time.monotonic() - began
    assert run.code == 1 and "Traceback" not in run.err
    # One line with the reason, not one per attempt (instructor's log lines stay quiet).
    failure = [line for line in run.err.splitlines() if "failed after retries" in line]
    assert len(failure) == 1 and f"cannot connect to {base_url}" in failure[0]
    assert "API call failed" not in run.err
    # The first failures stop the rest from trying: no retry storm against a dead host.
    assert elapsed < 10
    sections = [s for line in run.out.splitlines() for s in jsonl_line(line)["sections"]]
    assert any(s["error"].startswith("not sent: cannot connect") for s in sections if s["error"])
    cache = tmp_path / "cache.sqlite3"
    assert cached_rows(cache) == 0 and integrity(cache) == "ok"

    with FaultServer(port=port) as server:
        run = summarize(capsys, base_url, tmp_path, "--config", cfg)
        assert run.code == 0, run.err
        assert asked(server) == needed
        assert cached_rows(cache) == len(needed)
        before = server.request_count
        run = summarize(capsys, base_url, tmp_path, "--config", cfg)
        assert run.code == 0 and server.request_count == before


def jsonl_line(line: str) -> dict[str, list[dict[str, str]]]:
    data = json.loads(line)
    assert isinstance(data, dict)
    return data


def test_endpoint_dying_after_half_the_sections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needed: set[str]
) -> None:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    cfg = config(tmp_path, max_retries=1)
    cache = tmp_path / "cache.sqlite3"
    half = len(needed) // 2
    with FaultServer(port=port, die_after=half) as server:
        run = summarize(capsys, base_url, tmp_path, "--config", cfg, "--concurrency", "2")
        assert server.dead.is_set()
        first = asked(server)
    assert run.code == 1 and "Traceback" not in run.err
    assert "failed after retries" in run.err
    # Every answer that came back before the death is stored; nothing else is.
    assert len(first) == half
    assert cached_rows(cache) == half and integrity(cache) == "ok"

    with FaultServer(port=port) as revived:
        run = summarize(capsys, base_url, tmp_path, "--config", cfg)
        assert run.code == 0, run.err
        second = asked(revived)
        assert revived.request_count == len(needed) - half
    assert first.isdisjoint(second) and first | second == needed
    assert cached_rows(cache) == len(needed) and integrity(cache) == "ok"


def test_429_storm_is_ridden_out_with_retry_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needed: set[str]
) -> None:
    cfg = config(tmp_path, max_retries=12)
    with FaultServer(retry_after="0") as server:
        server.inject("429", times=20)
        began = time.monotonic()
        run = summarize(capsys, server.base_url, tmp_path, "--config", cfg, "--concurrency", "3")
        assert run.code == 0, run.err
        assert server.faults_left() == 0
        statuses = [r.fault for r in server.requests]
        assert statuses.count("429") == 20
        assert server.request_count == len(needed) + 20
        assert time.monotonic() - began < 30
    cache = tmp_path / "cache.sqlite3"
    assert cached_rows(cache) == len(needed) and integrity(cache) == "ok"


def test_429_storm_longer_than_the_retries_then_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needed: set[str]
) -> None:
    cfg = config(tmp_path, max_retries=1)
    cache = tmp_path / "cache.sqlite3"
    with FaultServer(retry_after="0") as server:
        # Only the Dongliu report's sections are rate-limited, for longer than the retries.
        server.inject("429", match="东柳", times=10_000)
        run = summarize(capsys, server.base_url, tmp_path, "--config", cfg)
        assert run.code == 1 and "Traceback" not in run.err
        assert "HTTP 429" in run.err  # the reason is on the failure line
        outcomes = jsonl(write(tmp_path / "first.jsonl", run.out))
        failed = [s for o in outcomes for s in o["sections"] if s["status"] == "failed"]
        # A 429 is not "endpoint down": the other reports went on and were stored.
        assert failed and all("HTTP 429" in s["error"] for s in failed)
        stored = cached_rows(cache)
        assert stored == len(needed) - len({r.section_text for r in server.requests if r.fault})
        assert integrity(cache) == "ok"
        server._faults.clear()
        before = server.request_count
        run = summarize(capsys, server.base_url, tmp_path, "--config", cfg)
        assert run.code == 0, run.err
        assert server.request_count - before == len(needed) - stored
    assert cached_rows(cache) == len(needed)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_hang_is_cut_by_the_timeout_and_only_that_section_is_asked_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needed: set[str]
) -> None:
    cfg = config(tmp_path, max_retries=1)
    cache = tmp_path / "cache.sqlite3"
    with FaultServer(hang_seconds=4.0) as server:
        server.inject("hang", match="18家规上工业企业", times=100)
        began = time.monotonic()
        run = summarize(capsys, server.base_url, tmp_path, "--config", cfg, "--timeout", "0.5")
        assert time.monotonic() - began < 15  # two 0.5 s attempts, not the server's 4 s x 100
        assert run.code == 1 and "no reply within 0.5s" in run.err
        assert cached_rows(cache) == len(needed) - 1 and integrity(cache) == "ok"
        server._faults.clear()
        before = server.request_count
        run = summarize(capsys, server.base_url, tmp_path, "--config", cfg)
        assert run.code == 0, run.err
        again = server.requests[before:]
        assert len(again) == 1 and "18家规上工业企业" in again[0].section_text


def test_a_server_that_hangs_on_everything_is_given_up_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needed: set[str]
) -> None:
    cfg = config(tmp_path, max_retries=1)
    with FaultServer(hang_seconds=3.0) as server:
        server.inject("hang", times=10_000)
        began = time.monotonic()
        run = summarize(
            capsys,
            server.base_url,
            tmp_path,
            "--config",
            cfg,
            "--timeout",
            "0.3",
            "--concurrency",
            "2",
        )
        elapsed = time.monotonic() - began
        assert run.code == 1 and "Traceback" not in run.err
        assert "no reply within 0.3s" in run.err
        # A few sections time out in a row, then the rest are not sent: seconds, not the
        # 31 sections x 2 attempts x 0.3 s (plus backoff) of asking each one.
        sections = [s for line in run.out.splitlines() for s in jsonl_line(line)["sections"]]
        skipped = [s for s in sections if (s["error"] or "").startswith("not sent: 3 sections")]
        assert len(skipped) >= len(needed) - 6
        assert server.request_count <= 2 * 5
        assert elapsed < 10
    assert cached_rows(tmp_path / "cache.sqlite3") == 0


def test_sigint_during_many_reports_keeps_what_finished(
    tmp_path: Path, needed: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache.sqlite3"
    out = tmp_path / "out.jsonl"
    with FaultServer(delay=0.15) as server:
        args = [
            "summarize",
            *THREE,
            "-f",
            "jsonl",
            "-o",
            out,
            *llm_args(server.base_url, cache, "--concurrency", "2"),
        ]
        proc = subprocess.Popen(
            cli_command(*args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while server.request_count < 6 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        stdout, stderr = proc.communicate(timeout=30)
        assert time.monotonic() - sent < 5, "Ctrl-C must stop the run promptly"
        first = server.request_count
    assert proc.returncode == 130
    assert "Traceback" not in stderr and stdout == ""
    # JSONL keeps every report that finished, whole lines only, and says how many.
    said = re.search(
        r"interrupted(?:: kept (\d) of 3 reports in \S+out\.jsonl| before any report finished;"
        r" \S+out\.jsonl not written); finished sections are cached, run again to resume",
        stderr,
    )
    assert said, stderr
    kept = int(said.group(1) or 0)
    if kept:
        lines = out.read_text(encoding="utf-8").split("\n")
        assert lines[-1] == "" and len(lines) == kept + 1  # ends with a whole line
        assert [json.loads(line)["path"] for line in lines[:-1]] == [str(p) for p in THREE[:kept]]
    # No temporary file beside it; no empty file either.
    assert sorted(p.name for p in tmp_path.iterdir() if "out" in p.name) == (
        ["out.jsonl"] if kept else []
    )
    stored = cached_rows(cache)
    assert 1 <= stored <= first < len(needed)
    assert integrity(cache) == "ok"

    with FaultServer(port=int(server.base_url.split(":")[2].split("/")[0])) as again:
        run = summarize(capsys, again.base_url, tmp_path, "--concurrency", "2")
        assert run.code == 0, run.err
        assert again.request_count == len(needed) - stored
    assert cached_rows(cache) == len(needed) and integrity(cache) == "ok"


def _cache_limited_to(limit: int) -> None:
    """In the child: files may not grow past `limit` bytes, as on a full disk (writes fail with
    EFBIG instead of killing the process with SIGXFSZ)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_disk_full_while_writing_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needed: set[str]
) -> None:
    cache = tmp_path / "cache.sqlite3"
    with FaultServer() as server:
        args = ["summarize", *THREE, "-f", "jsonl", *llm_args(server.base_url, cache)]
        proc = subprocess.run(
            cli_command(*args),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=lambda: _cache_limited_to(100_000),
        )
        # The results in hand are kept and printed; the cache failure is one warning line.
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        warnings = [line for line in proc.stderr.splitlines() if "cannot write cache" in line]
        assert len(warnings) == 1 and warnings[0].endswith("continuing without the cache")
        lines = [line for line in proc.stdout.splitlines() if line]
        assert len(lines) == 3
        first = server.request_count
        assert first == len(needed)
        stored = cached_rows(cache)
        assert 0 < stored < len(needed), "the limit should bite mid-run"
        assert integrity(cache) == "ok"
        # Space again: the re-run pays only for what the full disk did not keep.
        run = summarize(capsys, server.base_url, tmp_path)
        assert run.code == 0, run.err
        assert server.request_count - first == len(needed) - stored
    assert cached_rows(cache) == len(needed) and integrity(cache) == "ok"


def test_two_processes_over_one_cache(tmp_path: Path, needed: set[str]) -> None:
    cache = tmp_path / "cache.sqlite3"
    with FaultServer(delay=0.02) as server:
        runs = []
        for reports in (THREE, list(reversed(THREE))):
            args = [
                "summarize",
                *reports,
                "-f",
                "jsonl",
                *llm_args(server.base_url, cache, "--concurrency", "4"),
            ]
            runs.append(
                subprocess.Popen(
                    cli_command(*args),
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        results = [(p.communicate(timeout=120), p.returncode) for p in runs]
        for (stdout, stderr), code in results:
            assert code == 0, stderr
            assert "Traceback" not in stderr and "cannot write cache" not in stderr
            assert len(stdout.splitlines()) == 3
        # Both asked (they cannot see each other's answers in flight), none was lost, and the
        # cache holds each section once.
        assert asked(server) == needed
        assert len(needed) <= server.request_count <= 2 * len(needed)
        assert cached_rows(cache) == len(needed) and integrity(cache) == "ok"
        before = server.request_count
        third = subprocess.run(
            cli_command("summarize", *THREE, "-f", "jsonl", *llm_args(server.base_url, cache)),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert third.returncode == 0 and server.request_count == before


def test_bad_key_stops_at_the_first_refusal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FaultServer() as server:
        server.inject("401", times=10_000)
        run = summarize(capsys, server.base_url, tmp_path, "--concurrency", "1")
        assert run.code == 1 and "Traceback" not in run.err
        assert "rejected the API key (HTTP 401)" in run.err
        # 401 is never retried, and once seen no other section is sent.
        assert server.request_count == 1
    assert_clean_failure_free(run)


def assert_clean_failure_free(run: Run) -> None:
    # A failed section is not a failed report: no `error:` line, the outputs are whole.
    assert run.error_lines == []
    for line in run.out.splitlines():
        assert jsonl_line(line)["sections"]


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_cache_file_is_bypassed_with_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needed: set[str], damage: str
) -> None:
    cache = tmp_path / "cache.sqlite3"
    with FaultServer() as server:
        assert summarize(capsys, server.base_url, tmp_path).code == 0
        data = cache.read_bytes()
        cache.write_bytes(bytes(range(256)) * 20 if damage == "garbage" else data[: len(data) // 2])
        for suffix in ("-wal", "-shm"):
            cache.with_name(cache.name + suffix).unlink(missing_ok=True)
        before = server.request_count
        run = summarize(capsys, server.base_url, tmp_path)
        # The results are made again and printed; the damaged file is reported, not hidden.
        assert run.code == 0 and "Traceback" not in run.err, run.err
        warnings = [line for line in run.err.splitlines() if line.startswith("warning:")]
        assert len(warnings) == 1 and str(cache) in warnings[0]
        assert server.request_count - before == len(needed)
        assert len(run.out.splitlines()) == 3


def test_disk_full_while_writing_the_output_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    out.write_text('{"previous": "run"}\n', encoding="utf-8")
    args = ["summarize", *THREE, "-q", "-f", "json", "-o", out]
    proc = subprocess.run(
        cli_command(*args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: _cache_limited_to(20_000),  # the JSON of three reports is larger
    )
    run = Run(proc.returncode, proc.stdout, proc.stderr)
    assert run.code == 2 and "Traceback" not in run.err
    assert [line for line in run.err.splitlines() if line.startswith("error:")] == [
        line for line in run.err.splitlines() if "cannot write output" in line
    ]
    assert f"error: {out}: cannot write output" in run.err
    # The last good output is untouched and no temporary file is left beside it.
    assert out.read_text(encoding="utf-8") == '{"previous": "run"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]
