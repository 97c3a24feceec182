"""Helpers for the robustness suite: run the CLI the way a user does and look at everything it
left behind (exit code, stdout, stderr, output files, the cache database)."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from summarizer.cli import main
from tests.conftest import ROOT, SEED_REPORTS
from tests.llm_server import LLMServer

SCHEMAS = ROOT / "schemas"
SEED_TEXTS = {name: path.read_text(encoding="utf-8") for name, path in SEED_REPORTS.items()}


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("error:")]


def run_cli(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> Run:
    """The entry point in-process (fast): any exception that is not a clean exit fails the
    test by itself, which is the "never a traceback" check."""
    capsys.readouterr()
    code = 0
    try:
        main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def cli_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-c", "from summarizer.cli import main; main()", *map(str, args)]


def run_proc(*args: str | Path, timeout: float = 120, **kwargs: Any) -> Run:
    """The entry point in a real process: what a shell user sees, signals and limits included."""
    proc = subprocess.run(
        cli_command(*args), capture_output=True, text=True, cwd=ROOT, timeout=timeout, **kwargs
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def assert_clean_failure(run: Run, *needles: str, code: int = 1) -> str:
    """Exit `code`, no traceback, and exactly one `error:` line per failure, each naming what
    was wrong (every needle appears in the first one). Returns that line."""
    assert run.code == code, (run.code, run.err)
    assert "Traceback" not in run.err and "Traceback" not in run.out
    assert run.error_lines, run.err
    first = run.error_lines[0]
    for needle in needles:
        assert needle in first, (needle, first)
    return first


def integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def cached_rows(path: Path) -> int:
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(path)) as db:
        return int(db.execute("SELECT count(*) FROM results").fetchone()[0])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def llm_args(base_url: str, cache: Path, *extra: str) -> list[str]:
    return [
        "--provider",
        "llm",
        "--base-url",
        base_url,
        "--model",
        "test-model",
        "--cache",
        str(cache),
        "--quiet",
        *extra,
    ]


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


class FaultServer(LLMServer):
    """The project's test server on a chosen port (so a restart keeps the endpoint, and with it
    the cache keys), able to die after `die_after` answers: the listening socket closes and
    every open connection is dropped, as when the server process goes away."""

    def __init__(self, *, port: int = 0, die_after: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if port:
            self._httpd.server_close()
            from http.server import ThreadingHTTPServer

            self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
            self._httpd.daemon_threads = True
            self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        # A client that gives up (timeout, SIGINT) resets its connection: not worth a trace.
        self._httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self.die_after = die_after
        self.answered = 0
        self.dead = threading.Event()

    def _serve(self, handler: Any, body: dict[str, Any]) -> None:
        with self._lock:
            dying = self.die_after is not None and self.answered >= self.die_after
            self.answered += 0 if dying else 1
        if dying:
            if not self.dead.is_set():
                self.dead.set()
                # shutdown() waits for serve_forever, so not from a handler thread itself.
                threading.Thread(target=self.stop, daemon=True).start()
            handler.close_connection = True
            handler.connection.close()
            return
        super()._serve(handler, body)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running
