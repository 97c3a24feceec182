"""track: targets against the outcomes reported later, on real report sentences and reports.

The words of a review (高于预期目标, 接近…预期目标, 比年初预期目标高2个百分点) are quoted from the
corpus; whole-report tests read ../shared/corpus (SUMMARIZER_CORPUS overrides) and skip when it
is absent. The seeds are five different 街道: no place among them has a plan and a later report.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from summarizer.config import load_settings
from summarizer.document.periods import make_period
from summarizer.models import Period, ReportSummary
from summarizer.pipeline import summarize_paths
from summarizer.track import judge, record_of, track, track_summaries
from summarizer.track.model import Achieved, Source, Stated, TrackRecord
from summarizer.track.said import said_after
from summarizer.track_rows import TrackRow
from tests.conftest import ROOT, SEED_REPORTS

CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (set SUMMARIZER_CORPUS)"
)
Y2003 = make_period(2003, "Y")


def _summaries(*names: str) -> list[ReportSummary]:
    paths = [CORPUS / "provinces" / f"{name}.md" for name in names]
    outcomes = summarize_paths(paths, load_settings({"no_cache": True}), progress=False)
    return [o.summary for o in outcomes if o.summary is not None]


def _stated(
    value: str,
    qualifier: str | None = None,
    *,
    hi: str | None = None,
    unit: str = "%",
    measure: str = "growth",
    goal: str = "floor",
) -> Stated:
    return Stated(
        metric_id="gdp",
        measure=measure,  # type: ignore[arg-type]
        value=Decimal(value),
        value_hi=Decimal(hi) if hi else None,
        unit=unit,
        qualifier=qualifier,
        goal=goal,  # type: ignore[arg-type]
        period=Y2003,
        source=Source("r", None, "t1", "国内生产总值增长9%左右", None, None),
        restated=False,
        order=0,
    )


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("target", "outcome", "met", "rule"),
    [
        # 以上: outcome ≥ target.
        (_stated("9", "以上"), "9", True, "以上: outcome ≥ target"),
        (_stated("9", "以上"), "8.9", False, "以上: outcome ≥ target"),
        # No qualifier: the same floor.
        (_stated("8"), "7.7", False, "outcome ≥ target"),
        # A range: its low end.
        (_stated("7.5", hi="8"), "7.6", True, "a range: outcome ≥ its low end"),
        (_stated("7.5", hi="8"), "7.4", False, "a range: outcome ≥ its low end"),
        # 左右 on a rate: half a percentage point (10%左右: 9.6 基本完成, 9.1 接近 — the reports'
        # own words for 内蒙古 1998 and 河北 1999).
        (_stated("10", "左右"), "9.6", True, "左右: outcome ≥ target − 0.5 percentage points"),
        (_stated("10", "左右"), "9.5", True, "左右: outcome ≥ target − 0.5 percentage points"),
        (_stated("10", "左右"), "9.1", False, "左右: outcome ≥ target − 0.5 percentage points"),
        # 左右 on a level: 5% of the target.
        (
            _stated("1230", "左右", unit="亿元", measure="level"),
            "1192",
            True,
            "左右: outcome ≥ target − 5% of the target",
        ),
        (
            _stated("1230", "左右", unit="亿元", measure="level"),
            "1160",
            False,
            "左右: outcome ≥ target − 5% of the target",
        ),
        # A ceiling (城镇登记失业率控制在4.5%以内).
        (
            _stated("4.5", "以内", measure="level", goal="ceiling"),
            "4.5",
            True,
            "a ceiling (以内): outcome ≤ target",
        ),
        (
            _stated("3.5", "以内", measure="level", goal="ceiling"),
            "3.8",
            False,
            "a ceiling (以内): outcome ≤ target",
        ),
        (
            _stated("4.5", "左右", measure="level", goal="ceiling"),
            "4.9",
            True,
            "左右 (a ceiling): outcome ≤ target + 0.5 percentage points",
        ),
        # A cut (能耗下降4%): the figure must fall at least that far.
        (_stated("-4"), "-4.2", True, "a cut: outcome falls by ≥ target"),
        (_stated("-4"), "-3", False, "a cut: outcome falls by ≥ target"),
    ],
)
def test_the_rules(target: Stated, outcome: str, met: bool, rule: str) -> None:
    assert judge(target, Decimal(outcome)) == (met, rule)


# --------------------------------------------------------------------------- the report's words


@pytest.mark.parametrize(
    ("sentence", "after", "verdict", "gap", "restated"),
    [
        # 河北省-2000
        (
            "初步统计，全省完成国内生产总值4556.6亿元，比上年增长9.1％，接近10％左右的预期目标，"
            "高于全国增幅2个百分点",
            "9.1％",
            "near",
            None,
            "10",
        ),
        # 宁夏回族自治区-2004
        (
            "2003年全区实现国内生产总值385亿元，增长12.2%，高于预期3个百分点",
            "12.2%",
            "above",
            "3",
            None,
        ),
        (
            "全年完成全社会固定资产投资318.2亿元，增长37.9%，高于预期目标20个百分点",
            "37.9%",
            "above",
            "20",
            None,
        ),
        # 江西省-2004: the comparative after the noun.
        (
            "国内生产总值达到2830亿元，比上年增长13%，比年初预期目标高2个百分点，是自1993年以来的最高增幅",
            "13%",
            "above",
            "2",
            None,
        ),
        # 内蒙古自治区-1999 (the review of 1998).
        (
            "国内生产总值达到1192亿元，比上年增长9.6%，基本完成了10%左右的计划目标",
            "9.6%",
            "basically",
            None,
            "10",
        ),
        # 宁波市-2019: 超额完成年度目标.
        ("开工建设省市县长项目工程34个，超额完成年度目标", "34个", "above", None, None),
    ],
)
def test_what_a_review_says_of_a_target(
    sentence: str, after: str, verdict: str, gap: str | None, restated: str | None
) -> None:
    said = said_after(sentence, sentence.index(after) + len(after))
    assert said is not None
    assert said.verdict == verdict
    assert said.gap == (
        None if gap is None else (-1 if verdict in ("near", "below") else 1) * Decimal(gap)
    )
    assert said.restated == (None if restated is None else Decimal(restated))


@pytest.mark.parametrize(
    "sentence",
    [
        # A purpose, not a result (无锡市-2019, 河北省-2004).
        "为圆满完成全年目标任务提供坚强保证",
        # Nothing about a target at all.
        "比上年增长9.1％，高于全国增幅2个百分点",
    ],
)
def test_words_that_say_nothing_of_a_target(sentence: str) -> None:
    assert said_after(sentence, 0) is None


# --------------------------------------------------------------------------- whole reports


def _gdp_growth(rows: list[TrackRow], year: int) -> TrackRow:
    found = [
        r
        for r in rows
        if r.metric_id == "gdp" and r.measure == "growth" and r.period == make_period(year, "Y")
    ]
    assert len(found) == 1, found
    return found[0]


@needs_corpus
def test_a_target_against_the_next_reports_review() -> None:
    """河北 1999: 国内生产总值增长10％左右; the 2000 report: 比上年增长9.1％，接近10％左右的预期
    目标 — missed under the 左右 rule, as the report itself admits."""
    rows = track_summaries(_summaries("河北省-1999", "河北省-2000"))
    row = _gdp_growth(rows, 1999)
    assert row.issuer == "河北省人民政府"
    assert (row.target.value, row.target.qualifier, row.target.report) == (
        Decimal("10"),
        "左右",
        "河北省-1999",
    )
    assert row.target.quote == "国内生产总值增长10％左右"
    assert row.outcome is not None
    assert (row.outcome.value, row.outcome.unit, row.outcome.report) == (
        Decimal("9.1"),
        "%",
        "河北省-2000",
    )
    assert "4556.6亿元，比上年增长9.1％" in row.outcome.quote
    assert row.outcome.says == "接近10％左右的预期目标"
    assert row.status == "missed"
    assert row.rule == "左右: outcome ≥ target − 0.5 percentage points"
    # Both quotes stand where the row says, in their own reports.
    texts = {s.report.path: "".join(x.text for x in s.sections) for s in _summaries("河北省-1999")}
    target_text = texts[str(CORPUS / "provinces" / "河北省-1999.md")]
    assert row.target.start is not None and row.target.end is not None
    assert target_text[row.target.start : row.target.end] == row.target.quote
    # The 2000 target has no later report in the input.
    assert _gdp_growth(rows, 2000).status == "no outcome reported"


@needs_corpus
def test_a_review_that_restates_the_target_stands_in_for_a_missing_plan() -> None:
    """Only the 2000 report: its review restates the 1999 target (接近10％左右的预期目标)."""
    rows = track_summaries(_summaries("河北省-2000"))
    row = _gdp_growth(rows, 1999)
    assert row.target.restated
    assert row.target.value == Decimal("10")
    assert row.outcome is not None and row.outcome.value == Decimal("9.1")
    assert row.status == "missed"
    assert any("restates" in note for note in row.notes)


@needs_corpus
def test_an_outcome_stated_above_the_target_by_so_many_points() -> None:
    """宁夏 2003: 国内生产总值增长9% planned; 2004: 增长12.2%，高于预期3个百分点 — the words
    imply a target of 9.2, which the row notes."""
    rows = track_summaries(_summaries("宁夏回族自治区-2003", "宁夏回族自治区-2004"))
    row = _gdp_growth(rows, 2003)
    assert row.target.value == Decimal("9")
    assert row.outcome is not None and row.outcome.value == Decimal("12.2")
    assert row.outcome.says == "高于预期3个百分点"
    assert row.status == "met"
    assert any("imply a target of 9.2" in note for note in row.notes)


@needs_corpus
def test_a_five_year_review_gives_the_last_years_outcome_not_the_average() -> None:
    """河北 2002: 8%; the 2003 report reviews five years — 五年平均增长9.5％ is the term's, the
    year's own 9.6% is the outcome."""
    rows = track_summaries(_summaries("河北省-2002", "河北省-2003"))
    row = _gdp_growth(rows, 2002)
    assert row.outcome is not None and row.outcome.value == Decimal("9.6")
    assert row.status == "met"


