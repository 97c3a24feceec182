"""What the commands write and where: the format chosen by -o's suffix, one-line errors for an
output they cannot write, JSON and JSONL streamed report by report (Ctrl-C keeps what
finished), progress in a pipe, the LLM line, tables that wrap at 80 columns."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

import summarizer.cli.summarize as summarize_cmd
import summarizer.files
import summarizer.pipeline
from summarizer.cli import _register, app
from summarizer.config import load_settings
from summarizer.errors import OutputError
from summarizer.files import LineFile
from summarizer.models import ChunkResult, ReportMeta, Section
from summarizer.numbers import extract_numbers
from summarizer.pipeline import ReportOutcome, report_window, stream_files, summarize_paths
from summarizer.providers.base import Extraction
from summarizer.render.terminal import metric_value_text, render_summary
from summarizer.render.wrap import break_lines, pieces
from tests.conftest import ROOT, SEED_REPORTS
from tests.llm_server import LLMServer
from tests.robustness.conftest import Run, run_cli

_register()
XIAYING = str(SEED_REPORTS["xiaying"])
THREE = [str(SEED_REPORTS[name]) for name in ("xiaying", "dongliu", "xinqi")]


def _run(*args: str, **kwargs: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)


def _main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Run:
    """The entry point in-process, as a shell runs it: errors become lines and exit codes."""
    return run_cli([str(a) for a in args], capsys)


def _error_lines(result: Any) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("error:")]


# --------------------------------------------------------------------------- -o chooses


def test_the_suffix_of_o_chooses_the_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for name in ("x.json", "x.jsonl", "x.md", "x.txt"):
        result = _run("summarize", XIAYING, "-q", "-o", out / name)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
    data = json.loads((out / "x.json").read_text(encoding="utf-8"))
    assert data["report"]["path"] == XIAYING  # one report: the object, not a list
    (line,) = (out / "x.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["path"] == XIAYING
    assert (out / "x.md").read_text(encoding="utf-8").startswith("# 宁波市鄞州区下应街道")
    table = (out / "x.txt").read_text(encoding="utf-8")
    assert "主要数据" in table and "15.93亿元" in table and "╭" in table
    assert "\x1b[" not in table and not table.lstrip().startswith("{")
    # -f still decides where -o names no suffix of its own.
    result = _run("summarize", XIAYING, "-q", "-f", "jsonl", "-o", out / "results.ndjson")
    assert result.exit_code == 0
    assert json.loads((out / "results.ndjson").read_text(encoding="utf-8"))["path"] == XIAYING
    result = _run("summarize", XIAYING, "-q", "-f", "json", "-o", out / "results")
    assert result.exit_code == 0
    assert json.loads((out / "results").read_text(encoding="utf-8"))["report"]["path"]


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        (
            "x.docx",
            [],
            "summarize cannot write .docx files; name the file .json, .jsonl, .md or .txt "
            "(.docx, .html and .md briefings: summarizer brief)",
        ),
        (
            "x.html",
            ["-f", "md"],
            "summarize cannot write .html files; name the file .json, .jsonl, .md or .txt "
            "(.docx, .html and .md briefings: summarizer brief)",
        ),
        (
            "x.data",
            [],
            "cannot tell the format from the suffix '.data'; name the file .json, .jsonl, .md "
            "or .txt, or pass --format",
        ),
        (
            "summary",
            [],
            "cannot tell the format from a name without a suffix; name the file .json, .jsonl, "
            ".md or .txt, or pass --format",
        ),
        (
            "x.json",
            ["-f", "md"],
            "the suffix .json means json but --format says md; drop one or make them agree",
        ),
    ],
)
def test_an_output_summarize_cannot_write_is_one_line(
    tmp_path: Path, name: str, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _main(capsys, "summarize", XIAYING, "-q", "-o", tmp_path / name, *extra)
    assert result.code == 2
    assert _error_lines(result) == [f"error: {tmp_path / name}: {message}"]
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_o_is_one_line_in_summarize_and_brief(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("summarize", "brief"):
        result = _main(capsys, command, XIAYING, "-q", "-o", tmp_path)
        assert result.code == 2
        assert _error_lines(result) == [f"error: {tmp_path}: is a folder; name a file to write"]
    result = _main(capsys, "brief", XIAYING, "-q", "-o", tmp_path / "briefing")
    assert _error_lines(result) == [
        f"error: {tmp_path / 'briefing'}: cannot write a briefing with no suffix; name the "
        "file .md, .html or .docx"
    ]
    result = _main(capsys, "brief", XIAYING, "-q", "-o", tmp_path / "b.md", "--csv", tmp_path)
    assert _error_lines(result) == [f"error: {tmp_path}: is a folder; name a file to write"]
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- schema


def test_schema_into_an_existing_file_or_under_one_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "notes.txt"
    existing.write_text("mine", encoding="utf-8")
    result = _main(capsys, "schema", existing)
    assert result.code == 2
    assert _error_lines(result) == [
        f"error: {existing}: is a file; name a folder to write the schemas into"
    ]
    assert existing.read_text(encoding="utf-8") == "mine"
    result = _main(capsys, "schema", existing / "schemas")
    assert result.code == 2
    assert _error_lines(result) == [
        f"error: {existing / 'schemas'}: cannot create the folder: Not a directory"
    ]


_SCHEMA_AS_NOBODY = """
import contextlib, io, os, sys, tempfile
from summarizer.cli import main
# Every import done while this process may still read them (the interpreter lives under
# /root): a whole run, as root, into a scratch folder.
with tempfile.TemporaryDirectory() as scratch, contextlib.redirect_stdout(io.StringIO()):
    try:
        main(["schema", scratch])
    except SystemExit:
        pass
