"""Bad input: every file a user may point the tool at by mistake or by scraping gets a clean
result or one `error:` line naming the file and the reason; never a traceback, never an empty
success, never a half-written output file."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.document.chunking import chunk
from summarizer.document.ingest import load
from summarizer.errors import InputError
from tests.conftest import ROOT, SEED_REPORTS
from tests.robustness.conftest import SEED_TEXTS, Run, assert_clean_failure, run_cli

XIAYING = SEED_TEXTS["xiaying"]
# GBK has no "•"; the GB18030 superset has, but a page saved as GBK cannot carry it.
XIAYING_GBK_SAFE = XIAYING.replace("\u2022", "·")


def summarize(capsys: pytest.CaptureFixture[str], *paths: Path | str, fmt: str = "json") -> Run:
    return run_cli(["summarize", *map(str, paths), "-q", "-f", fmt], capsys)


def only_json(run: Run) -> dict[str, object]:
    data = json.loads(run.out)
    assert isinstance(data, dict)
    return data


def achievements_with(run: Run, figure: str) -> int:
    data = only_json(run)
    items = data["achievements"]
    assert isinstance(items, list)
    return sum(1 for a in items if figure in a["evidence"])


# --------------------------------------------------------------------------- refused files


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "file is empty (0 bytes)"),
        ("blank.txt", " \n\t\r\n\u3000\n".encode(), "contains only whitespace"),
        ("blank-gbk.txt", "\u3000\u3000\r\n".encode("gb18030"), "contains only whitespace"),
        ("blank.html", b"<html><body><p> </p><script>x()</script></body></html>", "no text"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "is a PNG image"),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not a readable PDF"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF", "is a JPEG image"),
        ("report.pdf", b"%PDF-1.4\n", "not a readable PDF"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "legacy Word .doc"),
        ("nul.txt", "一、经济".encode() + b"\x00\x01\x02" * 50, "NUL bytes"),
        ("latin.txt", bytes(range(0x80, 0x100)) * 40, "cannot decode text"),
    ],
)
def test_unusable_file_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out.json"
    run = run_cli(["summarize", path, "-q", "-f", "json", "-o", out], capsys)
    line = assert_clean_failure(run, str(path), reason)
    assert line == f"error: {path}: {line.split(': ', 2)[2]}"
    # The output holds the failure, whole: a consumer never mistakes it for an empty success.
    data_out = json.loads(out.read_text(encoding="utf-8"))
    assert data_out["error"] and reason in data_out["error"]
    assert data_out["achievements"] == [] and data_out["sections"] == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []


def test_folder_without_reports_is_an_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "downloads"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / "sub" / "scan.tiff").write_bytes(b"II*\x00")
    out = tmp_path / "out.json"
    run = run_cli(["summarize", folder, "-q", "-o", out], capsys)
    assert_clean_failure(run, str(folder), "no report files", code=2)
    assert not out.exists()
    assert run.out == ""


def test_docx_that_is_a_zip_of_something_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/table.csv", "街道,产值\n下应,15.93\n")
        archive.writestr("[Content_Types].xml", "<Types/>")
    fake = tmp_path / "报告.docx"
    fake.write_bytes(buffer.getvalue())
    corrupt = tmp_path / "truncated.docx"
    corrupt.write_bytes(buffer.getvalue()[:40])
    run = summarize(capsys, fake, corrupt, fmt="jsonl")
    assert_clean_failure(run, str(fake), "not a valid .docx file", "without word/document.xml")
    assert len(run.error_lines) == 2
    assert str(corrupt) in run.error_lines[1] and "not a valid .docx" in run.error_lines[1]


def test_directory_broken_symlink_and_missing_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "looks-like-a-file.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        load(folder)
    run = summarize(capsys, folder)
    assert_clean_failure(run, str(folder), "no report files", code=2)

    link = tmp_path / "latest.txt"
    link.symlink_to(tmp_path / "gone" / "report.txt")
    with pytest.raises(InputError, match=r"broken symbolic link \(points to .*gone/report.txt\)"):
        load(link)
    run = summarize(capsys, link)
    assert_clean_failure(run, str(link), code=2)
    # A dangling link inside a folder is skipped; the folder's real reports are read.
    shutil.copy(SEED_REPORTS["xiaying"], tmp_path / "real.txt")
    shutil.move(link, tmp_path / "sub-link.txt")
    run = summarize(capsys, tmp_path, fmt="jsonl")
    assert run.code == 0 and len(run.out.splitlines()) == 1, run.err


@pytest.fixture
def unreadable_dir() -> Iterator[Path]:
    # Not under pytest's tmp_path: that lives in a 0700 folder another uid cannot enter.
    folder = Path(tempfile.mkdtemp(prefix="summarizer-perm-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# The child warms every import as root (the interpreter lives under /root, 0700), then drops
# to `nobody` before the real run: what a user without read permission sees.
_AS_NOBODY = """
import contextlib, io, os, sys
from summarizer.cli import main
warm = io.StringIO()
# Everything the run below imports is imported here, as root, printing included (no -q).
with contextlib.redirect_stdout(warm), contextlib.redirect_stderr(warm):
    try:
        main(["summarize", sys.argv[2], "-f", "json"])
    except SystemExit:
        pass
