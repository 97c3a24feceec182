"""`summarizer brief` end to end: the real pipeline (rules provider) on the fixture reports,
each format written and read back."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document as open_docx

from summarizer.cli import main
from tests.conftest import REPORTS, SEED_REPORTS

FIVE = [str(path) for path in SEED_REPORTS.values()]


def _brief(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["brief", "-q", *args])
    code = exit_info.value.code
    return (0 if code is None else int(code)), capsys.readouterr().err


def test_html_of_five_reports_has_statuses_and_ranks_nothing_across_periods(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "briefing.html"
    table = tmp_path / "compare.csv"
    code, err = _brief(capsys, *FIVE, "-o", str(out), "--csv", str(table))
    assert code == 0, err
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    text = soup.get_text(" ")
    for issuer in ("下应街道", "东柳街道", "新碶街道", "西城街道", "下沙街道"):
        assert issuer in text
    # Headline figures of the seeds, with their check status.
    for figure in ("15.93亿元", "60.3亿元", "23.15亿元", "29.6亿元", "6.87亿元"):
        assert figure in text
    assert "已核对" in text
    # Qualifiers stand where the source puts them: 35家以上, never 35以上家.
    assert "35家以上" in text and "35以上家" not in text
    assert not soup.find_all(["script", "link"])
    # The seeds review five different periods (2023年上半年, 2023年, 2024年, 2022年,
    # 2022年上半年): nothing is ranked, so the table holds its header only, and no chart.
    assert soup.find("img") is None
    rows = list(csv.DictReader(table.open(encoding="utf-8-sig")))
    assert rows == []
    # 目标完成情况 lists the targets the seeds set, none of them settled by a later report.
    assert "目标完成情况" in text and "未见结果" in text


def test_docx_and_markdown_of_one_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx_path = tmp_path / "one.docx"
    code, err = _brief(capsys, FIVE[0], "-o", str(docx_path))
    assert code == 0, err
    document = open_docx(str(docx_path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any("下应街道" in heading for heading in headings)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"15.93", "亿元"} <= cells  # value and unit stand in their own columns
    md_path = tmp_path / "one.md"
    code, err = _brief(capsys, FIVE[0], "-o", str(md_path), "--lang", "en")
    assert code == 0, err
    markdown = md_path.read_text(encoding="utf-8")
    assert "15.93亿元" in markdown and "verified" in markdown


def test_copies_of_a_report_are_briefed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b.md"
    code, err = _brief(
        capsys,
        str(REPORTS / "ningbo-dongliu-2023.txt"),
        str(REPORTS / "ningbo-dongliu-2023.gb18030.txt"),
        "-o",
        str(out),
    )
    assert code == 0
    assert "skipped" in err and "same text as" in err
    assert out.read_text(encoding="utf-8").count("60.3亿元") >= 1
    assert not (tmp_path / "b.chart.png").exists()  # one report: no comparison chart


def test_bad_output_name_fails_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _brief(capsys, FIVE[0], "-o", str(tmp_path / "briefing.pdf"))
    assert code != 0
    assert err.strip().startswith("error:") and "briefing.pdf" in err and ".docx" in err
    assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_unreadable_report_is_named_and_the_rest_briefed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    shutil.copy(FIVE[0], tmp_path / "xiaying.txt")
    out = tmp_path / "b.html"
    code, err = _brief(capsys, str(empty), str(tmp_path / "xiaying.txt"), "-o", str(out))
    assert code == 1
    assert "empty.txt" in err
    assert "15.93亿元" in out.read_text(encoding="utf-8")
