"""What a reader wants from each report, on real text: targets, problems, achievements and the
headline figures (issue 13).

Corpus reports are read from ../shared/corpus (SUMMARIZER_CORPUS overrides) and skipped with a
reason when it is absent. The last tests hold the acceptance bars against the hand-read gold
(fixtures/gold-reports items, fixtures/gold-gdp), scored the way bench/quality.py scores it.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from bench import quality
from bench import quality_items as qi
from summarizer.assemble import build_summary
from summarizer.document.chunking import chunk
from summarizer.document.ingest import load
from summarizer.headline import headline_figures
from summarizer.models import ReportSummary, Section, TargetItem
from summarizer.providers.base import Extraction
from summarizer.providers.rules import RulesProvider
from summarizer.render.brief_build import build_briefing
from tests.conftest import FIXTURES, ROOT, SEED_REPORTS

CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (set SUMMARIZER_CORPUS)"
)


@cache
def summary_of(path: Path) -> ReportSummary:
    doc = load(path)
    sections = chunk(doc)
    provider = RulesProvider()
    results = [
        (s, Extraction(result=provider.extract_sync(s, doc.meta)), None, False) for s in sections
    ]
    return build_summary(doc, sections, results, provider)


def corpus(name: str) -> ReportSummary:
    return summary_of(CORPUS / name)


def targets_in(summary: ReportSummary, words: str) -> list[TargetItem]:
    return [t for t in summary.targets if words in t.evidence]


def values(targets: list[TargetItem]) -> list[tuple[float | None, float | None]]:
    return [(t.metric.value, t.metric.value_hi) if t.metric else (None, None) for t in targets]


# --------------------------------------------------------------------------- targets


@needs_corpus
def test_a_main_targets_list_gives_one_target_per_metric_with_its_range_whole() -> None:
    summary = corpus("cities/南京市-2019.md")
    gdp = targets_in(summary, "地区生产总值增长7.5%—8%")
    assert values(gdp) == [(7.5, 8.0)]
    assert gdp[0].metric is not None and gdp[0].metric.metric_id == "gdp"
    assert gdp[0].period == "2019年"
    revenue = targets_in(summary, "一般公共预算收入增长8%")
    assert values(revenue) == [(8.0, None)]


@needs_corpus
def test_a_respectively_list_gives_one_target_per_metric() -> None:
    summary = corpus("cities/南昌市-2021.md")
    listed = targets_in(summary, "城镇、农村居民人均可支配收入分别增长8%、8.5%左右")
    assert sorted(values(listed)) == [(8.0, None), (8.5, None)]
    names = {t.metric.name for t in listed if t.metric is not None}
    assert len(names) == 2 and all("可支配收入" in n for n in names)


@needs_corpus
def test_a_list_of_figures_gives_one_target_per_figure_each_with_its_own_words() -> None:
    summary = corpus("cities/上海市-2022.md")
    clause = "新增森林5万亩、绿地1000公顷、绿道200公里、立体绿化40万平方米"
    listed = [t for t in summary.targets if t.evidence in clause]
    assert [t.evidence for t in listed] == [
        "新增森林5万亩",
        "绿地1000公顷",
        "绿道200公里",
        "立体绿化40万平方米",
    ]


@needs_corpus
def test_a_target_is_named_by_what_it_counts() -> None:
    summary = corpus("cities/上海市-2022.md")
    (chargers,) = targets_in(summary, "新增1万个公共充电桩")
    assert chargers.metric is not None and chargers.metric.name == "公共充电桩"


@needs_corpus
def test_counts_of_the_plans_parts_and_size_classes_are_no_targets() -> None:
    summary = corpus("cities/武汉市-2023.md")
    # 重点做好十个方面工作: the plan's own outline.
    assert not [t for t in summary.targets if "十个方面" in t.evidence]
    summary = corpus("cities/深圳市-2019.md")
    # 着力引进一批投资10亿元以上的先进制造项目: a size class of the projects.
    assert not [t for t in summary.targets if "10亿元以上的先进制造项目" in t.evidence]
    summary = corpus("provinces/广东省-2003.md")
    # 由10%提高到14%: the target is where the change ends.
    change = targets_in(summary, "由10%提高到14%")
    assert values(change) == [(14.0, None)]
    # 初步遴选出25件民生实事候选项目提交大会: proposals put to the vote, not tasks.
    assert not targets_in(corpus("cities/济南市-2026.md"), "候选项目")


@needs_corpus
def test_last_years_results_in_a_review_are_no_targets() -> None:
    # 城镇调查失业率明显低于年初预期目标，新增就业岗位63.5万个: a result judged by its target.
    summary = corpus("cities/上海市-2022.md")
    assert not targets_in(summary, "新增就业岗位63.5万个")
    sections = {s.id: s.role for s in summary.sections}
    assert all(sections[t.section_id] != "review" for t in summary.targets)
    # 争取上级资金…: in a review, what was obtained.
    summary = summary_of(SEED_REPORTS["xicheng"])
    assert not [t for t in summary.targets if "争取" in t.evidence]


@needs_corpus
def test_a_review_that_names_last_years_target_restates_it_for_its_year() -> None:
    # 河北 2000: 比上年增长9.1％，接近10％左右的预期目标 — the 1999 target, not a 2000 one.
    summary = corpus("provinces/河北省-2000.md")
    restated = targets_in(summary, "10％左右的预期目标")
    assert [t.period for t in restated] == ["1999年"]
    assert values(restated) == [(10.0, None)]
    assert all(t.metric is not None and t.metric.metric_id != "gdp" for t in restated)


@needs_corpus
def test_a_multi_year_goal_is_a_target_of_its_own_period_never_the_gdp_target() -> None:
    summary = corpus("cities/兰州市-2026.md")
    average = targets_in(summary, "地区生产总值年均增长5.5%左右")
    assert [t.period for t in average] == ["2026—2030年"]
    assert all(t.metric is not None and t.metric.metric_id is None for t in average)
    gdp = [t for t in summary.targets if t.metric is not None and t.metric.metric_id == "gdp"]
    assert len(gdp) == 1 and gdp[0].period == "2026年" and values(gdp) == [(5.5, None)]


@needs_corpus
def test_a_restated_gdp_target_is_one_target() -> None:
    # 地区生产总值增长6.5%以上 in the list, then 确定经济增长6.5%以上的预期目标 in the text.
    summary = corpus("cities/武汉市-2023.md")
    gdp = [t for t in summary.targets if t.metric is not None and t.metric.metric_id == "gdp"]
    assert [t.evidence for t in gdp] == ["地区生产总值增长6.5%以上"]
    assert not targets_in(summary, "确定经济增长6.5%以上的预期目标")


@needs_corpus
def test_an_appendix_of_the_plan_years_tasks_gives_targets_once() -> None:
    # 广州市-2020's 附件1 2020年十件民生实事安排建议 lists commitments for 2020 (part: other).
    summary = corpus("cities/广州市-2020.md")
    bed = targets_in(summary, "设立400张家庭养老试点床位")
    assert [(t.period, values([t])) for t in bed] == [("2020年", [(400.0, None)])]
    # …and restates tasks of the plan: 新增污水处理能力101万吨/天 stays one target, the plan's.
    sewage = [t for t in summary.targets if t.metric and t.metric.value == 101.0]
    assert len(sewage) == 1 and sewage[0].section_id == "s15"
    # The appendix of last year's 民生实事完成情况 sets none.
    done = {s.id for s in summary.sections if "完成情况" in "".join(s.heading_path)}
    assert done and not [t for t in summary.targets if t.section_id in done]


@needs_corpus
@pytest.mark.parametrize(
    ("name", "evidence"),
    [
        # A 政府自身建设 part by its heading: （十）加强自身建设，提高政府治理现代化水平.
        ("cities/杭州市-2021.md", "一般性支出、“三公”经费、培训费和会议费均压减10%"),
        # …and by its opening paragraph: 各位代表！…政府自身建设 with no heading of its own.
        ("cities/佛山市-2025.md", "市直部门履职一般性支出压减15%以上"),
    ],
)
def test_the_governments_own_part_of_a_plan_sets_targets(name: str, evidence: str) -> None:
    summary = corpus(name)
    found = targets_in(summary, evidence)
    sections = {s.id: s.role for s in summary.sections}
    assert found and all(sections[t.section_id] == "other" for t in found)
    plan = summary.report.plan_period
    assert plan is not None and all(t.period == plan.label for t in found)


@needs_corpus
def test_a_target_restated_with_other_figures_or_years_is_another_target() -> None:
    # 湖南省-2004: 10家销售收入过100亿元的企业 and 10家销售收入过50亿元的企业 are two targets.
    hunan = corpus("provinces/湖南省-2004.md")
    assert targets_in(hunan, "10家销售收入过100亿元") and targets_in(hunan, "10家销售收入过50亿元")
    # 贵州省-2003: 比2000年翻一番 for 2010, then 2020年比2010年再翻一番.
    guizhou = corpus("provinces/贵州省-2003.md")
    assert targets_in(guizhou, "比2000年翻一番") and targets_in(guizhou, "2020年比2010年再翻一番")


@needs_corpus
@pytest.mark.parametrize(
    ("name", "evidence"),
    [
        # 按照“十五”计划…，今年宏观调控的主要预期目标是: this year's, not the term's.
        ("provinces/内蒙古自治区-2001.md", "国内生产总值增长10％"),
        # 提出了…主要预期目标是：— the lead looks back, its list does not.
        ("provinces/甘肃省-2003.md", "国内生产总值增长9%"),
        # 经济增长8.5％: GDP growth named without GDP.
        ("provinces/海南省-2001.md", "经济增长8.5％"),
        # 国内生产总值增长的预期目标为8.5%: framing words around the name.
        ("provinces/湖南省-2002.md", "今年全省国内生产总值增长的预期目标为8.5%"),
    ],
)
def test_the_gdp_target_of_the_plan_year(name: str, evidence: str) -> None:
    summary = corpus(name)
    gdp = [t for t in summary.targets if t.metric is not None and t.metric.metric_id == "gdp"]
    assert [t.evidence for t in gdp] == [evidence]
    plan = summary.report.plan_period
    assert plan is not None and gdp[0].period == plan.label


def test_goal_list_items_without_figures_are_qualitative_targets() -> None:
    summary = summary_of(SEED_REPORTS["dongliu"])
    (same_pace,) = targets_in(summary, "一般公共预算收入与经济增长基本同步")
    assert same_pace.metric is None and same_pace.period == "2024年"


# --------------------------------------------------------------------------- problems


def problems_of(summary: ReportSummary) -> list[str]:
    return [p.evidence for p in summary.problems]


@needs_corpus
def test_a_list_after_zhuyaoshi_gives_one_problem_per_clause() -> None:
    # …前进中还面临不少困难和挑战，主要是:A；B；…: the lead-in is no problem.
    problems = problems_of(corpus("cities/厦门市-2022.md"))
    assert len(problems) == 7
    assert problems[0].startswith("外部环境更趋复杂严峻和不确定")
    assert not any("困难和挑战" in p for p in problems)
    # 主要是：A，B，C，D，E。 — a list without ；: one per clause.
    problems = problems_of(corpus("cities/天津市-2026.md"))
    assert problems == [
        "经济稳定向好的支撑基础还不牢固",
        "产业转型和创新带动的效能还需加力",
        "在发展中化债、在化债中发展的任务依然较重",
        "市属国企提质增效、民营经济活力激发亟待提升",
        "生态环保、城市治理、民生保障、本质安全等还有不少短板",
    ]


@needs_corpus
@needs_corpus
def test_a_problems_lead_that_announces_its_list_gives_the_numbered_items() -> None:
    # 辽宁省-2002: …当前，我省经济和社会生活中尚有5个很现实的困难： then 1、…5、 as headings.
    summary = corpus("provinces/辽宁省-2002.md")
    roles = {s.id: s.role for s in summary.sections}
    firsts = [p.evidence for p in summary.problems[:4]]
    assert firsts == [
        "下岗职工和困难人口多",
        "部分地区发展慢，财力缺口大",
        "资源枯竭地区十分困难",
        "国有企业脱困仍未脱险",
    ]
    assert all(roles[p.section_id] == "problems" for p in summary.problems)
    # The lead only announces them: 取得了很大的成绩 is no problem.
    assert not [p for p in summary.problems if "成绩" in p.evidence]


@needs_corpus
def test_a_problems_sentence_that_opens_with_we_must_still_lists_them() -> None:
    # 海南省-2003: 我们要继续前进，就必须清醒地看到…主要矛盾和问题：A；B；…；F。
    summary = corpus("provinces/海南省-2003.md")
    assert [p.evidence[:10] for p in summary.problems] == [
        "社会有效需求不足，居",
        "经济结构仍不合理，第",
        "经济体制特色不明显，",
        "社会保障和社会共济能",
        "人才结构性短缺，科技",
        "政府职能转变与改革和",
    ]


def test_ordinal_problems_run_across_sentences() -> None:
    # 一是农业基础脆弱…。二是国有企业…。… each item its own problem, however long.
    problems = problems_of(corpus("provinces/甘肃省-2002.md"))
    assert len(problems) == 6
    assert problems[1] == "国有企业的内在活力和创新能力不足，亏损面和亏损额仍比较大"


@needs_corpus
def test_a_problems_paragraph_is_read_per_sentence_without_its_lead_in_and_closing() -> None:
    problems = problems_of(corpus("cities/上海市-2022.md"))
    assert len(problems) == 4
    assert problems[0].startswith("经济全面持续恢复的基础尚不牢固")
    assert problems[-1].startswith("政府服务管理效能还要持续提升")
    # 我们要正视问题、直面挑战…: how they will be met, not a problem.
    assert not any("正视问题" in p or "必胜的信心" in p for p in problems)


# --------------------------------------------------------------------------- achievements


def _section_alone(name: str, heading: str) -> tuple[ReportSummary, Section]:
    doc = load(CORPUS / name)
    section = next(s for s in chunk(doc) if s.heading_path and s.heading_path[-1] == heading)
    provider = RulesProvider()
    result = provider.extract_sync(section, doc.meta)
    summary = build_summary(
        doc, [section], [(section, Extraction(result=result), None, False)], provider
    )
    return summary, section


@needs_corpus
def test_a_review_without_figures_still_gives_its_achievements() -> None:
    summary, section = _section_alone(
        "cities/天津市-2026.md", "（一）圆满完成上合天津峰会筹备和服务保障任务"
    )
    assert section.role == "review"
    assert not any(a.metrics for a in summary.achievements)  # not a figure in it
    summaries = [a.summary for a in summary.achievements]
    # The sub-heading with its lead sentence, then the work done under it.
    assert summaries[0] == "圆满完成上合天津峰会筹备和服务保障任务"
    assert len(summaries) >= 2
    first = summary.achievements[0]
    # Its evidence runs from the heading through the lead sentence.
    assert first.evidence.startswith("（一）圆满完成上合天津峰会筹备和服务保障任务")
    assert first.evidence.endswith("党中央对天津的巨大信任和亲切关怀")


@needs_corpus
def test_achievements_come_from_review_parts_only() -> None:
    summary = corpus("cities/合肥市-2023.md")
    roles = {s.id: s.role for s in summary.sections}
    assert summary.achievements
    assert {roles[a.section_id] for a in summary.achievements} == {"review"}


def test_the_guiding_ideology_is_no_achievement_and_work_done_without_figures_is() -> None:
    summary = summary_of(SEED_REPORTS["xicheng"])
    summaries = [a.summary for a in summary.achievements]
    assert not any("为指导" in s for s in summaries)
    assert "步阳国际成功上市" in summaries
    assert "柘川村水土保持(小流域综合治理)工程完工" in summaries
    # The sub-headings of the review are achievements of their own.
    assert "坚持快与稳并进,创新驱动跑出经济发展“加速度”" in summaries


def test_achievements_are_ranked_key_indicators_first() -> None:
    summary = summary_of(SEED_REPORTS["xiaying"])
    ranked = sorted(summary.achievements, key=lambda a: a.rank or 0)
    assert sorted(a.rank for a in ranked) == list(range(1, len(ranked) + 1))
    assert any(m.metric_id == "gdp" for m in ranked[0].metrics)
    # Ids stay in document order whatever the rank.
    assert [a.id for a in summary.achievements] == [
        f"a{i}" for i in range(1, len(summary.achievements) + 1)
    ]
    # Case handling and fines come last.
    last = ranked[-5:]
    assert any("罚款" in a.evidence or "结案" in a.evidence for a in last)


# --------------------------------------------------------------------------- headline


def test_headline_figures_are_the_key_indicators_ranked_not_fines() -> None:
    rows = headline_figures(summary_of(SEED_REPORTS["xiaying"]))
    ids = [row.metric_id for row in rows]
    assert ids[:3] == ["gdp", "fiscal_total_revenue", "general_budget_revenue"]
    names = [row.metric.name for row in rows]
    assert not any(word in n for n in names for word in ("罚款", "结案金额", "招标成交价"))


@needs_corpus
def test_headline_figures_hold_foreign_trade_and_prefer_the_full_figure() -> None:
    rows = headline_figures(corpus("cities/上海市-2022.md"))
    by_id = {row.metric_id: row for row in rows}
    # 突破4万亿元大关，达到4.32万亿元，增长8.1%: the level with its growth, not the milestone.
    gdp = by_id["gdp"].metric
    assert (gdp.value, gdp.unit) == (4.32, "万亿元")
    assert gdp.change is not None and gdp.change.amount == 8.1
    assert "foreign_trade" in by_id
    assert all(len(row.metric.name) >= 2 and row.metric.name != row.metric.unit for row in rows)


@needs_corpus
def test_the_reviewed_years_figures_come_before_five_year_ones() -> None:
    rows = headline_figures(corpus("cities/苏州市-2026.md"))
    jobs = next(row for row in rows if row.metric_id == "new_urban_jobs")
    # 城镇新增就业150.2万人 sums five years; 新增城镇就业41.5万人 is 2025's.
    assert jobs.metric.value == 41.5


def test_the_terminal_and_the_briefing_show_the_same_headline() -> None:
    summary = summary_of(SEED_REPORTS["dongliu"])
    chosen = [(row.item_id, row.field) for row in headline_figures(summary)]
    briefing = build_briefing([summary])
    shown = [(f.item_id, f.field_name) for f in briefing.reports[0].headline]
    assert shown == chosen


# --------------------------------------------------------------------------- acceptance bars


@cache
def gold_cases() -> tuple[qi.ItemCase, ...]:
    genres = [g for g in quality.GENRES if (FIXTURES / "gold-reports" / g).is_dir()]
    return tuple(quality.item_cases(quality.load_cases(FIXTURES / "gold-reports", CORPUS, genres)))


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("genre", quality.GENRES)
def test_items_meet_the_bars_on_the_gold(genre: str) -> None:
    cases = [c for c in gold_cases() if c.genre == genre]
    if not cases:
        pytest.skip(f"no gold reports with items for {genre}")
    scores = {**qi.target_metrics(cases), **qi.problem_metrics(cases), **qi.headline_metrics(cases)}
    misses = [m for c in cases for m in c.misses]

    def share(name: str) -> float:
        right, of = scores[name]
        return right / of if of else 1.0

    assert share("t_prec") >= 0.95, [m for m in misses if "target wrong" in m]
    assert share("t_rec") >= 0.90, [m for m in misses if "target missed" in m]
    assert share("p_rec") >= 0.90, [m for m in misses if "problem" in m]
    assert share("h_top10") >= 0.90, [m for m in misses if "headline" in m]
    assert share("t_gdp") == 1.0, [m for m in misses if "gdp" in m]


@needs_corpus
@pytest.mark.slow
def test_the_gdp_target_is_right_and_alone_in_the_province_reports() -> None:
    gold = quality.load_gdp_gold(FIXTURES / "gold-gdp" / "provinces.json")
    summaries = {
        stem: summary_of(CORPUS / "provinces" / f"{stem}.md")
        for stem in gold
        if (CORPUS / "provinces" / f"{stem}.md").is_file()
    }
    misses: list[str] = []
    right, of = qi.gdp_target_metrics(summaries, gold, misses)["gdp_target"]
    assert of == len(gold) == 98
    assert right >= 0.98 * of, misses