os.setgid(65534)
os.setuid(65534)
main(["summarize", sys.argv[1], sys.argv[2], "-q", "-f", "jsonl"])
"""


@pytest.mark.skipif(not hasattr(os, "setuid"), reason="needs POSIX uids")
def test_file_without_read_permission(unreadable_dir: Path) -> None:
    locked = unreadable_dir / "locked.txt"
    locked.write_text(XIAYING, encoding="utf-8")
    locked.chmod(0)
    readable = unreadable_dir / "open.txt"
    readable.write_text(XIAYING, encoding="utf-8")
    readable.chmod(0o644)
    if os.geteuid() != 0:
        if os.access(locked, os.R_OK):
            pytest.skip("this user can read a mode-000 file (a capability such as DAC override)")
        argv = [sys.executable, "-c", _AS_NOBODY.replace("os.setgid(65534)\nos.setuid(65534)", "")]
    else:
        argv = [sys.executable, "-c", _AS_NOBODY]
    home = unreadable_dir / "home"
    home.mkdir(mode=0o777)
    home.chmod(0o777)
    env = {**os.environ, "XDG_CONFIG_HOME": str(home), "XDG_CACHE_HOME": str(home)}

    def as_user(extra_env: dict[str, str]) -> Run:
        proc = subprocess.run(
            [*argv, str(locked), str(readable)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
            env={**env, **extra_env},
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    run = as_user({})
    assert_clean_failure(run, str(locked), "permission denied")
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert [line["path"] for line in lines] == [str(locked), str(readable)]
    assert "permission denied" in lines[0]["error"]
    assert lines[1]["error"] is None and len(lines[1]["achievements"]) > 10

    # A config folder the user may not enter is a one-line config error, not a traceback.
    closed = unreadable_dir / "closed"
    closed.mkdir()
    closed.chmod(0o700)
    run = as_user({"XDG_CONFIG_HOME": str(closed)})
    assert_clean_failure(run, "cannot read config file", str(closed), code=2)


# --------------------------------------------------------------------------- odd but readable


def test_gbk_without_declaration_reads_like_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(XIAYING_GBK_SAFE.encode("gbk"))
    page = tmp_path / "page.html"
    body = "".join(f"<p>{line}</p>" for line in XIAYING_GBK_SAFE.splitlines())
    page.write_bytes(f"<html><body>{body}</body></html>".encode("gbk"))
    (tmp_path / "utf8.txt").write_text(XIAYING_GBK_SAFE, encoding="utf-8")
    utf8 = load(tmp_path / "utf8.txt")
    for path in (gbk, page):
        doc = load(path)
        assert doc.meta.encoding == "gb18030"
        assert doc.text == utf8.text
    assert achievements_with(summarize(capsys, gbk), "15.93亿元") == 1


def test_mixed_encodings_read_line_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = XIAYING_GBK_SAFE.splitlines()
    half = len(lines) // 2
    mixed = tmp_path / "pasted.txt"
    mixed.write_bytes(
        "\n".join(lines[:half]).encode("utf-8") + b"\n" + "\n".join(lines[half:]).encode("gbk")
    )
    doc = load(mixed)
    assert doc.meta.encoding == "utf-8+gb18030"
    (tmp_path / "utf8.txt").write_text(XIAYING_GBK_SAFE, encoding="utf-8")
    assert doc.text == load(tmp_path / "utf8.txt").text
    run = summarize(capsys, mixed)
    assert run.code == 0, run.err
    assert achievements_with(run, "15.93亿元") == 1  # the UTF-8 half
    assert achievements_with(run, "182处") == 1  # the GBK half
    # Bytes that are neither, in any line, are still refused rather than read as mojibake.
    broken = tmp_path / "broken.txt"
    broken.write_bytes(mixed.read_bytes() + b"\n\xff\xfe\xfd\x80\n")
    assert_clean_failure(summarize(capsys, broken), str(broken), "cannot decode text")


def test_report_without_any_heading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Only the body paragraphs: no title, no 一、/（一）/1. heading, no short heading-like line.
    paragraphs = [line for line in XIAYING.splitlines() if len(line) > 40 and "。" in line]
    flat = tmp_path / "flat.txt"
    flat.write_text("\n".join(paragraphs), encoding="utf-8")
    doc = load(flat)
    sections = chunk(doc)
    assert sections and sections[0].start == 0 and sections[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in itertools.pairwise(sections))
    run = summarize(capsys, flat)
    assert run.code == 0, run.err
    assert achievements_with(run, "15.93亿元") == 1


@pytest.mark.parametrize("start", [0, 2, 3])
def test_report_scraped_onto_one_line_keeps_its_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], start: int
) -> None:
    # Newlines lost in scraping: the line now starts with the crumb (首页>…), the title, or the
    # 发布时间: metadata. Cleaning used to drop such a line whole, leaving "no report text".
    one = "".join(XIAYING.splitlines()[start:])
    path = tmp_path / "one-line.txt"
    path.write_text(one, encoding="utf-8")
    doc = load(path)
    assert len(doc.text) > 0.95 * len(one)
    run = summarize(capsys, path)
    assert run.code == 0, run.err
    assert achievements_with(run, "15.93亿元") == 1


def _two_thousand_headings() -> tuple[str, int]:
    # Body sentences only: a seed heading among them would open a level of its own.
    heading = re.compile(r"[一二三四五六七八九十]+、|[（(]|\d+[.、]|.*[:：]")
    sentences = [
        s + "。"
        for s in re.split("[。\n]", XIAYING)
        if 15 < len(s) < 120 and "," in s and not heading.match(s)
    ]
    cn = "一二三四五六七八九十"
    tops = [*cn, *("十" + c for c in cn[:9]), "二十"]
    lines: list[str] = ["某街道2023年工作总结"]
    headings = 0
    for i, top in enumerate(tops):
        lines.append(f"{top}、第{i + 1}方面工作")
        headings += 1
        for j, mid in enumerate(cn):
            lines.append(f"（{mid}）第{j + 1}项任务")
            headings += 1
            for k in range(1, 11):
                lines.append(f"{k}.具体举措{k}")
                lines.append(sentences[(i * 97 + j * 13 + k) % len(sentences)])
                headings += 1
    return "\n".join(lines), headings


def test_report_with_two_thousand_headings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, headings = _two_thousand_headings()
    assert headings >= 2000
    path = tmp_path / "many-headings.txt"
    path.write_text(text, encoding="utf-8")
    began = time.perf_counter()
    doc = load(path)
    sections = chunk(doc)
    # Every 1. heading holds text, so each is a section of its own, three levels deep.
    assert len(sections) == headings - 20 - 200
    assert all(len(s.heading_path) == 3 for s in sections)
    assert sections[0].start == 0 and sections[-1].end == len(doc.text)
    assert sections[0].heading_path == ["一、第1方面工作", "（一）第1项任务", "1.具体举措1"]
    assert sections[-1].heading_path == ["二十、第20方面工作", "（十）第10项任务", "10.具体举措10"]
    run = summarize(capsys, path)
    assert run.code == 0, run.err
    data = only_json(run)
    assert len(data["sections"]) >= 2000  # type: ignore[arg-type]
    assert time.perf_counter() - began < 30


def test_html_with_broken_tags_scripts_and_styles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>下应街道2023年上半年工作总结</title>"
        "<style>.x{content:'88亿元'} p{color:red</style>"
        "<script>var s='一、假标题 99亿元'; document.write('<p>66亿元</p>')</script></head>"
        "<body><div class=nav>首页 > 政府信息公开</div><!-- 77亿元 -->"
        "<p>一、经济发展<p>2023年上半年，实现地区生产总值15.93亿元，同比增长10.6%。<b><i>未闭合"
        "<script>alert('55亿元')</script><table><tr><td>二、平安建设<td>上半年排查辖区重大安全隐患182处。"
        "<noscript>44亿元</noscript><p>三、下步计划<p>力争全年完成固定资产投资30亿元。</div></span>",
        encoding="utf-8",
    )
    doc = load(page)
    for hidden in ("88亿元", "99亿元", "66亿元", "77亿元", "55亿元", "44亿元", "var ", "<", "{"):
        assert hidden not in doc.text, hidden
    assert "15.93亿元" in doc.text and "182处" in doc.text and "30亿元" in doc.text
    assert [s.heading_path[-1] for s in chunk(doc)][-3:] == [
        "一、经济发展",
        "二、平安建设",
        "三、下步计划",
    ]
    run = summarize(capsys, page)
    assert run.code == 0, run.err
    data = only_json(run)
    raws = {m["raw"] for a in data["achievements"] for m in a["metrics"]}  # type: ignore[attr-defined]
    assert "15.93亿元" in raws and not raws & {"88亿元", "99亿元", "55亿元"}


def test_file_names_with_spaces_and_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2023年 报告 (下载)"
    folder.mkdir()
    names = ["下应街道 上半年 总结.txt", "东柳街道（2023）'年度'.txt", "#1 新碶 街道 & 其他.md"]
    seeds = ["xiaying", "dongliu", "xinqi"]
    for name, seed in zip(names, seeds, strict=True):
        shutil.copy(SEED_REPORTS[seed], folder / name)
    out = folder / "输出 结果.jsonl"
    run = run_cli(["summarize", folder, "-q", "-f", "jsonl", "-o", out], capsys)
    assert run.code == 0, run.err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["path"] for line in lines) == sorted(str(folder / n) for n in names)
    assert all(line["error"] is None and line["achievements"] for line in lines)
    # The same files through a glob and one by one.
    run = summarize(capsys, str(folder / "*街道*.txt"), fmt="jsonl")
    assert run.code == 0 and len(run.out.splitlines()) == 2
    run = summarize(capsys, folder / names[1])
    assert only_json(run)["report"]["path"] == str(folder / names[1])  # type: ignore[index]


def test_output_path_that_is_a_folder_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(["summarize", SEED_REPORTS["xiaying"], "-q", "-o", tmp_path], capsys)
    assert_clean_failure(run, str(tmp_path), "is a folder", code=2)
    assert run.out == ""


def test_unwritable_output_leaves_no_temp_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "out.json"
    run = run_cli(["summarize", SEED_REPORTS["xiaying"], "-q", "-o", target], capsys)
    assert_clean_failure(run, str(target), "cannot write output", code=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
    assert stat.S_ISREG(blocker.stat().st_mode)