if os.geteuid() == 0:
    os.setgid(65534)
    os.setuid(65534)
main(["schema", sys.argv[1]])
"""


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    # Not under pytest's tmp_path: that lives in a 0700 folder another uid cannot enter.
    folder = Path(tempfile.mkdtemp(prefix="summarizer-schema-"))
    folder.chmod(0o755)
    yield folder
    for sub in folder.iterdir():
        sub.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _schema_as_nobody(target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _SCHEMA_AS_NOBODY, str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_schema_into_a_read_only_folder_is_one_line(shared_dir: Path) -> None:
    locked = shared_dir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    proc = _schema_as_nobody(locked)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        f"error: {locked / 'report_summary.schema.json'}: cannot write output: Permission denied"
    ]
    assert list(locked.iterdir()) == []
    # A folder on the way that this user may not even enter.
    closed = shared_dir / "closed"
    closed.mkdir()
    closed.chmod(0)
    proc = _schema_as_nobody(closed / "schemas")
    closed.chmod(0o755)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        f"error: {closed / 'schemas'}: cannot create the folder: Permission denied"
    ]


# --------------------------------------------------------------------------- streaming


def test_json_array_is_streamed_as_the_text_json_dumps_gives(tmp_path: Path) -> None:
    result = _run("summarize", *THREE, "-q", "-o", tmp_path / "all.json")
    assert result.exit_code == 0
    text = (tmp_path / "all.json").read_text(encoding="utf-8")
    docs = json.loads(text)
    assert [d["report"]["path"] for d in docs] == THREE
    assert text == json.dumps(docs, ensure_ascii=False, indent=2) + "\n"
    # To stdout, the same array.
    result = _run("summarize", *THREE, "-q", "-f", "json")
    assert [d["report"]["path"] for d in json.loads(result.stdout)] == THREE


def test_pipeline_hands_out_in_order_with_a_bounded_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports go out in input order, each as soon as it and all before it are done, and no
    report is read before the one `window` places earlier has been handed out: what is held
    is bounded by the window, not by the batch."""
    files = []
    for index in range(14):
        copy = tmp_path / f"r{index:02d}.txt"
        shutil.copy(SEED_REPORTS[("xiaying", "dongliu", "xinqi")[index % 3]], copy)
        files.append(copy)
    settings = load_settings({"concurrency": 1, "no_cache": True})
    window = report_window(settings)
    assert window == 4
    loaded: list[Path] = []
    real_load = summarizer.pipeline.load

    def load(path: Path) -> Any:
        loaded.append(path)
        return real_load(path)

    monkeypatch.setattr(summarizer.pipeline, "load", load)
    handed: list[Path] = []

    def on_outcome(outcome: ReportOutcome) -> None:
        assert outcome.summary is not None
        handed.append(outcome.path)
        assert len(loaded) <= len(handed) - 1 + window

    stream_files(files, settings, on_outcome, progress=False)
    assert handed == files and loaded == files


