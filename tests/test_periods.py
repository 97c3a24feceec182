"""The period each target is for: its part's, or its own (到2025年, “十四五”期间, 年内).

Clauses are quoted from the seeds and the corpus reports; the rules provider labels every
target with this period.
"""

from __future__ import annotations

import pytest

from summarizer.document.periods import (
    figure_period,
    five_year_plan,
    item_target_period,
    make_period,
    parse_period,
    target_period,
    term_period,
)
from summarizer.models import Period, ReportMeta, Role

GOV_2021 = ReportMeta(
    kind="政府工作报告",
    review_period=make_period(2020, "Y"),
    plan_period=make_period(2021, "Y"),
)
HALF_2023 = ReportMeta(
    kind="半年工作总结",
    review_period=make_period(2023, "H1"),
    plan_period=make_period(2023, "H2"),
)
ANNUAL_2023 = ReportMeta(
    kind="工作总结和工作计划",
    review_period=make_period(2023, "Y"),
    plan_period=make_period(2024, "Y"),
)


def term(first: int, last: int) -> Period:
    return Period(label=f"{first}—{last}年", year=first, span="5Y")


@pytest.mark.parametrize(
    ("meta", "role", "clause", "expected"),
    [
        # A 政府工作报告's plan: its plan year.
        (GOV_2021, "plan", "地区生产总值增长6%以上", make_period(2021, "Y")),
        # 今年 outside the plan part is still the plan year of a 政府工作报告 …
        (GOV_2021, "review", "今年计划新增城镇就业10万人", make_period(2021, "Y")),
        # … but the reviewed year of a summary written at its end.
        (ANNUAL_2023, "review", "今年计划新增8个嵌入式体育新空间项目", make_period(2023, "Y")),
        (ANNUAL_2023, "plan", "力争全年固定资产投资增长9%", make_period(2024, "Y")),
        # A half-year plan: the second half, or the whole year when the clause says so.
        (HALF_2023, "plan", "新增市场主体300家", make_period(2023, "H2")),
        (HALF_2023, "plan", "确保年内完成全部征迁任务", make_period(2023, "Y")),
        # Its own period, never the plan year's: a term, a later year.
        (GOV_2021, "plan", "“十四五”期间年均增长6%左右", term(2021, 2025)),
        (GOV_2021, "plan", "到2025年，常住人口城镇化率达到80%", make_period(2025, "Y")),
        (GOV_2021, "plan", "到2035年人均地区生产总值翻一番", make_period(2035, "Y")),
        (GOV_2021, "plan", "今后五年地区生产总值年均增长6%", term(2021, 2025)),
        # A year that is the plan year itself is the plan period.
        (GOV_2021, "plan", "到2021年底建成5G基站2万个", make_period(2021, "Y")),
    ],
)
def test_target_period(meta: ReportMeta, role: Role, clause: str, expected: Period) -> None:
    assert target_period(meta, role, clause) == expected


GOV_2003 = ReportMeta(
    kind="政府工作报告",
    review_period=make_period(2002, "Y"),
    plan_period=make_period(2003, "Y"),
)


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # 云南省-2003: three years end in 2005; five years are the term from the plan year.
        (
            "力争用三年左右的时间，对冶金、化工、制药、建材、煤炭、机械、盐化、制糖、制茶、橡胶等"
            "行业进行优化整合，提高产业集中度，形成20户年销售收入30亿元以上的大企业集团",
            make_period(2005, "Y"),
        ),
        ("集中力量打造云药品牌，奋斗五年，使医药产业产值达到100亿元", term(2003, 2007)),
        ("经过五年努力，使非公有制经济占全省经济的比重达到35%以上", term(2003, 2007)),
        # 辽宁省-2001's shape: a later clause that opens on its own span overrides the first.
        (
            "要用两年时间基本完成企业主辅分离工作，五年分流富余职工60万人",
            term(2003, 2007),
        ),
        # 河南省-2001: 连续两年 is the streak behind, no span ahead.
        ("在连续两年大幅度扩招的基础上，普通高校再扩招2.3万人", make_period(2003, "Y")),
    ],
)
def test_a_span_of_years_sets_a_targets_period(clause: str, expected: Period) -> None:
    assert target_period(GOV_2003, "plan", clause) == expected


def test_heading_year_names_the_plan_of_an_annual_summary() -> None:
    meta = ReportMeta(review_period=make_period(2022, "Y"))
    got = target_period(meta, "plan", "新增就业500人", heading="2023年工作计划")
    assert got == make_period(2023, "Y")


def test_a_part_that_sets_out_a_term_gives_its_targets_the_term() -> None:
    heading = "二、“十四五”发展主要目标任务 （一）经济发展"
    got = target_period(GOV_2021, "plan", "地区生产总值年均增长5.5%左右", heading=heading)
    assert got == term(2021, 2025)
    # The year plan after it is the year's.
    got = target_period(GOV_2021, "plan", "新增城镇就业10万人", heading="三、2021年政府工作安排")
    assert got == make_period(2021, "Y")


