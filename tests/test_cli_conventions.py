"""The command line's conventions, as a newcomer meets them: -h and --version, help that reads
at 80 columns, one option set for every command that summarises, one exit-code scheme, one
file mode, and a README whose examples write under a scratch folder."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from summarizer.cli import _register, app, package_version
from tests.conftest import ROOT, SEED_REPORTS

_register()
XIAYING = str(SEED_REPORTS["xiaying"])
COMMANDS = [
    ["summarize"],
    ["brief"],
    ["track"],
    ["flags"],
    ["review"],
    ["chunks"],
    ["numbers"],
    ["schema"],
    ["cache"],
    ["cache", "stats"],
    ["cache", "clear"],
]


def _run(*args: str, **kwargs: Any) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False, **kwargs)


def _cli(*args: str, cwd: Path = ROOT, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """The installed entry point's behaviour (error lines, exit codes) in a real process."""
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", **kwargs.pop("env", {})}
    return subprocess.run(
        [sys.executable, "-c", "from summarizer.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        **kwargs,
    )


def _click_command(*path: str) -> Any:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


# --------------------------------------------------------------------------- -h, --version


def test_version() -> None:
    result = _run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"summarizer {package_version()}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", package_version())


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_short_help_everywhere(command: list[str]) -> None:
    short = _run(*command, "-h")
    assert short.exit_code == 0, short.output
    assert short.stdout.startswith(f"Usage: summarizer {' '.join(command)}".rstrip())
    assert short.stdout == _run(*command, "--help").stdout


def test_root_help_lists_every_command_whole_and_the_exit_codes() -> None:
    out = _run("-h").stdout
    for name in (
        "summarize",
        "brief",
        "track",
        "flags",
        "review",
        "chunks",
        "numbers",
        "schema",
        "cache",
    ):
        line = next(line for line in out.splitlines() if line.strip().startswith(name + " "))
        assert not line.rstrip().endswith("..."), line  # a one-line summary, not a cut one
    text = " ".join(out.split())
    assert "0 done; 1 done, but some reports failed; 2 an error" in text
    assert "130 interrupted" in text


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != ["cache"]], ids=" ".join)
def test_help_reads_cleanly_at_80_columns(command: list[str]) -> None:
    """No `<bool>`/`<str>` type noise; no line past 80 columns; and every option's help, every
    sentence of the description, stands in the output whole: wrapped only between words."""
    out = _run(*command, "-h", terminal_width=80).stdout
    assert "<bool>" not in out and "<str>" not in out and "<list" not in out
    assert "<int>" not in out and "<path>" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    flowing = " ".join(out.split())
    click_command = _click_command(*command)
    for param in click_command.params:
        helptext = getattr(param, "help", None)
        if helptext:
            assert " ".join(helptext.split()) in flowing, (param.name, helptext)
        if param.param_type_name == "option":
            assert all(name in flowing for name in param.opts), param.opts
    for paragraph in (click_command.help or "").split("\n\n"):
        assert " ".join(paragraph.split()) in flowing, paragraph


def test_help_at_80_columns_in_a_real_process() -> None:
    proc = _cli("summarize", "-h")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == "Usage: summarizer summarize [OPTIONS] PATH..."
    option = next(line for line in lines if line.lstrip().startswith("--no-cache"))
    assert option.split() == ["--no-cache", "neither", "read", "nor", "write", "the", "cache"]


# --------------------------------------------------------------------------- one option set


def _option_names(*path: str) -> set[str]:
    return {name for param in _click_command(*path).params for name in param.opts}


def test_every_command_that_summarises_takes_the_same_run_options() -> None:
    shared = {
        "--provider",
        "--model",
        "--base-url",
        "--api-key",
        "--mode",
        "--concurrency",
        "--timeout",
        "--max-tokens",
        "--cache",
        "--no-cache",
        "--config",
        "--lang",
        "--quiet",
        "-q",
        "--verbose",
        "-v",
    }
    for command in ("summarize", "brief", "track", "flags", "review"):
        assert shared <= _option_names(command), command
    # And the same help for each: one definition.
    helps = {
        command: {p.name: p.help for p in _click_command(command).params if "--mode" in p.opts}
        for command in ("summarize", "brief")
    }
    assert helps["summarize"] == helps["brief"]


# --------------------------------------------------------------------------- exit codes