def test_a_line_that_cannot_be_written_whole_is_cut_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old run\n", encoding="utf-8")
    lines = LineFile(target)
    assert target.read_text(encoding="utf-8") == "old run\n"  # untouched until a line is ready
    lines.write_line('{"report": 1}')
    real_write = os.write
    calls = {"n": 0}

    def disk_fills(fd: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[:5]))  # half a line goes out…
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # …then the disk is full

    monkeypatch.setattr(summarizer.files.os, "write", disk_fills)
    with pytest.raises(OutputError, match="cannot write output: No space left on device"):
        lines.write_line('{"report": 2, "long": "' + "x" * 100 + '"}')
    monkeypatch.setattr(summarizer.files.os, "write", real_write)
    lines.close()
    assert target.read_text(encoding="utf-8") == '{"report": 1}\n'


def test_nothing_written_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    LineFile(target).close()
    assert not target.exists()


def _interrupt_after_two(monkeypatch: pytest.MonkeyPatch) -> None:
    real = summarize_cmd.stream_files

    def two_then_ctrl_c(files: list[Path], settings: Any, on_outcome: Any, **kwargs: Any) -> None:
        real(files[:2], settings, on_outcome, progress=False)
        raise KeyboardInterrupt

    monkeypatch.setattr(summarize_cmd, "stream_files", two_then_ctrl_c)


def test_ctrl_c_keeps_the_finished_jsonl_lines_and_says_how_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt_after_two(monkeypatch)
    out = tmp_path / "out.jsonl"
    result = _run("summarize", *THREE, "-q", "-o", out)
    assert result.exit_code == 130
    assert result.stderr.splitlines() == [f"interrupted: kept 2 of 3 reports in {out}"]
    assert [json.loads(line)["path"] for line in out.read_text().splitlines()] == THREE[:2]
    # To stdout: the lines are already out; the count is said all the same.
    result = _run("summarize", *THREE, "-q", "-f", "jsonl")
    assert result.exit_code == 130
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == THREE[:2]
    assert result.stderr.splitlines() == ["interrupted after 2 of 3 reports"]


def test_ctrl_c_leaves_a_json_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt_after_two(monkeypatch)
    out = tmp_path / "out.json"
    out.write_text("[]\n", encoding="utf-8")
    result = _run("summarize", *THREE, "-q", "-o", out)
    assert result.exit_code == 130
    assert result.stderr.splitlines() == [
        f"interrupted: {out} not written (it is written whole or not at all; -f jsonl keeps "
        "each report as it finishes)"
    ]
    assert out.read_text(encoding="utf-8") == "[]\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


# --------------------------------------------------------------------------- stderr


def test_a_piped_run_prints_one_line_per_finished_report() -> None:
    result = _run("summarize", *THREE, "-f", "jsonl")
    assert result.exit_code == 0
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 3
    assert sorted(line.split("]")[0] for line in progress) == ["[1/3", "[2/3", "[3/3"]
    line = next(line for line in progress if XIAYING in line)
    assert line.endswith(
        f"{XIAYING}: 67 achievements · 2 targets · 0 problems · 75 figures, 0 flagged"
    )
    # -q: nothing; one report: no running count.
    assert _run("summarize", *THREE, "-f", "jsonl", "-q").stderr == ""
    single = _run("summarize", XIAYING, "-f", "jsonl").stderr
    assert not [line for line in single.splitlines() if line.startswith("[")]


class _Recording:
    """Stands in for the LLM provider behind OpenAI's default endpoint: nothing leaves the
    machine, and it notes that it was asked."""

    name = "llm"
    model = "gpt-4o-mini"
    prompt_version = "test"

    def __init__(self) -> None:
        self.asked = 0

    def identity(self) -> dict[str, str]:
        return {"provider": "llm", "model": self.model}

    async def extract(self, section: Section, meta: ReportMeta) -> Extraction:
        self.asked += 1
        return Extraction(result=ChunkResult(achievements=[], targets=[], problems=[]))


