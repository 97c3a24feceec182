"""`summarizer chunks FILE [--json]` through the real entry point."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import chunk, load
from summarizer.cli import main
from tests.conftest import REPORTS, SEED_REPORTS


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 1), out, err


def test_json_tiles_the_cleaned_text(capsys: pytest.CaptureFixture[str]) -> None:
    path = SEED_REPORTS["dongliu"]
    code, out, _ = _run(["chunks", str(path), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    doc = load(path)
    assert data["text_length"] == len(doc.text)
    sections = data["sections"]
    assert {"id", "heading_path", "level", "role", "start", "end"} <= set(sections[0])
    assert "text" not in sections[0]
    assert sections[0]["start"] == 0 and sections[-1]["end"] == data["text_length"]
    for a, b in itertools.pairwise(sections):
        assert a["end"] == b["start"]
    assert [s["role"] for s in sections] == [s.role for s in chunk(doc)]
    assert data["report"]["title"] == "东柳街道2023年工作总结和2024年工作思路"
    assert data["report"]["published"] == "2024-03-21"


def test_json_max_chars_splits(capsys: pytest.CaptureFixture[str]) -> None:
    path = SEED_REPORTS["xiaying"]
    _, out, _ = _run(["chunks", str(path), "--json", "--max-chars", "300"], capsys)
    sections = json.loads(out)["sections"]
    assert all(s["end"] - s["start"] <= 300 for s in sections)
    assert any(s["parts"] > 1 for s in sections)


def test_tree_shows_roles_spans_and_headings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["chunks", str(REPORTS / "hangzhou-xiasha-2022h1.html")], capsys)
    assert code == 0
    assert "下沙街道2022年半年度工作总结" in out
    assert "2022-12-02" in out and "2022年上半年" in out
    assert "三、下半年主要工作计划" in out
    assert "(一)聚合力、筑防线" in out  # a heading with no body still shows as a branch
    assert "review" in out and "plan" in out and "other" in out
    assert "[0, 220)" in out
    assert "26 sections tiling [0, 7365)" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "no such file"), (b"\x89PNG\r\n\x1a\n\x00\x00", "is a PNG image, not a text report")],
)
def test_bad_file_is_one_line_and_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, reason: str
) -> None:
    path = tmp_path / "report.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = _run(["chunks", str(path)], capsys)
    assert code == 2  # nothing could be done: an input error
    assert out == ""
    assert err == f"error: {path}: {reason}\n"


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-c", "from summarizer.cli import main; main()", "chunks", str(empty)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"error: {empty}: file is empty (0 bytes)\n"
    assert "Traceback" not in proc.stderr