def test_unknown_periods_give_none() -> None:
    assert target_period(ReportMeta(), "plan", "新增就业500人") is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("“九五”时期", (1996, 2000)),
        ("“十五”计划", (2001, 2005)),
        ("十四五规划", (2021, 2025)),
        ("“十五五”时期", (2026, 2030)),
        # 十五届 and 第十五 are no five-year plan.
        ("市第十五届人民代表大会", None),
        ("三五成群", None),
    ],
)
def test_five_year_plans(text: str, years: tuple[int, int] | None) -> None:
    assert term_period(text) == years


def test_plans_count_from_the_third() -> None:
    assert five_year_plan(3) == (1966, 1970)
    assert five_year_plan(14) == (2021, 2025)


# --------------------------------------------------------------------------- written-out periods


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年", make_period(2024, "Y")),
        ("2023年上半年", make_period(2023, "H1")),
        ("2023年下半年", make_period(2023, "H2")),
        ("2023年第三季度", make_period(2023, "Q3")),
        ("2021—2025年", term(2021, 2025)),
        ("2021-2025年", term(2021, 2025)),
        ("“十五”期间", term(2001, 2005)),
        ("到2025年", make_period(2025, "Y")),
        # Words that name no year of their own: the frame decides.
        ("全年", None),
        ("下半年", None),
        ("今年", None),
        (None, None),
    ],
)
def test_a_period_written_out_by_a_provider(text: str | None, expected: Period | None) -> None:
    assert parse_period(text) == expected


def test_a_target_period_is_its_own_words_else_its_part_and_frame() -> None:
    # The LLM writes 2021年; the rules provider writes the label of the same period.
    assert item_target_period(GOV_2021, "plan", "", "2021年", "增长6%以上") == make_period(
        2021, "Y"
    )
    # No period written: the clause, the part and the frame decide (a half-year plan's 全年).
    assert item_target_period(HALF_2023, "plan", "", None, "确保全年完成…") == make_period(
        2023, "Y"
    )
    assert item_target_period(HALF_2023, "plan", "", "下半年", "新增市场主体") == make_period(
        2023, "H2"
    )


FIVE_YEARS = ReportMeta(
    kind="政府工作报告", review_period=Period(label="1998—2002年", year=2002, span="5Y")
)
ONE_YEAR = ReportMeta(kind="政府工作报告", review_period=make_period(2002, "Y"))
TERM = Period(label="1998—2002年", year=2002, span="5Y")


@pytest.mark.parametrize(
    ("meta", "heading", "sentence", "expected"),
    [
        # Sentences of the corpus's end-of-term reports: the year they are about …
        (
            FIVE_YEARS,
            "",
            "据统计，2002年全省完成国内生产总值623.45亿元，按可比价格计算，比上年增长9.2％",
            make_period(2002, "Y"),
        ),
        (
            FIVE_YEARS,
            "",
            "在刚刚过去的2002年，全省国内生产总值同比增长10.2%",
            make_period(2002, "Y"),
        ),
        (
            FIVE_YEARS,
            "",
            "去年，全省完成国内生产总值4668.3亿元，比上年增长8.9%",
            make_period(2002, "Y"),
        ),
        # … five years where the sentence looks back over them …
        (FIVE_YEARS, "", "五年来，全省经济以年均9.1%的速度持续增长", TERM),
        # … else the last year (a level; 全年…增长9.4%). A base year is no year the sentence is
        # about (比1997年: the figure itself is multi-year, see below).
        (FIVE_YEARS, "", "预计全年国内生产总值达到1161亿元，增长9.4%", make_period(2002, "Y")),
        (FIVE_YEARS, "", "国内生产总值比上年增长9.5%", make_period(2002, "Y")),
        # A one-year review: its year, also under a heading that looks back over the term
        # (一、过去五年工作的回顾 holds the last year's figures too) …
        (ONE_YEAR, "一、过去五年工作的回顾", "国内生产总值比上年增长9.5%", make_period(2002, "Y")),
        # A half-year summary's sentence that names its year keeps the half year.
        (
            ReportMeta(kind="半年工作总结", review_period=make_period(2023, "H1")),
            "",
            "2023年上半年,实现地区生产总值15.93亿元,同比增长10.6%",
            make_period(2023, "H1"),
        ),
        # … unless the sentence itself looks back.
        (ONE_YEAR, "", "过去五年，全省国内生产总值年均增长9%", TERM),
    ],
)
def test_the_period_a_reviewed_figure_is_for(
    meta: ReportMeta, heading: str, sentence: str, expected: Period
) -> None:
    assert figure_period(meta, heading, sentence) == expected


@pytest.mark.parametrize(
    ("meta", "heading", "sentence", "expected"),
    [
        (FIVE_YEARS, "", "比1997年增长51.8%，年均增长8.7%", TERM),
        (ONE_YEAR, "一、过去五年工作的回顾", "国内生产总值年均增长8.9%", TERM),
        (
            ONE_YEAR,
            "“九五”时期的主要成就",
            "国内生产总值年均增长10.3%",
            Period(label="1996—2000年", year=2000, span="5Y"),
        ),
        # A multi-year figure in a one-year review that names no term: no period to settle.
        (ONE_YEAR, "", "比1997年增长51.8%", None),
    ],
)
def test_a_multi_year_figure_is_for_a_term(
    meta: ReportMeta, heading: str, sentence: str, expected: Period | None
) -> None:
    assert figure_period(meta, heading, sentence, multi_year=True) == expected
