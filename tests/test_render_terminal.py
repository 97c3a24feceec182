"""The terminal and Markdown views of a summary, on the real fixture reports."""

from __future__ import annotations

from rich.console import Console

from summarizer.config import load_settings
from summarizer.models import Check
from summarizer.pipeline import summarize_paths
from summarizer.render.terminal import render_summary, summary_markdown
from tests.conftest import SEED_REPORTS


def _summary(name: str):  # type: ignore[no-untyped-def]
    (outcome,) = summarize_paths([SEED_REPORTS[name]], load_settings({}), progress=False)
    assert outcome.summary is not None
    return outcome.summary


def _render(summary) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=160, record=True, color_system=None)
    render_summary(summary, console)
    return console.export_text()


def test_headline_figures_with_changes_and_status() -> None:
    text = _render(_summary("xiaying"))
    assert "宁波市鄞州区下应街道2023年上半年工作总结" in text
    line = next(line for line in text.splitlines() if "地区生产总值" in line and "亿元" in line)
    assert "15.93亿元" in line and "同比增长10.6%" in line and "已核对" in line
    # 余 stands between the number and its unit, as the source prints it.
    assert "240余起" in text or "240余起" in summary_markdown(_summary("xiaying"))


def test_change_only_figure_shows_its_qualifier_and_check() -> None:
    text = _render(_summary("xinqi"))
    line = next(line for line in text.splitlines() if "营利性服务业综合收入" in line)
    assert "同比增长超40%" in line and "已核对" in line
    # The page prints no title: the view names issuer and period instead of a file path.
    assert "新碶街道2024年工作报告（原文无标题）" in text


def test_flagged_figure_is_marked_and_listed() -> None:
    summary = _summary("xiaying")
    first = summary.checks[0]
    flagged = Check(**{**first.model_dump(), "status": "scale_mismatch", "message": "量级不符"})
    summary.checks[0] = flagged
    summary.flags = [flagged]
    text = _render(summary)
    assert "⚑ 量级不符" in text
    assert "待核数字" in text and "待核 1" in text.replace("，", " ")


def test_markdown_neutralises_report_html() -> None:
    summary = _summary("xiaying")
    summary.achievements[0].summary = "<script>alert(1)</script>|x"
    md = summary_markdown(summary)
    assert "<script>" not in md
    assert "&lt;script&gt;" in md