def test_llm_without_model_says_which_model_and_endpoint_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    provider = _Recording()
    monkeypatch.setattr(summarizer.pipeline, "create_provider", lambda settings: provider)
    env = {"OPENAI_API_KEY": "sk-test-not-sent"}
    for quiet in ([], ["-q"]):
        result = _run("summarize", XIAYING, "--provider", "llm", "-f", "json", *quiet, env=env)
        assert result.exit_code == 0, result.output
        first = result.stderr.splitlines()[0]
        assert first == (
            "provider: llm · model gpt-4o-mini (default; choose with --model) · endpoint "
            "https://api.openai.com/v1 (default; choose with --base-url) · mode TOOLS · "
            "key from OPENAI_API_KEY"
        )
        assert "sk-test-not-sent" not in result.output
    assert provider.asked > 0
    # Model and endpoint both chosen: -q silences the line.
    with LLMServer() as server:
        named = ["--provider", "llm", "--model", "m", "--base-url", server.base_url]
        result = _run("summarize", XIAYING, *named, "-f", "json", "-q", "--no-cache")
        assert result.exit_code == 0 and "provider:" not in result.stderr
        result = _run("summarize", XIAYING, *named, "-f", "json", "--no-cache")
        assert f"provider: llm · model m · endpoint {server.base_url}" in result.stderr


def test_brief_takes_the_llm_options_of_summarize(tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    with LLMServer() as server:
        result = _run(
            "brief",
            XIAYING,
            "-o",
            out,
            "--provider",
            "llm",
            "--base-url",
            server.base_url,
            "--model",
            "test-model",
            "--mode",
            "JSON",
            "--concurrency",
            "2",
            "--timeout",
            "5",
            "--max-tokens",
            "2048",
            "--no-cache",
            "--api-key",
            "sk-brief-123",
            "-q",
        )
        assert result.exit_code == 0, result.output
        assert server.request_count > 0
        body = server.requests[0].body
        assert "tools" not in body and body["max_tokens"] == 2048  # JSON mode, the budget
    assert "15.93亿元" in out.read_text(encoding="utf-8")
    assert "sk-brief-123" not in result.output + out.read_text(encoding="utf-8")
    assert not list(Path(os.environ["XDG_CACHE_HOME"]).rglob("*.sqlite3"))  # --no-cache


# --------------------------------------------------------------------------- 80 columns


@pytest.mark.parametrize("name", sorted(SEED_REPORTS))
def test_tables_wrap_at_80_columns_and_never_cut_a_figure(name: str) -> None:
    (outcome,) = summarize_paths([SEED_REPORTS[name]], load_settings({}), progress=False)
    summary = outcome.summary
    assert summary is not None
    console = Console(width=80, record=True, color_system=None)
    render_summary(summary, console)
    text = console.export_text()
    assert "…" not in text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    lines = text.splitlines()
    # Every headline figure and its change stands whole on one line, beside its metric.
    figures = [m for item in summary.achievements for m in item.metrics]
    shown = [m for m in figures if metric_value_text(m) and metric_value_text(m) in text]
    assert len(shown) >= 5
    for metric in shown:
        assert any(metric_value_text(metric) in line for line in lines)
    # Achievements wrap: every one of them is there, whole, once its lines are joined, and
    # no figure in them is broken across two lines (13户, not 13 | 户).
    flowing = "".join(line.strip() for line in lines)
    for item in summary.achievements:
        assert item.summary.replace(" ", "") in flowing.replace(" ", "")
        for mention in extract_numbers(item.summary):
            assert any(mention.raw in line for line in lines), mention.raw


def test_chinese_text_breaks_between_characters_but_never_inside_a_figure() -> None:
    text = "重点攻坚清零渔业社周边地块、轨道交通原COCC项目涉及的13户滞迁户，实现总营收23.57亿元"
    assert "".join(pieces(text)) == text
    assert "13户" in pieces(text) and "23.57亿元" in pieces(text) and "COCC" in pieces(text)
    assert "户，" in pieces(text)  # a comma never starts a line
    for width in range(10, 40):  # 23.57亿元 is 9 cells wide
        lines = list(break_lines(text, width))
        assert "".join(lines) == text
        assert all(cell_len(line) <= width for line in lines)
        assert any("13户" in line for line in lines) and any("23.57亿元" in line for line in lines)
        assert not any(line.startswith("，") for line in lines)


def test_numbers_table_fits_80_columns_whole(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer.cli", "numbers", XIAYING, "--excluded"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0
    assert "…" not in proc.stdout
    row = next(line for line in proc.stdout.splitlines() if "15.93亿元" in line)
    assert row.split()[:4] == ["15.93亿元", "1593000000", "元", "亿"]
    assert row.rstrip().endswith("[182, 189)")