@needs_corpus
def test_an_annual_growth_target_under_a_heading_naming_the_term_is_the_years() -> None:
    """河北 2001: 三、2001年的工作 in a report that also sets out the 十五 plan: 国内生产总值增长
    8.5％ is 2001's (a term's growth says 年均)."""
    rows = track_summaries(_summaries("河北省-2001", "河北省-2002"))
    row = _gdp_growth(rows, 2001)
    assert row.target.value == Decimal("8.5")
    assert row.outcome is not None and row.outcome.value == Decimal("8.7")


def test_the_seeds_hold_no_place_with_a_plan_and_a_later_result() -> None:
    """Five different 街道: every target they set stays without an outcome."""
    outcomes = summarize_paths(
        list(SEED_REPORTS.values()), load_settings({"no_cache": True}), progress=False
    )
    records = [record_of(o.summary) for o in outcomes if o.summary is not None]
    assert len({r.group for r in records}) == 5
    rows = track(records)
    assert rows, "the seeds set catalogue targets (地区生产总值增长8% …)"
    assert {row.status for row in rows} == {"no outcome reported"}
    # A 上半年总结's targets are for its second half or its whole year.
    xiaying = [row for row in rows if "下应" in row.issuer]
    assert all(row.period.year == 2023 for row in xiaying)


