"""load + clean on the real seed reports, their HTML/DOCX/Markdown/GB18030 variants, and every
way a file can be unusable."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer import InputError, chunk, clean, load
from summarizer.models import Period
from tests.conftest import REPORTS, SEED_REPORTS

# Read off each report by hand: what a reader of the page would say about it.
EXPECTED_META = {
    "xiaying": {
        "title": "宁波市鄞州区下应街道2023年上半年工作总结",
        "issuer": "下应街道",
        "published": date(2023, 7, 28),
        "region": "宁波市鄞州区",
        "review_period": Period(label="2023年上半年", year=2023, span="H1"),
        "plan_period": Period(label="2023年下半年", year=2023, span="H2"),
        "level": "街道乡镇",
        "kind": "半年工作总结",
        "parts": ["review", "plan"],
    },
    "dongliu": {
        "title": "东柳街道2023年工作总结和2024年工作思路",
        "issuer": "东柳街道",
        "published": date(2024, 3, 21),
        "region": None,
        "review_period": Period(label="2023年", year=2023, span="Y"),
        "plan_period": Period(label="2024年", year=2024, span="Y"),
        "level": "街道乡镇",
        "kind": "工作总结和工作计划",
        "parts": ["review", "plan", "problems"],
    },
    # No title line on the page: the title stays unknown rather than invented; the issuer is
    # the 发布机构 field, the date its 成文日期.
    "xinqi": {
        "title": None,
        "issuer": "新碶街道",
        "published": date(2024, 12, 5),
        "region": None,
        "review_period": Period(label="2024年", year=2024, span="Y"),
        "plan_period": Period(label="2025年", year=2025, span="Y"),
        "level": "街道乡镇",
        "kind": "工作总结和工作计划",
        "parts": ["review", "plan", "problems"],
    },
    # 发布机构 is blank on this page; the body speaks for 西城街道 throughout.
    "xicheng": {
        "title": None,
        "issuer": "西城街道",
        "published": date(2023, 9, 7),
        "region": None,
        "review_period": Period(label="2022年", year=2022, span="Y"),
        "plan_period": Period(label="2023年", year=2023, span="Y"),
        "level": "街道乡镇",
        "kind": "工作总结和工作计划",
        "parts": ["review", "plan"],
    },
    "xiasha": {
        "title": "下沙街道2022年半年度工作总结",
        "issuer": "下沙街道",
        "published": date(2022, 12, 2),
        "region": None,
        "review_period": Period(label="2022年上半年", year=2022, span="H1"),
        "plan_period": Period(label="2022年下半年", year=2022, span="H2"),
        "level": "街道乡镇",
        "kind": "半年工作总结",
        "parts": ["review", "plan"],
    },
}

# (header lines, footer lines) of page furniture around each seed's body, counted by hand.
FURNITURE_LINES = {
    "xiaying": (4, 1),
    "dongliu": (7, 1),
    "xinqi": (11, 0),
    "xicheng": (5, 5),
    "xiasha": (2, 0),
}

FURNITURE = (
    "索引号",
    "组配分类",
    "发布机构",
    "公开方式",
    "公开范围",
    "主题分类",
    "成文日期",
    "生成日期",
    "发布日期",
    "发布时间",
    "发文时间",
    "信息来源",
    "【打印本页】",
    "【关闭窗口】",
    "字体",
    "【 大 中 小 】",
    "首页",
    ">政府信息公开",
    "|",
)


def _raw(name: str) -> str:
    return SEED_REPORTS[name].read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED_META))
def test_seed_metadata(name: str) -> None:
    meta = load(SEED_REPORTS[name]).meta
    got = {key: getattr(meta, key) for key in EXPECTED_META[name]}
    assert got == EXPECTED_META[name]
    assert meta.encoding == "utf-8"
    assert meta.source_format == "txt"
    assert meta.path == str(SEED_REPORTS[name])


@pytest.mark.parametrize("name", sorted(SEED_REPORTS))
def test_no_furniture_survives(name: str) -> None:
    text = load(SEED_REPORTS[name]).text
    for word in FURNITURE:
        assert word not in text, word
    for line in text.split("\n"):
        assert line.strip() not in {"打印", "关闭", "-", ""}
        assert line == line.strip()


@pytest.mark.parametrize("name", sorted(SEED_REPORTS))
def test_cleaning_keeps_every_body_line(name: str) -> None:
    """Exactly the furniture goes: the body lines stay, in order, with their own words."""
    head, foot = FURNITURE_LINES[name]
    lines = [line for line in _raw(name).split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    body = lines[head : len(lines) - foot]
    expected = [" ".join(line.rstrip(" |").split()) for line in body if line.strip()]
    assert load(SEED_REPORTS[name]).text == "\n".join(expected)


def test_title_leaves_the_text() -> None:
    doc = load(SEED_REPORTS["xiaying"])
    assert doc.meta.title is not None
    assert doc.meta.title not in doc.text
    assert doc.text.startswith("2023年是全面贯彻落实党的二十大精神的开局之年")
    assert doc.text.endswith("以下应的稳与进为我区发展大局作出新的更大贡献。")


def test_inline_report_keeps_its_one_long_line() -> None:
    # Seed 001 flattens the whole report into one line; only its table-border residue goes.
    doc = load(SEED_REPORTS["dongliu"])
    assert "\n" not in doc.text
    assert doc.text.startswith("一、2023年工作回顾 2023年是")
    assert doc.text.endswith("换取群众“幸福指数”。")


def test_clean_is_the_same_through_load_and_directly() -> None:
    path = SEED_REPORTS["xicheng"]
    direct = clean(_raw("xicheng"), path=str(path), encoding="utf-8", source_format="txt")
    assert direct == load(path)


def test_crlf_and_indentation_do_not_change_the_text() -> None:
    raw = _raw("xiaying")
    messy = "\r\n".join("\u3000\u3000" + line + "  " for line in raw.split("\n"))
    assert clean(messy).text == clean(raw).text


def test_replacement_characters() -> None:
    # A character lost at a cut line carries nothing and goes …
    assert clean("城市更新\ufffd\n加速推进。").text == "城市更新\n加速推进。"
    assert clean("新增托位124个\ufffd\ufffd,建立").text == "新增托位124个,建立"
    # … but between digits it stays, so two figures never weld into one false one.
    assert clean("同比增长1\ufffd5%").text == "同比增长1\ufffd5%"


# --------------------------------------------------------------------------- formats


def test_html_page_reads_like_the_text_report() -> None:
    page = load(REPORTS / "hangzhou-xiasha-2022h1.html")
    plain = load(SEED_REPORTS["xiasha"])
    assert page.text == plain.text
    assert page.meta.source_format == "html"
    assert page.meta.encoding == "utf-8"
    expected = plain.meta.model_dump(exclude={"path", "source_format"})
    assert page.meta.model_dump(exclude={"path", "source_format"}) == expected
    for chrome in (
        "浙ICP备",
        "网站地图",
        "当前位置",
        "无障碍浏览",
        "_hmt",
        "doZoom",
        "相关链接",
        "微博",
    ):
        assert chrome not in page.text


def test_html_meta_fills_what_the_page_text_lacks(tmp_path: Path) -> None:
    body = "\n".join(f"<p>{line}</p>" for line in _raw("xinqi").split("\n")[11:])
    page = tmp_path / "xinqi.htm"
    page.write_text(
        "<html><head><meta charset='utf-8'>"
        "<meta name='ArticleTitle' content='新碶街道2024年工作总结及2025年工作思路'>"
        "<meta name='PubDate' content='2024-12-06 09:30'>"
        "<meta name='ContentSource' content='新碶街道'>"
        f"<title>ignored_北仑区人民政府</title></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    doc = load(page)
    assert doc.meta.title == "新碶街道2024年工作总结及2025年工作思路"
    assert doc.meta.published == date(2024, 12, 6)
    assert doc.meta.issuer == "新碶街道"
    assert doc.text == load(SEED_REPORTS["xinqi"]).text


def test_html_declared_gbk_charset(tmp_path: Path) -> None:
    text = _raw("xiaying")
    page = tmp_path / "xiaying.html"
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>{paragraphs}</body></html>'
    page.write_bytes(html.encode("gb18030"))
    doc = load(page)
    assert doc.meta.encoding == "gb18030"
    assert doc.text == load(SEED_REPORTS["xiaying"]).text


def test_gb18030_copy_decodes_to_the_same_report() -> None:
    copy = load(REPORTS / "ningbo-dongliu-2023.gb18030.txt")
    original = load(SEED_REPORTS["dongliu"])
    assert copy.meta.encoding == "gb18030"
    assert copy.text == original.text
    assert copy.meta.title == original.meta.title


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("gbk", errors="strict"), "gb18030"),
        (lambda t: t.encode("utf-16"), "utf-16"),
    ],
    ids=["utf8-bom", "gbk", "utf16-bom"],
)
def test_encodings(tmp_path: Path, encode: Callable[[str], bytes], encoding: str) -> None:
    # Seed 003 is the one whose characters all exist in GBK (the others use U+2022 •).
    raw = _raw("xicheng")
    path = tmp_path / "report.txt"
    path.write_bytes(encode(raw))
    doc = load(path)
    assert doc.meta.encoding == encoding
    assert doc.text == load(SEED_REPORTS["xicheng"]).text


def test_markdown_front_matter_and_marks(tmp_path: Path) -> None:
    lines = _raw("xiasha").split("\n")[2:]
    md_lines = []
    for line in lines:
        if re.match(r"[一二三]、|（|\(", line):
            md_lines.append("## " + line)
        elif m := re.match(r"(\d\.[^。]+。)(.*)", line):
            md_lines.append(f"**{m.group(1)}**{m.group(2)}")
        else:
            md_lines.append(line)
    path = tmp_path / "xiasha.md"
    path.write_text(
        "---\ntitle: 下沙街道2022年半年度工作总结\nsource: 下沙街道\ndate: 2022-12-02\n---\n"
        "# 下沙街道2022年半年度工作总结\n\n" + "\n\n".join(md_lines) + "\n",
        encoding="utf-8",
    )
    doc = load(path)
    assert doc.meta.source_format == "md"
    assert doc.text == load(SEED_REPORTS["xiasha"]).text
    assert "**" not in doc.text and "#" not in doc.text and "---" not in doc.text
    assert doc.meta.title == "下沙街道2022年半年度工作总结"
    assert doc.meta.issuer == "下沙街道"
    assert doc.meta.published == date(2022, 12, 2)
    assert [s.role for s in chunk(doc)] == [s.role for s in chunk(load(SEED_REPORTS["xiasha"]))]


def test_docx_paragraphs_and_table(tmp_path: Path) -> None:
    import docx

    lines = _raw("xinqi").split("\n")
    document = docx.Document()
    document.core_properties.title = "新碶街道2024年工作总结"
    table = document.add_table(rows=0, cols=4)
    for row_text in lines[:4]:
        cells = [c.strip() for c in row_text.split("|") if c.strip()]
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=False):
            cell.text = value
    for line in lines[11:]:
        document.add_paragraph(line)
    path = tmp_path / "xinqi.docx"
    document.save(str(path))

    doc = load(path)
    assert doc.meta.source_format == "docx"
    assert doc.meta.encoding is None
    assert doc.text == load(SEED_REPORTS["xinqi"]).text
    assert doc.meta.issuer == "新碶街道"
    assert doc.meta.published == date(2024, 12, 5)
    # The page itself has no title line; the document's title property supplies one.
    assert doc.meta.title == "新碶街道2024年工作总结"


# --------------------------------------------------------------------------- bad input


def _bad(tmp_path: Path, name: str, content: bytes | None) -> Path:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "file is empty (0 bytes)"),
        ("blank.txt", b" \n\t\r\n\xe3\x80\x80\n", "contains only whitespace, no text"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
            "is a PNG image, not a text report",
        ),
        ("scan.pdf", b"%PDF-1.7\n", "not a readable PDF (PdfStreamError)"),
        ("report.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "not a readable PDF (PdfStreamError)"),
        (
            "nul.txt",
            "报告\x00\x00内容".encode(),
            "is binary data (it contains NUL bytes), not a text report",
        ),
        (
            "garbled.txt",
            "下应街道".encode() + b"\xff\xfe\xfa\xfb" * 8,
            "cannot decode text: not UTF-8, GB18030/GBK, Big5 or UTF-16 (byte 0xff at offset 12)",
        ),
        ("broken.docx", b"PK\x03\x04not really a zip", "not a valid .docx file (BadZipFile)"),
        (
            "empty.html",
            b"<html><body><script>var a=1;</script></body></html>",
            "no text found in the HTML page",
        ),
        (
            "chrome.txt",
            "首页\n>政府信息公开>政府决策\n【打印本页】 【关闭窗口】\n".encode(),
            "no report text left after removing page furniture",
        ),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "legacy Word .doc is not supported; save it as .docx",
        ),
        # summarize's own output passed back as a report, by its suffix or by its content.
        *(
            (
                name,
                '{"path": "下应街道.txt", "schema_version": "3"}\n'.encode(),
                "is JSON, not a report: pass the report files themselves (summaries already "
                "made come back from the cache)",
            )
            for name in ("out.jsonl", "out.json", "summary.txt")
        ),
    ],
)
def test_bad_input_names_file_and_reason(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    path = _bad(tmp_path, name, content)
    with pytest.raises(InputError) as info:
        load(path)
    assert str(info.value) == f"{path}: {reason}"
    assert info.value.reason == reason
    assert "\n" not in str(info.value)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load(tmp_path)
    assert str(info.value) == f"{tmp_path}: is a directory, not a report file"


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    path = _bad(tmp_path, "locked.txt", "报告".encode())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file")
        with pytest.raises(InputError) as info:
            load(path)
        assert str(info.value) == f"{path}: permission denied"
    finally:
        path.chmod(0o644)


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    [
        "一、",
        "（一）",
        "(二)",
        "1.",
        "2、",
        "（1）",
        "①",
        "\n",
        " ",
        "。",
        "，",
        "|",
        "\ufffd",
        "下半年,",
        "还存在一些短板和弱项:",
        "2023年工作计划\n",
        "首页\n",
        "【打印本页】",
        "15.93亿元",
        "狠抓产业提升。",
        "经济发展凸显韧性",
        "发布时间: 2023-07-28 信息来源: 下应街道\n",
    ]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40))
def test_clean_and_chunk_never_crash_and_always_tile(pieces: list[str]) -> None:
    doc = clean("".join(pieces))
    sections = chunk(doc, max_chars=60)
    if not doc.text:
        assert sections == []
        return
    assert sections[0].start == 0 and sections[-1].end == len(doc.text)
    for a, b in itertools.pairwise(sections):
        assert a.end == b.start and a.start < a.end
    assert all(s.text == doc.text[s.start : s.end] for s in sections)


@pytest.mark.parametrize("name", sorted(SEED_REPORTS))
def test_clean_is_idempotent_on_its_text(name: str) -> None:
    text = load(SEED_REPORTS[name]).text
    assert clean(text).text == text


def test_a_body_line_with_a_colon_is_not_a_title() -> None:
    doc = clean("现将2022年上半年工作进度及下半年工作计划公布如下:\n一、上半年主要工作回顾\n内容。")
    assert doc.meta.title is None
    assert doc.text.startswith("现将2022年")


@pytest.mark.parametrize("name", ["saved-page.txt", "saved-page"])
def test_page_saved_without_html_suffix_is_read_as_html(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes((REPORTS / "hangzhou-xiasha-2022h1.html").read_bytes())
    doc = load(path)
    assert doc.meta.source_format == "html"
    assert doc.text == load(SEED_REPORTS["xiasha"]).text
