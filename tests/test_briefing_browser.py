"""The HTML briefing in a real browser: headless Chromium renders it, writes a screenshot, and
logs no console message — not even from a report that carries a <script> of its own."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from summarizer.render.briefing import write_briefing
from tests.conftest import ROOT, SEED_REPORTS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="headless Chromium not installed (apt-get install chromium); .ci/run installs it",
    ),
]

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--window-size=1200,2400",
)
CONSOLE = re.compile(r":CONSOLE[:(]\d*\)?\]\s*(.*)")


def _screenshot(page: Path, shot: Path, profile: Path) -> list[str]:
    assert CHROMIUM is not None
    run = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return [m.group(1) for m in map(CONSOLE.search, run.stderr.splitlines()) if m]


def test_briefing_renders_without_console_errors(tmp_path: Path) -> None:
    from summarizer.config import load_settings
    from summarizer.pipeline import summarize_paths

    hostile = tmp_path / "hostile.txt"
    text = SEED_REPORTS["xiaying"].read_text(encoding="utf-8")
    hostile.write_text(
        text.replace(
            "新注册企业132家",
            "新注册企业132家<script>console.error('report script ran')</script>"
            '<img src=x onerror="console.error(1)">',
        ),
        encoding="utf-8",
    )
    paths = [hostile, *(SEED_REPORTS[name] for name in ("dongliu", "xinqi", "xicheng", "xiasha"))]
    outcomes = summarize_paths(paths, load_settings({}), progress=False)
    summaries = [o.summary for o in outcomes if o.summary is not None]
    assert len(summaries) == 5
    page = tmp_path / "briefing.html"
    write_briefing(summaries, page)
    assert "&lt;script&gt;" in page.read_text(encoding="utf-8")

    shot = tmp_path / "briefing.png"
    console = _screenshot(page, shot, tmp_path / "profile")
    assert console == [], console
    # A real page was painted, not a blank one: a blank 1200x2400 PNG is a few KB.
    assert shot.stat().st_size > 50_000
    keep = os.environ.get("SUMMARIZER_SCREENSHOT_DIR")
    if keep:
        shutil.copy(shot, Path(keep) / "briefing.png")


def test_the_console_check_sees_errors(tmp_path: Path) -> None:
    """The check above could fail: a page that does log is caught."""
    page = tmp_path / "noisy.html"
    page.write_text("<html><body><script>console.error('noisy')</script></body></html>")
    console = _screenshot(page, tmp_path / "noisy.png", tmp_path / "profile")
    assert any("noisy" in line for line in console)


CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_the_briefing_of_every_corpus_report_renders(tmp_path: Path) -> None:
    """130 reports: the page stays under 5 MB, opens on its overview and contents, folds each
    report, and the browser paints it without a console message."""
    from summarizer.cli import main

    page = tmp_path / "corpus.html"
    argv = ["brief", str(CORPUS / "provinces"), str(CORPUS / "cities"), "-q", "-o", str(page)]
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 0
    assert page.stat().st_size <= 5_000_000
    html = page.read_text(encoding="utf-8")
    assert html.index('<nav id="toc">') < html.index('<section id="overview">')
    assert html.count('<details class="report-detail">') == 130

    shot = tmp_path / "corpus.png"
    console = _screenshot(page, shot, tmp_path / "profile")
    assert console == [], console
    assert shot.stat().st_size > 50_000
    keep = os.environ.get("SUMMARIZER_SCREENSHOT_DIR")
    if keep:
        shutil.copy(shot, Path(keep) / "briefing-corpus.png")