def _record(report: str, when: tuple[int, float]) -> TrackRecord:
    return TrackRecord(
        report=report, path=None, group="下应街道", issuer="下应街道", region=None, when=when
    )


def _target(report: str, value: str, period: Period, quote: str, restated: bool = False) -> Stated:
    return Stated(
        metric_id="gdp",
        measure="growth",
        value=Decimal(value),
        value_hi=None,
        unit="%",
        qualifier=None,
        goal="floor",
        period=period,
        source=Source(report, None, "t1", quote, 0, len(quote), "verified"),
        restated=restated,
        order=0,
    )


def _achieved(report: str, value: str, period: Period, quote: str) -> Achieved:
    return Achieved(
        metric_id="gdp",
        measure="growth",
        value=Decimal(value),
        unit="%",
        period=period,
        source=Source(report, None, "a1", quote, 0, len(quote), "verified"),
        says=None,
        order=0,
    )


def test_a_half_year_plan_is_settled_by_the_years_summary_and_a_revision_wins() -> None:
    """The year's plan (in the last annual summary), revised in the 上半年总结's plan for the
    year, settled by the next annual summary; a target for the second half alone is not settled
    by a whole year's figure. Quotes in the seeds' words."""
    year, h2 = make_period(2023, "Y"), make_period(2023, "H2")
    plan = _record("xiaying-2022", (2022, 1.0))
    plan.targets.append(_target("xiaying-2022", "8", year, "地区生产总值增长8%"))
    half = _record("xiaying-2023h1", (2023, 0.5))
    half.targets.append(_target("xiaying-2023h1", "7", year, "全年地区生产总值力争增长7%"))
    half.targets.append(_target("xiaying-2023h1", "6", h2, "下半年地区生产总值增长6%"))
    half.achieved.append(
        _achieved("xiaying-2023h1", "10.6", make_period(2023, "H1"), "同比增长10.6%")
    )
    annual = _record("xiaying-2023", (2023, 1.0))
    annual.achieved.append(_achieved("xiaying-2023", "7.5", year, "地区生产总值同比增长7.5%"))
    rows = {row.period.label: row for row in track([annual, half, plan])}
    whole = rows["2023年"]
    assert (whole.target.value, whole.target.report) == (Decimal("7"), "xiaying-2023h1")
    assert any("revised" in note and "xiaying-2022" in note for note in whole.notes)
    assert whole.outcome is not None and whole.outcome.report == "xiaying-2023"
    assert whole.status == "met"
    # The first half's 10.6% settles no second-half target, nor does the year's 7.5%.
    assert rows["2023年下半年"].status == "no outcome reported"