def test_usage_errors_are_one_line_with_exit_2() -> None:
    proc = _cli("summarize", XIAYING, "--fromat", "json")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "error: No such option: --fromat (Possible options: --format) (see summarizer summarize -h)"
    ]
    proc = _cli("summarize")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: Missing argument 'PATH...'")
    assert len(proc.stderr.splitlines()) == 1


def test_bare_command_prints_help_and_exits_0() -> None:
    proc = _cli()
    assert proc.returncode == 0 and proc.stdout.startswith("Usage: summarizer [OPTIONS]")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["summarize", "nope.txt"], "nope.txt: no such file or directory"),
        (["summarize", XIAYING, "--concurrency", "0"], "concurrency"),
        (["brief", XIAYING, "-o", "out/briefing.pdf"], "briefing.pdf"),
        (["chunks", "nope.txt"], "nope.txt"),
        (["numbers", "nope.txt"], "nope.txt"),
        (["flags", "--status", "wrong"], "unknown status 'wrong'"),
        (["review", "--status", "wrong"], "unknown status 'wrong'"),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else "",
)
def test_every_command_says_an_error_in_one_line_with_exit_2(
    args: list[str], needle: str, tmp_path: Path
) -> None:
    extra = ["--cache", str(tmp_path / "c.sqlite3")] if args[0] in ("flags", "review") else []
    proc = _cli(*args, *extra, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and needle in errors[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_some_reports_failed_is_exit_1_in_summarize_and_brief(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = _cli("summarize", XIAYING, str(empty), "-q", "-o", str(tmp_path / "s.jsonl"))
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == f"error: {empty}: file is empty (0 bytes)"
    proc = _cli("brief", XIAYING, str(empty), "-q", "-o", str(tmp_path / "b.md"))
    assert proc.returncode == 1 and (tmp_path / "b.md").exists()
    # A write error is 2 in both (it was 1 in summarize and 2 in brief).
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for command, name in (("summarize", "s.json"), ("brief", "b.html")):
        proc = _cli(command, XIAYING, "-q", "-o", str(blocker / name))
        assert proc.returncode == 2, proc.stderr
        assert "cannot write output" in proc.stderr


def test_cache_clear_without_a_terminal_says_that_y_is_needed(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    _cli("summarize", XIAYING, "-q", "--cache", str(db), "-f", "json")
    assert db.exists()
    proc = _cli("cache", "clear", "--cache", str(db), stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"error: cache clear asks before deleting {db}, and there is no terminal to ask on; "
        "pass -y (--yes) to delete without asking"
    ]
    proc = _cli("cache", "clear", "--cache", str(db), "-y", stdin=subprocess.DEVNULL)
    assert proc.returncode == 0 and proc.stdout.startswith("deleted ")


# --------------------------------------------------------------------------- file mode


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_command_writes_files_with_the_same_mode(tmp_path: Path, umask: None) -> None:
    out = tmp_path / "out"
    for suffix in ("json", "jsonl", "md", "txt"):
        assert _run("summarize", XIAYING, "-q", "-o", str(out / f"s.{suffix}")).exit_code == 0
    result = _run("brief", XIAYING, "-q", "-o", str(out / "b.html"), "--csv", str(out / "b.csv"))
    assert result.exit_code == 0, result.output
    for suffix in ("json", "jsonl", "csv", "txt"):
        assert _run("track", XIAYING, "-q", "-o", str(out / f"t.{suffix}")).exit_code == 0
    assert _run("schema", str(out / "schemas")).exit_code == 0
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(written) == 14
    assert {p.name: _mode(p) for p in written} == {p.name: 0o644 for p in written}
    # The umask is honoured, as open() would: 077 gives files only their owner can read.
    os.umask(0o077)
    for name in ("private.json", "private.jsonl"):
        assert _run("summarize", XIAYING, "-q", "-o", str(out / name)).exit_code == 0
        assert _mode(out / name) == 0o600


# --------------------------------------------------------------------------- README


def test_readme_examples_write_under_a_scratch_folder_that_git_ignores() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [
        line.split("$ ", 1)[-1]
        for line in readme.splitlines()
        if line.lstrip("$ ").startswith("summarizer ")
    ]
    targets = [
        match.group(2)
        for command in commands
        for match in re.finditer(r"(-o|--output|--csv)\s+(\S+)", command)
    ]
    assert len(targets) >= 3
    assert all(t.startswith("out/") for t in targets), targets
    assert "/out/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
