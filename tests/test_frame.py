"""The frame of real reports: kind, level, issuer, region, review and plan periods, parts.

Corpus reports are read from ../shared/corpus (SUMMARIZER_CORPUS overrides) and skipped with a
reason when it is absent; the expected values below were read off each report's own text.
The gold tests hold the tool to the acceptance bar against the hand-read gold in
fixtures/gold-reports and fixtures/gold-gdp, scored the way bench/quality.py scores it.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
from pathlib import Path

import pytest

from bench import quality
from summarizer import clean, load
from summarizer.document.issuer import level_of
from summarizer.models import Period
from tests.conftest import FIXTURES, ROOT, SEED_REPORTS

CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (set SUMMARIZER_CORPUS)"
)


def corpus(name: str) -> Path:
    return CORPUS / name


def period(label: str, year: int, span: str) -> Period:
    return Period(label=label, year=year, span=span)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- periods


@needs_corpus
@pytest.mark.parametrize(
    ("name", "review", "plan"),
    [
        # 一、2021年工作回顾 / 二、2022年主要任务: reviews N−1, plans N.
        ("cities/上海市-2022.md", period("2021年", 2021, "Y"), period("2022年", 2022, "Y")),
        # Delivered on 2022-12-30: still the 2023 report.
        ("cities/合肥市-2023.md", period("2022年", 2022, "Y"), period("2023年", 2023, "Y")),
        # The review covers “九五” alone (2000's figures only inside five-year paragraphs).
        (
            "provinces/辽宁省-2001.md",
            period("1996—2000年", 2000, "5Y"),
            period("2001年", 2001, "Y"),
        ),
        # 刚刚过去的1997年 reviews the last year on its own; the plan sets out five years only.
        (
            "provinces/河北省-1998.md",
            period("1997年", 1997, "Y"),
            period("1998—2002年", 1998, "5Y"),
        ),
        # 一、团结进取…全面完成2003年各项预期目标 reviews; the plan is 2004's.
        ("provinces/云南省-2004.md", period("2003年", 2003, "Y"), period("2004年", 2004, "Y")),
        # Years printed in Chinese numerals (三、关于二〇〇一年的政府工作).
        ("provinces/甘肃省-2001.md", period("2000年", 2000, "Y"), period("2001年", 2001, "Y")),
    ],
)
def test_government_report_periods(name: str, review: Period, plan: Period) -> None:
    meta = load(corpus(name)).meta
    assert (meta.review_period, meta.plan_period) == (review, plan)
    assert meta.kind == "政府工作报告"


@needs_corpus
@pytest.mark.parametrize(
    ("name", "day"),
    [
        # ——2023年2月9日在东莞市第十七届人民代表大会第三次会议上
        ("cities/东莞市-2023.md", dt.date(2023, 2, 9)),
        # A report read in December for the year after: ——2022年12月30日在合肥市…
        ("cities/合肥市-2023.md", dt.date(2022, 12, 30)),
        # （二〇〇三年一月十日）: the date in Chinese numerals.
        ("provinces/河北省-2003.md", dt.date(2003, 1, 10)),
        # （2010年2月20日 梁保华） on the report for 2003: a misprint, no date.
        ("provinces/江苏省-2003.md", None),
    ],
)
def test_a_government_report_is_dated_by_its_title_block(name: str, day: dt.date | None) -> None:
    assert load(CORPUS / name).meta.published == day


@needs_corpus
def test_the_text_beats_the_file_name_and_warns() -> None:
    # The file of 2003 holds the report that reviews 2003 and plans 2004.
    meta = load(corpus("provinces/四川省-2003.md")).meta
    assert meta.review_period == period("2003年", 2003, "Y")
    assert meta.plan_period == period("2004年", 2004, "Y")
    assert any("file name says 2003" in w and "2004" in w for w in meta.warnings)


@pytest.mark.parametrize(
    ("name", "review", "plan"),
    [
        ("xiaying", period("2023年上半年", 2023, "H1"), period("2023年下半年", 2023, "H2")),
        ("xiasha", period("2022年上半年", 2022, "H1"), period("2022年下半年", 2022, "H2")),
        ("dongliu", period("2023年", 2023, "Y"), period("2024年", 2024, "Y")),
        ("xinqi", period("2024年", 2024, "Y"), period("2025年", 2025, "Y")),
    ],
)
def test_summary_periods(name: str, review: Period, plan: Period) -> None:
    meta = load(SEED_REPORTS[name]).meta
    assert (meta.review_period, meta.plan_period) == (review, plan)


def test_a_summary_without_a_plan_part_plans_nothing() -> None:
    text = SEED_REPORTS["xiaying"].read_text(encoding="utf-8")
    body = text[: text.index("下半年,下应街道将")]
    meta = clean(body).meta
    assert meta.review_period == period("2023年上半年", 2023, "H1")
    assert meta.plan_period is None
    assert meta.parts == ["review"]


# --------------------------------------------------------------------------- issuer, level


@needs_corpus
@pytest.mark.parametrize(
    ("name", "issuer", "region", "level"),
    [
        # 我代表上海市人民政府
        ("cities/上海市-2022.md", "上海市人民政府", "上海市", "市"),
        # 我代表第九届省人民政府 + the province the title names
        ("provinces/云南省-2003.md", "云南省人民政府", "云南省", "省"),
        # 我代表自治区人民政府 + the region the title names
        ("provinces/内蒙古自治区-2000.md", "内蒙古自治区人民政府", "内蒙古自治区", "省"),
        # 我代表市人民政府; the bare title 政府工作报告 names no place, the meeting line does
        ("cities/呼和浩特市-2024.md", "呼和浩特市人民政府", "呼和浩特市", "市"),
    ],
)
def test_government_issuer(name: str, issuer: str, region: str, level: str) -> None:
    meta = load(corpus(name)).meta
    assert (meta.issuer, meta.region, meta.level) == (issuer, region, level)


@needs_corpus
def test_a_page_address_is_the_source_not_the_issuer() -> None:
    meta = load(corpus("cities/上海市-2022.md")).meta
    assert meta.source_url is not None and meta.source_url.startswith(
        "https://www.shanghai.gov.cn/"
    )
    assert "http" not in (meta.issuer or "")


def test_a_verb_phrase_is_never_the_issuer() -> None:
    # A summary whose only candidates are verb phrases ending in 乡镇/城乡 (实现乡镇…).
    text = (
        "今年以来，全力推动发展。\n实现乡镇将全面完成任务，实现乡镇经济平稳增长。\n"
        "统筹城乡坚持一体化发展，统筹城乡经济持续向好。"
    )
    meta = clean(text).meta
    assert meta.issuer is None


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("下应街道", "街道乡镇"),
        ("下应街道办事处", "街道乡镇"),
        ("下应街道党工委", "街道乡镇"),
        ("宁波市鄞州区", "区县"),
        ("鄞州区人民政府", "区县"),
        ("宁波市发展和改革委员会", "部门"),
        ("宁波市", "市"),
        ("浙江省", "省"),
        ("内蒙古自治区", "省"),
    ],
)
def test_level_by_how_a_name_ends(name: str, level: str) -> None:
    assert level_of(name) == level


# Genres the corpus lacks, made from a real report's body under their own title and headings.
_BODY = SEED_REPORTS["dongliu"].read_text(encoding="utf-8")
_BODY = _BODY[_BODY.index("一、2023年工作回顾") :]


@pytest.mark.parametrize(
    ("text", "kind", "level", "issuer", "region", "review", "plan"),
    [
        (
            "宁波市鄞州区住房和城乡建设局2023年工作总结和2024年工作思路\n"
            + _BODY.replace("一、2023年工作回顾", "一、2023年工作开展情况"),
            "工作总结和工作计划",
            "部门",
            "住房和城乡建设局",
            "宁波市鄞州区",
            "2023年",
            "2024年",
        ),
        (
            # 五乡镇 is a town: only in running prose is a name ending in 乡镇 a verb phrase.
            "鄞州区五乡镇2023年上半年工作总结及下半年工作计划\n"
            + _BODY.replace("2023年工作回顾", "上半年工作回顾").replace(
                "二、2024年主要工作", "二、下半年工作计划"
            ),
            "半年工作总结",
            "街道乡镇",
            "五乡镇",
            "鄞州区",
            "2023年上半年",
            "2023年下半年",
        ),
        (
            "鄞州区2024年政府工作报告\n各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n"
            + _BODY.replace("二、2024年主要工作", "二、2024年工作安排"),
            "政府工作报告",
            "区县",
            "鄞州区人民政府",
            "鄞州区",
            "2023年",
            "2024年",
        ),
        (
            "东柳街道2024年工作要点\n" + _BODY[_BODY.index("二、2024年主要工作") :],
            "工作要点",
            "街道乡镇",
            "东柳街道",
            None,
            None,
            "2024年",
        ),
        (
            "东柳街道2023年前三季度工作总结\n" + _BODY,
            "工作总结",
            "街道乡镇",
            "东柳街道",
            None,
            "2023年前三季度",
            "2023年第四季度",
        ),
    ],
    ids=["department", "town-half-year", "county-government", "plan-only", "quarter"],
)
def test_genres_beyond_the_corpus(
    text: str,
    kind: str,
    level: str,
    issuer: str,
    region: str | None,
    review: str | None,
    plan: str | None,
) -> None:
    meta = clean(text).meta
    assert (meta.kind, meta.level, meta.issuer, meta.region) == (kind, level, issuer, region)
    assert (meta.review_period.label if meta.review_period else None) == review
    assert (meta.plan_period.label if meta.plan_period else None) == plan


# --------------------------------------------------------------------------- kind


def test_kind_follows_the_title_and_else_the_parts() -> None:
    assert load(SEED_REPORTS["xiaying"]).meta.kind == "半年工作总结"
    assert load(SEED_REPORTS["dongliu"]).meta.kind == "工作总结和工作计划"
    # No title: a review and a plan part make a summary with its plan.
    assert load(SEED_REPORTS["xicheng"]).meta.kind == "工作总结和工作计划"


@needs_corpus
def test_a_report_to_the_assembly_is_a_government_report_whatever_its_title() -> None:
    # 关于甘肃省国民经济和社会发展第十个五年计划纲要的报告, read to the assembly.
    assert load(corpus("provinces/甘肃省-2001.md")).meta.kind == "政府工作报告"


# --------------------------------------------------------------------------- layering


def test_cleaning_knows_no_later_stage() -> None:
    source = (ROOT / "summarizer" / "document" / "cleaning.py").read_text(encoding="utf-8")
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    later = {f"summarizer.document.{m}" for m in ("chunking", "parts", "frame", "headings")}
    assert not imported & later


# --------------------------------------------------------------------------- the gold


GENRES = [g for g in quality.GENRES if (FIXTURES / "gold-reports" / g).is_dir()]


@pytest.fixture(scope="module")
def gold_cases() -> list[quality.Case]:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set SUMMARIZER_CORPUS)")
    return quality.load_cases(FIXTURES / "gold-reports", CORPUS, GENRES)


@pytest.mark.parametrize("genre", GENRES)
def test_frame_matches_the_gold(gold_cases: list[quality.Case], genre: str) -> None:
    cases = [c for c in gold_cases if c.genre == genre]
    if not cases:
        pytest.skip(f"no gold for {genre}")
    scores = quality.frame_metrics(cases)
    for name in ("review", "plan", "kind"):
        right, of = scores[name]
        assert right == of, (name, quality.misses(cases, name))
    right, of = scores["issuer"]
    assert right >= 0.95 * of, quality.misses(cases, "issuer")
    for c in cases:
        issuer = c.frame["issuer"] or ""
        assert "http" not in issuer and "乡镇" not in issuer


@pytest.mark.parametrize("genre", GENRES)
def test_roles_match_the_gold(gold_cases: list[quality.Case], genre: str) -> None:
    cases = [c for c in gold_cases if c.genre == genre]
    if not cases:
        pytest.skip(f"no gold for {genre}")
    right, of = quality.role_metrics(cases)["roles"]
    assert right >= 0.97 * of, f"{genre}: {right / of:.1%} of characters have the gold role"


def test_gdp_target_sentence_stands_in_a_plan_section() -> None:
    gdp_gold = quality.load_gdp_gold(FIXTURES / "gold-gdp" / "provinces.json")
    if not gdp_gold:
        pytest.skip("no GDP gold")
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set SUMMARIZER_CORPUS)")
    scores = quality.gdp_metrics(quality.gdp_cases(CORPUS, gdp_gold), gdp_gold)
    right, of = scores["gdp_in_plan"]
    assert right >= 0.98 * of
    right, of = scores["plan_year98"]
    assert right == of
