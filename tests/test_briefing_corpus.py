"""Briefings of corpus reports of several years and two scopes: like is compared with like.

Three provinces over seven years (政府工作报告 1998–2004) and the cities of two years (2019,
2020): the CSV and the HTML never rank two periods or two scopes together, a report's review
figures carry the year it reviews, and a five-year total or average is a metric of its own.
Reads ../shared/corpus (SUMMARIZER_CORPUS overrides); skips without it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from summarizer.config import load_settings
from summarizer.pipeline import summarize_paths
from summarizer.render import chart, chart_pick
from summarizer.render.brief_build import BriefingBuilder
from summarizer.render.brief_model import Briefing
from summarizer.render.briefing import CSV_COLUMNS, write_briefing
from tests.conftest import ROOT

CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (set SUMMARIZER_CORPUS)"
)
PROVINCES = ("河北省", "浙江省", "广东省")
CITIES = ("南京市-2019", "宁波市-2019", "无锡市-2019", "深圳市-2019", "广州市-2020", "西安市-2020")


def _paths() -> list[Path]:
    paths = [p for name in PROVINCES for p in sorted((CORPUS / "provinces").glob(f"{name}-*.md"))]
    return paths + [CORPUS / "cities" / f"{name}.md" for name in CITIES]


@pytest.fixture(scope="module")
def briefing_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Briefing]:
    outcomes = summarize_paths(_paths(), load_settings({"no_cache": True}), progress=False)
    builder = BriefingBuilder()
    for outcome in outcomes:
        assert outcome.summary is not None
        builder.add(outcome.summary)
    folder = tmp_path_factory.mktemp("brief")
    html, table = folder / "b.html", folder / "c.csv"
    write_briefing(builder, html, csv_path=table)
    return html, table, builder.build()


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_csv_ranks_one_metric_one_period_one_scope(
    briefing_files: tuple[Path, Path, Briefing],
) -> None:
    _, table, _ = briefing_files
    rows = _csv(table)
    assert tuple(rows[0]) == CSV_COLUMNS[: len(rows[0])]
    assert {"metric_id", "metric", "period", "rank", "report", "issuer", "value", "unit"} <= set(
        rows[0]
    )
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[(row["metric_id"], row["period"], row["scope"])].append(row)
    assert len({period for _, period, _ in groups}) >= 5  # several years
    assert {scope for *_, scope in groups} == {"省", "市"}  # two scopes, never mixed
    for key, members in groups.items():
        ranked = [r for r in members if r["rank"]]
        # Only achievements are ranked; targets stand beside them unranked.
        assert all(r["item_kind"] == "achievement" for r in ranked), key
        assert all(r["item_kind"] == "target" for r in members if not r["rank"]) or (
            len([r for r in members if r["item_kind"] == "achievement"]) < 2
        ), key
        # rank runs 1..n by value (ties share a rank), one unit, one report per issuer.
        if ranked:
            ranks = [int(r["rank"]) for r in ranked]
            assert ranks[0] == 1 and ranks == sorted(ranks) and max(ranks) <= len(ranks), key
            values = [Decimal(r["value"]) for r in ranked]
            assert values == sorted(values, reverse=True), key
            assert len({r["unit"] for r in ranked}) == 1, key
            assert len({r["issuer"] for r in ranked}) == len(ranked), key


def test_review_figures_carry_the_year_they_review(
    briefing_files: tuple[Path, Path, Briefing],
) -> None:
    """A 政府工作报告 of year N reviews N−1: its GDP and GDP growth are N−1's (or, for a
    report reviewing its term, a year of the term), never N's or another decade's."""
    _, table, _ = briefing_files
    seen = 0
    for row in _csv(table):
        if row["item_kind"] != "achievement" or row["metric_id"] not in ("gdp", "gdp.growth"):
            continue
        year = int(re.search(r"(\d{4})", row["report"]).group(1))  # type: ignore[union-attr]
        period = int(row["period"][:4])
        assert year - 5 <= period <= year - 1, row
        seen += 1
    assert seen >= 15


def test_totals_and_averages_over_years_are_metrics_of_their_own(
    briefing_files: tuple[Path, Path, Briefing],
) -> None:
    _, table, _ = briefing_files
    rows = _csv(table)
    for row in rows:
        term = "—" in row["period"]
        multi = row["metric_id"].endswith((".total", ".average"))
        assert term == multi or (multi and not term), row
    annual = [r for r in rows if r["metric_id"] == "fixed_asset_investment"]
    totals = [r for r in rows if r["metric_id"] == "fixed_asset_investment.total"]
    assert not any(r["period"] == t["period"] for r in annual for t in totals)


def test_the_html_groups_as_the_csv_does(briefing_files: tuple[Path, Path, Briefing]) -> None:
    html, _, briefing = briefing_files
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
    groups = soup.select("#across details.group")
    assert len(groups) == len(briefing.comparison) >= 10
    for details in groups:
        rows = [
            [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in details.select("table.comparison tr")[1:]
        ]
        assert len({(row[0], row[1], row[2]) for row in rows}) == 1  # metric, period, scope
        ranks = [int(row[7]) for row in rows if row[7]]
        assert not ranks or ranks[0] == 1
    # Overview first, a table of contents, every report folded.
    ids = [tag["id"] for tag in soup.select("body > nav, body > section")]
    assert ids[:3] == ["toc", "overview", "track"]
    assert len(soup.select("details.report-detail")) == len(_paths())


def test_the_chart_draws_one_ranking_per_group(briefing_files: tuple[Path, Path, Briefing]) -> None:
    _, _, briefing = briefing_files
    groups = chart_pick.chart_groups(briefing)
    assert groups and all(g.measure == "growth" and not g.multi_year for g in groups)
    bars = chart.chart_bars(briefing, "zh", cjk=True)
    assert 0 < len(bars) <= chart_pick.MAX_BARS
    for title in {bar.group for bar in bars}:
        # 地区生产总值增速 · 2003年 · 省: one metric, one period, one scope per group of bars.
        assert re.fullmatch(r".+ · \d{4}年(上半年|下半年)? · (省|市)", title), title
    png = chart.render_chart(briefing)
    assert png is not None and png.startswith(b"\x89PNG")


def test_the_chart_without_a_cjk_font_is_labelled_with_ids(
    briefing_files: tuple[Path, Path, Briefing],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, briefing = briefing_files
    monkeypatch.setattr(chart, "cjk_font", lambda: None)
    monkeypatch.setattr(chart, "_warned", False)
    bars = chart.chart_bars(briefing, "zh", cjk=False)
    assert bars and all(bar.group.isascii() and bar.label.isascii() for bar in bars)
    first = chart.render_chart(briefing)
    second = chart.render_chart(briefing)
    assert first is not None and second is not None
    assert capsys.readouterr().err.count("no CJK font") == 1


def test_track_rows_in_the_briefing(briefing_files: tuple[Path, Path, Briefing]) -> None:
    html, _, briefing = briefing_files
    settled = [r for r in briefing.track_rows if r.status in ("met", "missed")]
    assert len(settled) >= 10
    hebei = [
        r
        for r in briefing.track_rows
        if r.metric_id == "gdp" and r.period.label == "1999年" and "河北" in r.issuer
    ]
    assert hebei and hebei[0].status == "missed"
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
    track = soup.select_one("#track table.track").get_text(" ")
    assert "河北省人民政府" in track and "未完成" in track


def test_a_brief_of_many_reports_prints_no_library_warning(tmp_path: Path) -> None:
    """Only the tool's own lines reach the terminal (matplotlib's `Tight layout not applied`
    and its font messages among what must not), in a real process, warnings on."""
    run = subprocess.run(
        [
            sys.executable,
            "-W",
            "default",
            "-c",
            "from summarizer.cli import main; main()",
            "brief",
            *map(str, _paths()),
            "-q",
            "--no-cache",
            "-o",
            str(tmp_path / "b.html"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert all(line.startswith(("wrote ", "skipped ")) for line in lines), lines


def test_a_warning_matplotlib_raises_while_drawing_stays_inside(
    briefing_files: tuple[Path, Path, Briefing],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Even when matplotlib does warn (a figure too tall to tighten, as with 440 reports),
    nothing reaches the terminal: the chart is still drawn."""
    import warnings

    from matplotlib.figure import Figure

    def tight_layout(self: Figure, *args: object, **kwargs: object) -> None:
        warnings.warn("Tight layout not applied.", UserWarning, stacklevel=2)

    monkeypatch.setattr(Figure, "tight_layout", tight_layout)
    _, _, briefing = briefing_files
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = chart.render_chart(briefing)
    assert png is not None
    assert caught == []
    assert "Tight layout" not in capsys.readouterr().err