def test_rows_validate_against_the_published_schema() -> None:
    import json

    import jsonschema

    schema = json.loads((ROOT / "schemas" / "track_row.schema.json").read_text(encoding="utf-8"))
    row = TrackRow(
        issuer="河北省人民政府",
        metric_id="gdp",
        metric="地区生产总值",
        measure="growth",
        period=Period(label="1999年", year=1999, span="Y"),
        target={  # type: ignore[arg-type]
            "value": Decimal("10"),
            "qualifier": "左右",
            "quote": "国内生产总值增长10％左右",
            "report": "河北省-1999",
        },
        outcome={  # type: ignore[arg-type]
            "value": Decimal("-0.5"),
            "quote": "比上年下降0.5％",
            "report": "河北省-2000",
        },
        status="missed",
        rule="左右: outcome ≥ target − 0.5 percentage points",
    )
    jsonschema.validate(json.loads(row.model_dump_json()), schema)


@needs_corpus
def test_the_level_a_change_started_from_is_no_outcome() -> None:
    """浙江 2003 reviews five years: 国内生产总值由4638亿元增加到7670亿元 — 4638 is 1997's level,
    7670 the last year's."""
    record = record_of(_summaries("浙江省-2003")[0])
    levels = {a.value for a in record.achieved if a.metric_id == "gdp" and a.measure == "level"}
    assert Decimal("4638") not in levels
    assert Decimal("7670") in levels
