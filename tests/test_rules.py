"""The rules provider on the five real seed reports, scored against hand-read expectations.

fixtures/expected/<report>.json lists, per report, the headline figures (with the change that
belongs to each), every stated target of the coming period, and every listed problem. The
scores (precision and recall of each item kind) are printed as a table in the test output;
headline and target recall must be 100%.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from summarizer.document.chunking import chunk
from summarizer.document.ingest import load
from summarizer.models import (
    CATEGORIES,
    SCHEMA_VERSION,
    ChunkResult,
    Document,
    Metric,
    ReportMeta,
    Section,
)
from summarizer.providers.base import Provider
from summarizer.providers.rules import RULES_VERSION, RulesProvider
from tests.conftest import FIXTURES, SEED_REPORTS

EXPECTED = FIXTURES / "expected"


@dataclass
class Extracted:
    doc: Document
    sections: list[Section]
    results: list[ChunkResult]

    @property
    def pairs(self) -> list[tuple[Section, ChunkResult]]:
        return list(zip(self.sections, self.results, strict=True))


def _run(path: Path) -> Extracted:
    doc = load(path)
    sections = chunk(doc)
    provider = RulesProvider()
    return Extracted(doc, sections, [provider.extract_sync(s, doc.meta) for s in sections])


@pytest.fixture(scope="module")
def extracted() -> dict[str, Extracted]:
    return {name: _run(path) for name, path in SEED_REPORTS.items()}


def _expected(name: str) -> dict[str, Any]:
    path = EXPECTED / f"{SEED_REPORTS[name].stem}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# --------------------------------------------------------------------------- scoring


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-9


def _names_agree(expected: str | None, got: str | None) -> bool:
    if expected is None:
        return True
    if not got:
        return False
    return expected in got or (len(got) >= 2 and got in expected)


def _headline_matches(gold: dict[str, Any], metric: Metric) -> bool:
    if not _names_agree(gold["name"], metric.name):
        return False
    if not _close(gold["value"], metric.value) or gold["unit"] != metric.unit:
        return False
    want = gold["change"]
    if want is None:
        return metric.change is None
    got = metric.change
    return (
        got is not None
        and got.direction == want["direction"]
        and _close(got.amount, want["amount"])
        and got.unit == want["unit"]
    )


def _target_matches(
    gold: dict[str, Any], evidence: str, metric: Metric | None, period: str | None
) -> bool:
    if gold["quote"] not in evidence and evidence not in gold["quote"]:
        return False
    if "period" in gold and gold["period"] != period:
        return False
    if gold.get("value") is None:
        return True
    return (
        metric is not None
        and _names_agree(gold["name"], metric.name)
        and _close(gold["value"], metric.value)
        and _close(gold["value_hi"], metric.value_hi)
        and gold["unit"] == metric.unit
        and gold["qualifier"] == metric.qualifier
    )


@dataclass
class Score:
    """Counts for one item kind over all reports."""

    expected: int = 0
    found: int = 0
    extracted: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0


_SCOPES = ("", "限上", "规上", "全社会", "限额以上", "规模以上")


def _score_headlines(name: str, run: Extracted, score: Score) -> None:
    gold = _expected(name)["headline"]
    metrics = [m for r in run.results for a in r.achievements for m in a.metrics]
    score.expected += len(gold)
    for item in gold:
        if any(_headline_matches(item, m) for m in metrics):
            score.found += 1
        else:
            near = [
                m.model_dump(exclude={"derived"})
                for m in metrics
                if _names_agree(item["name"], m.name)
            ]
            score.misses.append(
                f"{name}: {item['name']} {item['value']}{item['unit']} (near: {near})"
            )
    # Precision: of the figures named as a headline indicator (the name itself, or with a
    # scope word before it), how many are exactly right.
    for metric in metrics:
        claims = [g for g in gold if metric.name in {p + g["name"] for p in _SCOPES}]
        if not claims:
            continue
        score.extracted += 1
        if any(_headline_matches(g, metric) for g in claims):
            score.correct += 1
        else:
            score.wrong.append(f"{name}: {metric.name} {metric.raw} {metric.change}")


def _score_targets(name: str, run: Extracted, score: Score) -> None:
    expected = _expected(name)
    gold, optional = expected["targets"], expected["targets_optional"]
    targets = [t for r in run.results for t in r.targets]
    score.expected += len(gold)
    for item in gold:
        if any(_target_matches(item, t.evidence, t.metric, t.period) for t in targets):
            score.found += 1
        else:
            score.misses.append(f"{name}: {item['quote']}")
    for target in targets:
        score.extracted += 1
        if any(
            _target_matches(g, target.evidence, target.metric, target.period) for g in gold
        ) or any(g["quote"] in target.evidence or target.evidence in g["quote"] for g in optional):
            score.correct += 1
        else:
            score.wrong.append(f"{name}: {target.evidence} → {target.metric} {target.period}")


def _score_problems(name: str, run: Extracted, score: Score) -> None:
    expected = _expected(name)
    gold, optional = expected["problems"], expected["problems_optional"]
    problems = [p for r in run.results for p in r.problems]
    score.expected += len(gold)
    for item in gold:
        if any(item["quote"] in p.evidence for p in problems):
            score.found += 1
        else:
            score.misses.append(f"{name}: {item['quote']}")
    for problem in problems:
        score.extracted += 1
        if any(g["quote"] in problem.evidence for g in gold + optional):
            score.correct += 1
        else:
            score.wrong.append(f"{name}: {problem.evidence}")


@pytest.fixture(scope="module")
def scores(extracted: dict[str, Extracted]) -> dict[str, Score]:
    table = {"headline figures": Score(), "targets": Score(), "problems": Score()}
    for name, run in extracted.items():
        _score_headlines(name, run, table["headline figures"])
        _score_targets(name, run, table["targets"])
        _score_problems(name, run, table["problems"])
    return table


def test_scores_table(
    scores: dict[str, Score], extracted: dict[str, Extracted], request: pytest.FixtureRequest
) -> None:
    """Prints precision/recall per item kind (visible without -s) and holds the recall bar."""
    lines = [
        "rules provider on the 5 seed reports",
        f"{'kind':<18}{'expected':>9}{'found':>7}{'recall':>8}{'extracted':>11}{'correct':>9}{'precision':>11}",
    ]
    for kind, s in scores.items():
        lines.append(
            f"{kind:<18}{s.expected:>9}{s.found:>7}{s.recall:>8.0%}{s.extracted:>11}{s.correct:>9}{s.precision:>11.0%}"
        )
    achievements = sum(len(r.achievements) for run in extracted.values() for r in run.results)
    figures = sum(
        len(a.metrics) for run in extracted.values() for r in run.results for a in r.achievements
    )
    lines.append(f"achievements: {achievements} (with {figures} figures)")
    for kind, s in scores.items():
        lines.extend(f"  miss  {kind}: {m}" for m in s.misses)
        lines.extend(f"  wrong {kind}: {w}" for w in s.wrong)
    # Shown in the normal test output, not only on failure: the capture is lifted for it.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print("\n" + "\n".join(lines))
    else:
        print("\n".join(lines))
    assert scores["headline figures"].recall == 1.0, scores["headline figures"].misses
    assert scores["targets"].recall == 1.0, scores["targets"].misses
    assert scores["problems"].recall == 1.0, scores["problems"].misses


def test_precision_floor(scores: dict[str, Score]) -> None:
    # Headline figures and problems are the parts a reader trusts without looking: a wrong
    # change on a GDP figure is worse than a missing one.
    assert scores["headline figures"].precision == 1.0, scores["headline figures"].wrong
    assert scores["problems"].precision == 1.0, scores["problems"].wrong
    assert scores["targets"].precision >= 0.9, scores["targets"].wrong


# --------------------------------------------------------------------------- contract


def test_provider_contract() -> None:
    provider = RulesProvider()
    assert isinstance(provider, Provider)
    assert provider.name == "rules" and provider.model is None and provider.prompt_version is None
    identity = provider.identity()
    # The words it reads are part of what it is: a cached result read with other words is stale.
    assert re.fullmatch(r"[0-9a-f]{12}", identity.pop("lexicon"))
    assert identity == {"provider": "rules", "version": RULES_VERSION, "schema": SCHEMA_VERSION}


def test_async_extract_wraps_sync(extracted: dict[str, Extracted]) -> None:
    run = extracted["xiaying"]
    section, result = next((s, r) for s, r in run.pairs if r.achievements)
    got = asyncio.run(RulesProvider().extract(section, run.doc.meta))
    assert got.result == result
    assert got.usage.requests == 0


def test_deterministic(extracted: dict[str, Extracted]) -> None:
    again = _run(SEED_REPORTS["dongliu"])
    assert [r.model_dump() for r in again.results] == [
        r.model_dump() for r in extracted["dongliu"].results
    ]


def test_every_quote_and_figure_is_in_its_section(extracted: dict[str, Extracted]) -> None:
    for name, run in extracted.items():
        for section, result in run.pairs:
            items = [*result.achievements, *result.targets, *result.problems]
            for item in items:
                assert item.evidence in section.text, (name, item.evidence)
                assert item.summary and item.summary in item.evidence, (name, item.summary)
            for achievement in result.achievements:
                assert achievement.category in CATEGORIES
                for metric in achievement.metrics:
                    assert metric.name, (name, achievement.evidence)
                    assert not metric.derived
                    if metric.raw is not None:
                        assert metric.raw in achievement.evidence, (name, metric.raw)
            for target in result.targets:
                if target.metric is not None and target.metric.raw is not None:
                    assert target.metric.raw in target.evidence


def test_summaries_read_as_clauses(extracted: dict[str, Extracted]) -> None:
    for run in extracted.values():
        for result in run.results:
            for item in [*result.achievements, *result.targets, *result.problems]:
                assert not item.summary.startswith(("其中", "同时", "此外", "，", ",", "；")), (
                    item.summary
                )
                assert "。" not in item.summary.rstrip("。"), item.summary


# --------------------------------------------------------------------------- specific behaviour


def _metrics_named(run: Extracted, name: str) -> list[Metric]:
    return [m for r in run.results for a in r.achievements for m in a.metrics if m.name == name]


def test_metric_name_value_and_change(extracted: dict[str, Extracted]) -> None:
    run = extracted["xiaying"]
    (gdp,) = _metrics_named(run, "地区生产总值")
    assert (gdp.value, gdp.unit, gdp.raw) == (15.93, "亿元", "15.93亿元")
    (revenue,) = _metrics_named(run, "财政总收入")
    assert revenue.change is not None
    assert revenue.change.model_dump() == {
        "direction": "increase",
        "amount": 71.4,
        "unit": "%",
        "basis": "同比",
    }
    # 限上 scope survives the cut at 实现: this is not all retail sales.
    assert _metrics_named(run, "限上社会消费品零售总额")


def test_respectively_pairs_changes_in_order(extracted: dict[str, Extracted]) -> None:
    run = extracted["dongliu"]
    (gdp,) = _metrics_named(run, "地区生产总值")
    (budget,) = _metrics_named(run, "一般公共预算收入")
    assert gdp.change is not None and budget.change is not None
    assert (gdp.change.direction, gdp.change.amount) == ("decrease", 6.2)
    assert (budget.change.direction, budget.change.amount) == ("decrease", 19.3)


def test_last_years_results_are_not_targets(extracted: dict[str, Extracted]) -> None:
    run = extracted["xicheng"]
    review_ids = {s.id for s in run.sections if s.role != "plan"}
    for section, result in run.pairs:
        if section.id in review_ids:
            assert not result.targets, [t.evidence for t in result.targets]
    targets = [t.evidence for r in run.results for t in r.targets]
    assert not any("村数达" in e for e in targets)


def test_problem_areas(extracted: dict[str, Extracted]) -> None:
    problems = [p for r in extracted["dongliu"].results for p in r.problems]
    assert [p.area for p in problems] == ["经济", "民生", "营商环境", "安全", "干部队伍"]


def _section(text: str, role: str, heading: str) -> Section:
    return Section(
        id="s1", heading_path=[heading], level=1, role=role, start=0, end=len(text), text=text
    )  # type: ignore[arg-type]


def test_range_target_and_long_term_goal_in_a_plan_section() -> None:
    text = (
        "二、2024年工作计划\n"
        "2024年主要预期目标为：地区生产总值增长6%-6.5%，城镇调查失业率控制在5.5%左右。"
        "到2035年，人均地区生产总值达到15万元。"
    )
    meta = ReportMeta(period="2023年", period_year=2023, period_span="Y")
    result = RulesProvider().extract_sync(_section(text, "plan", "二、2024年工作计划"), meta)
    by_name = {t.metric.name: t for t in result.targets if t.metric is not None}
    gdp = by_name["地区生产总值"].metric
    assert gdp is not None and (gdp.value, gdp.value_hi, gdp.unit) == (6, 6.5, "%")
    unemployment = by_name["城镇调查失业率"].metric
    assert unemployment is not None and (unemployment.value, unemployment.qualifier) == (
        5.5,
        "左右",
    )
    # A goal beyond the plan year is a target of its own period, never the plan year's.
    long_term = [t for t in result.targets if "2035" in t.evidence or "15万元" in t.evidence]
    assert [t.period for t in long_term] == ["2035年"]
    assert all(t.period == "2024年" for t in result.targets if t not in long_term)


def test_cross_check_verifies_every_rules_figure(extracted: dict[str, Extracted]) -> None:
    """Extractive by construction: the cross-check finds every quote and figure where the
    rules provider says it stands, with no flag on any seed report."""
    from summarizer.assemble import build_summary
    from summarizer.providers.base import Extraction

    provider = RulesProvider()
    for name, run in extracted.items():
        results = [(s, Extraction(r), None, False) for s, r in run.pairs]
        summary = build_summary(run.doc, run.sections, results, provider)
        assert summary.checks, name
        assert not summary.flags, (name, [(f.status, f.claim) for f in summary.flags])
        assert all(item.start is not None for item in summary.achievements), name


# --------------------------------------------------------------------------- metric names

# A metric name says what is counted; these are how a cut in the wrong place shows. The lists
# are the test's own (not the provider's cue tables), so a cue change cannot hide a bad name.
_FRAMING_STARTS = (
    "完成",
    "实现",
    "有",
    "共",
    "也",
    "是",
    "对",
    "将",
    "把",
    "在",
    "为",
    "和",
    "及",
    "与",
    "并",
    "已",
    "的",
    "其中",
    "累计",
    "总计",
    "共计",
    "达",
    "约",
    "实施",
    "开展",
    "组织",
    "推进",
    "切实",
    "成功",
    "依托",
    "强势",
    "落实",
    "验收",
    "现已",
    "按时",
    "做好",
    "全年",
    "上半年",
    "今年",
    "针对",
    "通过",
    "进行",
    "占",
    "等",
    "级",
    "、",
)
# Words that start with a framing character but are nouns of their own.
_NOUNS_WITH_FRAMING_START = ("完成率", "共富", "有效", "涉及人数", "实到", "达标率")
_DANGLING_ENDS = (
    "和",
    "的",
    "、",
    "均",
    "仅",
    "(",
    "（",
    "等",
    "及",
    "与",
    "并",
    "已",
    "中",
    "内",
    "全年",
    "基本",
    "初步",
    "按期",
    "工作",
    "连续",
    "超额",
    "村级",
    "完工",
    "竣工",
    "开工建设",
    "落地",
    "结顶",
    "“",
)
# Names that are only a scope, a verb of framing or a time unit.
_EMPTY_NAMES = frozenset({"全区", "全市", "涉及", "工作", "天", "村", "有", "共"})
_MARK_PAIRS = {"“": "”", "‘": "’", "(": ")", "（": "）", "《": "》", "【": "】", "「": "」"}


def _marks_balance(name: str) -> bool:
    stack: list[str] = []
    for ch in name:
        if ch in _MARK_PAIRS:
            stack.append(_MARK_PAIRS[ch])
        elif ch in _MARK_PAIRS.values() and (not stack or stack.pop() != ch):
            return False
    return not stack and name.count('"') % 2 == 0


def name_faults(name: str) -> list[str]:
    """Why `name` does not read as a noun phrase naming what a figure counts ([] if it does)."""
    faults: list[str] = []
    if len(name) < 2 or name in _EMPTY_NAMES:
        faults.append("names nothing")
    if name.startswith(_FRAMING_STARTS) and not name.startswith(_NOUNS_WITH_FRAMING_START):
        faults.append("starts with a framing or function word")
    if name.endswith(_DANGLING_ENDS):
        faults.append("ends dangling")
    if not _marks_balance(name):
        faults.append("unbalanced quotes or brackets")
    if any(mark in name for mark in "，,；;。：:"):
        faults.append("spans a clause break")
    if "均" in name.replace("人均", "").replace("平均", "").replace("年均", ""):
        faults.append("holds the adverb 均")
    if "周年" in name:
        faults.append("an anniversary")
    return faults


@pytest.mark.parametrize(
    ("name", "fault"),
    [
        ("也是浙江“八八战略”实施", "starts with a framing or function word"),
        ("率、群众满意率均", "ends dangling"),
        ("社工和", "ends dangling"),
        ("项目名单(全区仅", "unbalanced quotes or brackets"),
        ("有", "names nothing"),
        ("村干部)攻坚小组", "unbalanced quotes or brackets"),
        ("战时力量,连续", "spans a clause break"),
        ("楼宇均达成税收", "holds the adverb 均"),
    ],
)
def test_name_faults_catch_the_old_bad_names(name: str, fault: str) -> None:
    """The checker below would have failed on names the provider used to give."""
    assert fault in name_faults(name)


def _all_metrics(run: Extracted) -> list[tuple[Metric, str]]:
    return [(m, a.evidence) for r in run.results for a in r.achievements for m in a.metrics]


def test_every_metric_name_reads_as_a_noun_phrase(extracted: dict[str, Extracted]) -> None:
    bad = [
        (report, metric.name, metric.raw, faults)
        for report, run in extracted.items()
        for metric, _ in _all_metrics(run)
        if (faults := name_faults(metric.name))
    ]
    assert not bad, bad


def test_anniversaries_and_background_figures_are_not_metrics(
    extracted: dict[str, Extracted],
) -> None:
    """2023年是…开局之年,也是浙江“八八战略”实施20周年: the opening sentence sets the scene."""
    for report, run in extracted.items():
        for metric, evidence in _all_metrics(run):
            assert not (metric.unit or "").endswith("周年"), (report, metric)
            assert "周年" not in evidence and "之年" not in evidence, (report, evidence)


def _names_of(run: Extracted, raw: str, near: str) -> list[str]:
    """Names of the metrics printed as `raw` in an achievement whose evidence holds `near`."""
    return [m.name for m, evidence in _all_metrics(run) if m.raw == raw and near in evidence]


@pytest.mark.parametrize(
    ("report", "raw", "near", "name"),
    [
        # Read by hand in the reports: what each figure counts, in the report's own words.
        ("xiaying", "7500平方米", "拆除23宗", "拆除"),
        ("xiaying", "四个", "农转用报批", "地块农转用报批"),
        ("xiaying", "1名", "党务社工", "党务社工"),
        ("xiaying", "97个", "课题、论文", "课题、论文"),
        ("xiaying", "8户", "签约8户", "签约"),
        ("xiaying", "96人", "劳动监察仲裁案件", "涉及人数"),
        ("dongliu", "13场", "共富集市", "共富集市"),
        ("dongliu", "十项", "经济指标", "经济指标"),
        ("dongliu", "400余次", "走访企业", "走访企业"),
        ("dongliu", "4起", "安全生产行政处罚", "安全生产行政处罚"),
        ("xinqi", "112亩", "村发展留用地项目", "村发展留用地项目"),
        ("xinqi", "100%", "货币化房票安置", "货币化房票安置"),
        ("xinqi", "1500亩", "高标准农田", "高标准农田"),
        ("xinqi", "85亩", "中朱地块", "中朱地块"),
        ("xinqi", "118起", "违规行为", "整改违规行为"),
        ("xinqi", "4000余名", "卡哥卡嫂", "“小候鸟”“卡哥卡嫂”等特殊群体"),
        ("xicheng", "8个", "金意安", "金意安(智能设备)埋点村"),
        ("xicheng", "约4万条", "人口数据", "人口数据采集和录入"),
        ("xicheng", "2名", "村干部", "村干部"),
        ("xicheng", "6宗", "厂房", "厂房"),
        ("xicheng", "98分", "服务指数", "“15分钟品质文化生活圈”服务指数"),
        ("xicheng", "5个", "十无村", "“十无村”"),
        ("xicheng", "18699亩", "早稻播种", "早稻播种"),
        ("xiasha", "6轮", "全员核酸检测", "全员核酸检测"),
        ("xiasha", "12个", "集中隔离点", "集中隔离点"),
        # A share is named as the share of what, in what (as the ownership gold writes it).
        ("xiasha", "36%", "占全区36%", "重点人员数据核查占全区比重"),
        ("xiasha", "4440人次", "困难家庭补助", "低边低保等困难家庭补助发放"),
        ("xiasha", "173名", "退役军人", "退役军人"),
        ("xiasha", "3个", "微型消防站", "区域性微型消防站"),
    ],
)
def test_metric_names_read_by_hand(
    extracted: dict[str, Extracted], report: str, raw: str, near: str, name: str
) -> None:
    assert _names_of(extracted[report], raw, near) == [name]


def test_a_figure_given_to_each_name_of_a_list_is_each_ones() -> None:
    """案件处置率、群众满意率均为100%: both rates are 100%, two metrics of one figure."""
    run = _run(SEED_REPORTS["xiaying"])
    assert _names_of(run, "100%", "群众满意率") == ["案件处置率", "群众满意率"]


@pytest.mark.parametrize(
    ("report", "raw", "near"),
    [
        # 项目名单(全区仅5家): how many made the list district-wide, not this street's result.
        ("xiaying", "5家", "全区仅"),
        # 9天完成…: when, not how much.
        ("xicheng", "9天", "签约工作"),
        # 签约率、腾空率、拆除率3个100%: 3个 counts the rates that follow.
        ("xicheng", "3个", "拆除率"),
        ("xiasha", "14天内", "零扩散"),
        ("xiasha", "31个", "集中隔离点"),
    ],
)
def test_figures_that_measure_no_result_have_no_metric(
    extracted: dict[str, Extracted], report: str, raw: str, near: str
) -> None:
    assert _names_of(extracted[report], raw, near) == []
    # The clause itself is still reported where it says a result.
    if report == "xiasha" and raw == "14天内":
        summaries = [a.summary for r in extracted[report].results for a in r.achievements]
        assert any("疫情风险零扩散" in s for s in summaries)
