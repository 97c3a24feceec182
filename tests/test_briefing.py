"""Briefings of the seed reports in every format, read back and checked.

The ReportSummaries below stand in for the pipeline's output so the briefing can be tested on its own: every
quote and figure below stands in the fixture text (the builder asserts it), and the check of
each figure is made the way the cross-check does it, by finding the printed figure in the
source and keeping the text around it. A few checks are deliberately wrong, accepted,
corrected or rejected, to exercise how a briefing shows review decisions.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.errors import ConfigError, OutputError
from summarizer.lexicon import metrics as metrics_catalog
from summarizer.models import (
    AchievementItem,
    Change,
    Check,
    Metric,
    NumberMention,
    ProblemItem,
    ReportMeta,
    ReportSummary,
    TargetItem,
)
from summarizer.render import brief_model
from summarizer.render.brief_build import build_briefing
from summarizer.render.brief_html import render_html
from summarizer.render.brief_md import md, render_markdown
from summarizer.render.briefing import CSV_COLUMNS, chart_path_for, write_briefing
from tests.conftest import SEED_REPORTS

# (name, value as printed, unit, change) with change = (direction, amount, unit) or None.
Fig = tuple[str, str | None, str | None, tuple[str, str, str] | None]

SPECS: dict[str, dict[str, Any]] = {
    "xiaying": {
        "meta": {
            "title": "宁波市鄞州区下应街道2023年上半年工作总结",
            "issuer": "下应街道",
            "review_period": {"label": "2023年上半年", "year": 2023, "span": "H1"},
            "published": date(2023, 7, 28),
        },
        "achievements": [
            (
                "经济发展",
                "上半年地区生产总值15.93亿元、同比增长10.6%，财政总收入和一般公共预算收入大幅增长。",
                [
                    ("地区生产总值", "15.93", "亿元", ("increase", "10.6", "%")),
                    ("财政总收入", "6.3", "亿元", ("increase", "71.4", "%")),
                    ("一般公共预算收入", "5.08", "亿元", ("increase", "132.7", "%")),
                ],
                "实现地区生产总值15.93亿元,同比增长10.6%;实现财政总收入6.3亿元,同比增长71.4%,其中一般公共预算收入5.08亿元,同比增长132.7%",
            ),
            (
                "经济发展",
                "规上工业增加值4.28亿元，限上零售企业社会消费品零售总额2.33亿元。",
                [
                    ("规上工业增加值", "4.28", "亿元", ("increase", "7.37", "%")),
                    ("限上零售企业社会消费品零售总额", "2.33", "亿元", ("increase", "54.4", "%")),
                ],
                "规上工业增加值4.28亿元,同比增长7.37%",
            ),
            (
                "项目建设",
                "完成全社会固定资产投资23.15亿元，实到外资1618万美元，引进亿元以上重大项目3个。",
                [
                    ("全社会固定资产投资", "23.15", "亿元", ("increase", "12.2", "%")),
                    ("实到外资", "1618", "万美元", None),
                    ("亿元以上重大项目", "3", "个", None),
                ],
                "完成全社会固定资产投资23.15亿元,同比增长12.2%",
            ),
            (
                "民生保障",
                "累计开展志愿服务活动近50场。",
                [("志愿服务活动", "50", "场", None)],
                "上半年累计开展志愿服务活动近50场",
            ),
            (
                "社会治理与安全",
                "排查辖区重大安全隐患182处。",
                [("重大安全隐患", "182", "处", None)],
                "上半年排查辖区重大安全隐患182处",
            ),
        ],
        "targets": [
            (
                "今年新增8个嵌入式体育新空间项目。",
                ("嵌入式体育新空间项目", "8", "个", None),
                None,
                "2023年",
                "今年计划新增8个嵌入式体育新空间项目",
            ),
            (
                "下半年全面加速产业转型升级、推进城市界面更新。",
                None,
                None,
                "2023年下半年",
                "重点做好全面加速产业转型升级、全面推进城市界面更新",
            ),
        ],
        "problems": [],
    },
    "dongliu": {
        "meta": {
            "title": "东柳街道2023年工作总结和2024年工作思路",
            "issuer": "东柳街道",
            "review_period": {"label": "2023年", "year": 2023, "span": "Y"},
            "published": date(2024, 3, 21),
        },
        "achievements": [
            (
                "经济发展",
                "全年地区生产总值60.3亿元，一般公共预算收入2亿元，同比分别下降6.2%、19.3%。",
                [
                    ("地区生产总值", "60.3", "亿元", ("decrease", "6.2", "%")),
                    # The provider misread the fall (19.8); a reviewer corrected it to 19.3.
                    ("一般公共预算收入", "2", "亿元", ("decrease", "19.8", "%")),
                ],
                "全年实现地区生产总值60.3亿元,一般公共预算收入2亿元,同比分别-6.2%、-19.3%",
            ),
            (
                "经济发展",
                "完成固定资产投资32.5亿元，限上社会消费品零售总额13.1亿元，规上工业增加值0.38亿元，引进亿元以上重大项目4个。",
                [
                    ("固定资产投资", "32.5", "亿元", None),
                    ("限上社会消费品零售总额", "13.1", "亿元", ("increase", "20.4", "%")),
                    ("规上工业增加值", "0.38", "亿元", ("increase", "16.7", "%")),
                    ("亿元以上重大项目", "4", "个", None),
                ],
                "完成固定资产投资32.5亿元,完成限上社会消费品零售总额13.1亿元,同比增长20.4%,规上工业增加值0.38亿元,同比增长16.7%;引进亿元以上重大项目4个",
            ),
            (
                "经济发展",
                "全年引进企业137家，实到内资17亿元。",
                [("引进企业", "137", "家", None), ("实到内资", "17", "亿元", None)],
                "全年共引进企业137家,其中注册资金千万元以上46家,亿元以上5家,实到内资17亿元",
            ),
            (
                "民生保障",
                "老年助餐累计服务16万人次，新增托位124个。",
                [("老年助餐服务", "16", "万人次", None), ("新增托位", "124", "个", None)],
                "累计服务16万人次。新增托育驿站4家,新增托位124个",
            ),
            (
                "社会治理与安全",
                "签收回复信访件1513件，办结率100%。",
                [("信访件", "1513", "件", None), ("办结率", "100", "%", None)],
                "全年信访签收回复各类信访件1513件,办结率100%",
            ),
        ],
        "targets": [
            (
                "2024年地区生产总值增长8%。",
                ("地区生产总值", "8", "%", None),
                None,
                "2024年",
                "地区生产总值增长8%",
            ),
            (
                "固定资产投资达9亿元。",
                ("固定资产投资", "9", "亿元", None),
                None,
                "2024年",
                "固定资产投资达9亿元",
            ),
            (
                "力争规上企业研发增长15%。",
                ("规上企业研发", "15", "%", None),
                "力争",
                "2024年",
                "力争规上企业研发增长15%",
            ),
            (
                "千人口托位数达到4.6个以上。",
                ("千人口托位数", "4.6", "个", None),
                "力争",
                "2024年",
                "力争千人口托位数达到4.6个以上",
            ),
        ],
        "problems": [
            (
                "部分指标不及预期，对个别行业、企业依赖较大，经济发展后劲有待增强。",
                "经济",
                "一是部分指标不及预期,对个别行业个别企业的依赖性较大,经济发展后劲还要培育增强",
            ),
            (
                "民生领域有薄弱环节，优质公共服务配置不够均衡。",
                "民生",
                "二是民生领域还有薄弱环节,优质公共服务配置不够均衡",
            ),
            ("营商环境还需优化提升。", "营商环境", "三是营商环境还需优化提升"),
            (
                "平安建设需持续深化，风险识别管控机制不够精准高效。",
                "安全",
                "四是平安建设还需持续深化,风险识别管控机制还不够精准高效",
            ),
            ("干部队伍建设还需加强。", "干部队伍", "五是干部队伍建设还需加强"),
        ],
    },
    "xinqi": {
        "meta": {
            "title": None,
            "issuer": "新碶街道",
            "review_period": {"label": "2024年", "year": 2024, "span": "Y"},
            "published": date(2024, 12, 5),
        },
        "achievements": [
            (
                "经济发展",
                "规上工业总产值预计同比增长25%，限上商品零售额预计增长19.2%。",
                [
                    ("规上工业总产值", None, None, ("increase", "25", "%")),
                    ("限上商品零售额", None, None, ("increase", "19.2", "%")),
                ],
                "规上工业总产值预计同比增长25%,限上商品批发额、零售额预计分别同比增长11.7%、19.2%",
            ),
            (
                "经济发展",
                "累计招引企业1054家。",
                [("招引企业", "1054", "家", None)],
                "累计招引企业1054家",
            ),
            (
                "项目建设",
                "实施稳商扩资项目18个，总投资23.7亿元。",
                [("稳商扩资项目", "18", "个", None), ("稳商扩资项目总投资", "23.7", "亿元", None)],
                "组织实施申洲纺织研究院等稳商扩资项目18个,总投资23.7亿元",
            ),
            (
                "城市建设与管理",
                "累计盘活闲置土地320亩。",
                [("盘活闲置土地", "320", "亩", None)],
                "今年以来累计盘活闲置土地320亩",
            ),
            (
                "社会治理与安全",
                "化解各类纠纷事项5961起。",
                [("化解纠纷事项", "5961", "起", None)],
                "成功化解各类纠纷事项5961起",
            ),
            (
                "民生保障",
                "新增婴幼儿照护驿站和幼托机构共208个托位。",
                [("托位", "208", "个", None)],
                "新增6家社区婴幼儿照护驿站、6家幼托机构共208个托位数",
            ),
        ],
        "targets": [
            (
                "新增高新技术企业认定35家以上。",
                ("高新技术企业认定", "35", "家", None),
                "力争",
                "2025年",
                "力争全年新增高新技术企业认定35家以上",
            ),
            (
                "申报省级以上科技型中小企业250家以上。",
                ("省级以上科技型中小企业", "250", "家", None),
                None,
                "2025年",
                "申报省级以上科技型中小企业250家以上",
            ),
        ],
        "problems": [
            (
                "经济高质量发展新动能有待挖掘，限上批零指标增速随月波动明显。",
                "经济",
                "(一)经济高质量发展新动能有待挖掘",
            ),
            (
                "村级小微园区“厂中厂”现象显著，安全生产规范化创建仍需加力。",
                "安全生产",
                "(二)村级小微园区“厂中厂”现象显著",
            ),
            (
                "高塘片区农业综合体建设需加大投入，道路设施老旧。",
                "城乡建设",
                "(三)高塘片区农业综合体建设需加大投入",
            ),
        ],
    },
    "xicheng": {
        "meta": {
            "title": None,
            "issuer": "西城街道",
            "review_period": {"label": "2022年", "year": 2022, "span": "Y"},
            "published": date(2023, 9, 7),
        },
        "achievements": [
            (
                "经济发展",
                "规模以上工业产值68.48亿元，规模以上工业增加值同比增长0.28%。",
                [
                    ("规模以上工业产值", "68.48", "亿元", None),
                    ("规模以上工业增加值", None, None, ("increase", "0.28", "%")),
                ],
                "全年实现规模以上工业产值68.48亿元,规模以上工业增加值同比增长0.28%",
            ),
            (
                "项目建设",
                "固定资产投资完成6.87亿元、同比增长77.53%，其中工业投资3.15亿元。",
                [
                    ("固定资产投资", "6.87", "亿元", ("increase", "77.53", "%")),
                    ("工业投资", "3.15", "亿元", ("increase", "515.78", "%")),
                ],
                "固定资产投资累计完成 6.87亿元,同比增长77.53 %,其中工业投资完成3.15亿元,同比增长515.78%",
            ),
            (
                "经济发展",
                "完成认定国家高新技术企业3家。",
                [("国家高新技术企业", "3", "家", None)],
                "完成认定国家高新技术企业3家",
            ),
            (
                "社会治理与安全",
                "电诈发案同比下降17.7%，成功调解各类矛盾纠纷1222宗。",
                [
                    ("电诈发案", None, None, ("decrease", "17.7", "%")),
                    ("调解矛盾纠纷", "1222", "宗", None),
                ],
                "电诈发案同比下降17.7%",
            ),
            (
                "城市建设与管理",
                "拆除违章搭建400余处、违规广告牌897块。",
                [("拆除违章搭建", "400", "处", None), ("拆除违规广告牌", "897", "块", None)],
                "拆除违章搭建400余处、违规广告牌897块",
            ),
        ],
        "targets": [
            (
                "力争财政收入、工业增加值、招商引资、外贸出口等数据位于全市前列。",
                None,
                "力争",
                "2023年",
                "力争财政收入、工业增加值、招商引资、外贸出口等数据位于全市前列",
            ),
        ],
        "problems": [],
    },
    "xiasha": {
        "meta": {
            "title": "下沙街道2022年半年度工作总结",
            "issuer": "下沙街道",
            "review_period": {"label": "2022年上半年", "year": 2022, "span": "H1"},
            "published": date(2022, 12, 2),
        },
        "achievements": [
            (
                "经济发展",
                "上半年税收收入同比增长22.1%，地方财政收入4.4亿元、同比增长12.6%。",
                [
                    # Wrong scale on purpose (万 for 亿): an open flag in the briefing.
                    ("税收收入", "8.3", "万元", ("increase", "22.1", "%")),
                    ("地方财政收入", "4.4", "亿元", ("increase", "12.6", "%")),
                ],
                "街道完成税收收入8.3亿元,同比增长22.1%;地方财政收入4.4亿元,同比增长12.6%",
            ),
            (
                "经济发展",
                "规上工业总产值34.3亿元、同比下降3.9%；消费品零售总额21.1亿元；固定资产投资29.6亿元、同比增长31.8%。",
                [
                    ("规上工业总产值", "34.3", "亿元", ("decrease", "3.9", "%")),
                    ("消费品零售总额", "21.1", "亿元", ("increase", "8.1", "%")),
                    ("固定资产投资", "29.6", "亿元", ("increase", "31.8", "%")),
                ],
                "规上工业总产值34.3亿元,同比下降3.9%;消费品零售总额21.1亿元,同比增长8.1%;固定资产投资29.6亿元,同比增长31.8%",
            ),
            (
                "经济发展",
                "完成楼宇税收5.4亿元，同比增长25%。",
                [("楼宇税收", "5.4", "亿元", ("increase", "25", "%"))],
                "完成楼宇税收5.4亿元,同比增长25%",
            ),
            (
                "民生保障",
                "发布就业岗位8102个，发放各类就业创业补贴1685万元。",
                [("就业岗位", "8102", "个", None), ("就业创业补贴", "1685", "万元", None)],
                "完成8102个就业岗位发布,协助1846人实现新增就业与再就业,发放各类就业创业补贴1685万元",
            ),
            (
                "社会治理与安全",
                "办理信访件2643件，综合满意率85.83%。",
                [("信访件", "2643", "件", None), ("综合满意率", "85.83", "%", None)],
                "办理信访件2643件,反馈率、办结率100%,综合满意率85.83%",
            ),
        ],
        "targets": [
            (
                "城镇登记失业率控制在2%以内。",
                ("城镇登记失业率", "2", "%", None),
                "确保",
                "2022年",
                "确保城镇登记失业率控制在2%以内",
            ),
            (
                "年内完成企退人员体检7000人以上。",
                ("企退人员体检", "7000", "人", None),
                "确保",
                "2022年",
                "确保年内完成企退人员体检7000人以上",
            ),
        ],
        "problems": [],
    },
}

# Review decisions: (report, item id, field) → (review, corrected value).
REVIEWS: dict[tuple[str, str, str], tuple[str, str | None]] = {
    ("dongliu", "a1", "metrics[1].change"): ("corrected", "-19.3"),
    ("xiaying", "a4", "metrics[0]"): ("accepted", None),
}
# A figure a reviewer rejected: the pipeline drops the metric and keeps the check, marked.
REJECTED: dict[str, tuple[str, str, str]] = {"xicheng": ("a5", "metrics[2]", "999块")}

CONTEXT = 40


def _locate(claim: str, text: str, near: int) -> tuple[int, int] | None:
    """Where a printed figure stands, ignoring spaces (77.53 % prints 77.53%); nearest `near`."""
    pattern = r"\s*".join(re.escape(char) for char in claim)
    hits = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    if not hits:
        return None
    return min(hits, key=lambda hit: abs(hit[0] - near))


def _check(check_id: str, item_id: str, field: str, claim: str, text: str, near: int) -> Check:
    span = _locate(claim, text, near)
    if span is None:
        start = max(0, near - CONTEXT)
        return Check(
            id=check_id,
            item_id=item_id,
            field=field,
            claim=claim,
            status="not_found",
            context=text[start : near + CONTEXT],
            context_start=start,
            message="原文中找不到该数字",
        )
    start, end = span
    context_start = max(0, start - CONTEXT)
    return Check(
        id=check_id,
        item_id=item_id,
        field=field,
        claim=claim,
        status="verified",
        mention=NumberMention(raw=text[start:end], start=start, end=end, value=Decimal(0)),
        context=text[context_start : end + CONTEXT],
        context_start=context_start,
    )


def _metric(fig: Fig) -> Metric:
    name, value, unit, change = fig
    return Metric(
        name=name,
        value=None if value is None else float(value),
        value_hi=None,
        unit=unit,
        qualifier=None,
        change=None
        if change is None
        else Change(direction=change[0], amount=float(change[1]), unit=change[2], basis="同比"),  # type: ignore[arg-type]
        raw=None if value is None else f"{value}{unit or ''}",
        derived=False,
    )


def _figure_checks(
    fig: Fig, item_id: str, field: str, text: str, near: int, next_id: Any
) -> list[Check]:
    _name, value, unit, change = fig
    checks = []
    if value is not None:
        checks.append(_check(next_id(), item_id, field, f"{value}{unit or ''}", text, near))
    if change is not None:
        checks.append(
            _check(next_id(), item_id, f"{field}.change", f"{change[1]}{change[2]}", text, near)
        )
    return checks


def build_summary(name: str) -> ReportSummary:
    """The ReportSummary of one seed report (`xiaying`, `dongliu`, `xinqi`, `xicheng`, `xiasha`)."""
    spec = SPECS[name]
    path = SEED_REPORTS[name]
    text = path.read_text(encoding="utf-8")
    counter = iter(range(1, 1000))

    def next_id() -> str:
        return f"c{next(counter)}"

    checks: list[Check] = []
    achievements = []
    for index, (category, summary, figs, evidence) in enumerate(spec["achievements"], start=1):
        at = text.find(evidence)
        assert at >= 0, f"{name}: evidence not in the report: {evidence}"
        item_id = f"a{index}"
        for position, fig in enumerate(figs):
            checks += _figure_checks(fig, item_id, f"metrics[{position}]", text, at, next_id)
        achievements.append(
            AchievementItem(
                id=item_id,
                section_id="s1",
                summary=summary,
                category=category,
                metrics=[_metric(fig) for fig in figs],
                evidence=evidence,
                start=at,
                end=at + len(evidence),
            )
        )
    targets = []
    for index, (summary, fig, qualifier, period, evidence) in enumerate(spec["targets"], start=1):
        at = text.find(evidence)
        assert at >= 0, f"{name}: evidence not in the report: {evidence}"
        item_id = f"t{index}"
        if fig is not None:
            checks += _figure_checks(fig, item_id, "metric", text, at, next_id)
        targets.append(
            TargetItem(
                id=item_id,
                section_id="s2",
                summary=summary,
                metric=None if fig is None else _metric(fig),
                qualifier=qualifier,
                period=period,
                evidence=evidence,
                start=at,
                end=at + len(evidence),
            )
        )
    problems = []
    for index, (summary, area, evidence) in enumerate(spec["problems"], start=1):
        at = text.find(evidence)
        assert at >= 0, f"{name}: evidence not in the report: {evidence}"
        problems.append(
            ProblemItem(
                id=f"p{index}",
                section_id="s3",
                summary=summary,
                area=area,
                evidence=evidence,
                start=at,
                end=at + len(evidence),
            )
        )
    for check in checks:
        decision = REVIEWS.get((name, check.item_id, check.field))
        if decision is not None:
            check.review, check.corrected_value = decision
            if check.status == "verified":
                check.status = "qualifier_mismatch"  # the figure printed 近50: a real flag
                check.message = "原文为“近50场”，缺少限定词"
    if name in REJECTED:
        item_id, field, claim = REJECTED[name]
        checks.append(
            Check(
                id=next_id(),
                item_id=item_id,
                field=field,
                claim=claim,
                status="not_found",
                review="rejected",
            )
        )
    meta = ReportMeta(path=str(path), kind="工作总结", **spec["meta"])
    return ReportSummary(
        report=meta,
        text_length=len(text),
        provider="rules",
        model=None,
        prompt_version=None,
        generated_at="2025-01-01T00:00:00+00:00",
        achievements=achievements,
        targets=targets,
        problems=problems,
        checks=checks,
        flags=[c for c in checks if c.is_flag and c.review is None],
    )


ALL = ("xiaying", "dongliu", "xinqi", "xicheng", "xiasha")


def all_summaries() -> list[ReportSummary]:
    return [build_summary(name) for name in ALL]


KEYS = {
    "xiaying": "ningbo-xiaying-2023h1",
    "dongliu": "ningbo-dongliu-2023",
    "xinqi": "beilun-xinqi-2024",
    "xicheng": "yongkang-xicheng-2022",
    "xiasha": "hangzhou-xiasha-2022h1",
}


@pytest.fixture(scope="module")
def summaries() -> list[ReportSummary]:
    return all_summaries()


def _group(
    briefing: brief_model.Briefing, metric_id: str, span: str
) -> brief_model.ComparisonGroup:
    for group in briefing.comparison:
        if group.metric.id == metric_id and group.span == span:
            return group
    raise AssertionError(f"no comparison group {metric_id}/{span}")


def _cells(group: brief_model.ComparisonGroup) -> dict[str, brief_model.ComparisonCell]:
    return {cell.report_key: cell for cell in group.cells}


# --------------------------------------------------------------------------- metric catalog


@pytest.mark.parametrize(
    ("name", "unit", "expected", "measure"),
    [
        ("地区生产总值", "亿元", "gdp", "level"),
        ("生产总值", "亿元", "gdp", "level"),
        ("GDP", "亿元", "gdp", "level"),
        ("全年实现地区生产总值", "亿元", "gdp", "level"),
        ("地区生产总值", "%", "gdp", "growth"),
        ("地区生产总值增速", None, "gdp", "growth"),
        ("财政总收入", "亿元", "fiscal_total_revenue", "level"),
        ("一般公共预算收入", "亿元", "general_budget_revenue", "level"),
        ("其中一般公共预算收入", "亿元", "general_budget_revenue", "level"),
        ("地方财政收入", "亿元", "general_budget_revenue", "level"),
        ("固定资产投资", "亿元", "fixed_asset_investment", "level"),
        ("全社会固定资产投资", "亿元", "fixed_asset_investment", "level"),
        ("社会消费品零售总额", "亿元", "retail_sales", "level"),
        ("消费品零售总额", "亿元", "retail_sales", "level"),
        ("限上社会消费品零售总额", "亿元", "retail_sales_above_quota", "level"),
        ("限额以上社会消费品零售总额", "亿元", "retail_sales_above_quota", "level"),
        ("限上零售企业社会消费品零售总额", "亿元", "retail_sales_above_quota", "level"),
        ("规模以上工业增加值", None, "industrial_value_added_above_scale", "level"),
        ("规模以上工业产值", "亿元", "industrial_output_above_scale", "level"),
        ("楼宇税收", "亿元", "building_tax_revenue", "level"),
    ],
)
def test_catalog_resolves_printed_names(
    name: str, unit: str | None, expected: str, measure: str
) -> None:
    ref = metrics_catalog.resolve(name, unit)
    assert ref is not None
    assert (ref.metric.id, ref.measure) == (expected, measure)


def test_catalog_keeps_different_measures_apart() -> None:
    ids = {
        name: (ref.metric.id if (ref := metrics_catalog.resolve(name)) else None)
        for name in (
            "财政总收入",
            "一般公共预算收入",
            "社会消费品零售总额",
            "限上社会消费品零售总额",
        )
    }
    assert len(set(ids.values())) == 4
    # Ambiguous or derived quantities compare with nothing rather than with the wrong thing.
    assert metrics_catalog.resolve("财政收入") is None
    assert metrics_catalog.resolve("工业增加值") is None
    assert metrics_catalog.resolve("税收收入占比", "%") is None


def test_catalog_file_is_consistent() -> None:
    metrics = metrics_catalog.catalog()
    assert len({m.id for m in metrics}) == len(metrics)
    assert all(m.id.isascii() and m.en for m in metrics)
    assert metrics_catalog.by_id("gdp") is not None


# --------------------------------------------------------------------------- model


def test_single_report_model(summaries: list[ReportSummary]) -> None:
    briefing = build_briefing(summaries[:1])
    report = briefing.reports[0]
    assert not briefing.multi and briefing.comparison == [] and briefing.recurring == []
    headline = {f.metric_id: f for f in report.headline}
    assert list(headline)[:3] == ["gdp", "fiscal_total_revenue", "general_budget_revenue"]
    gdp = headline["gdp"]
    assert (gdp.value, gdp.unit, gdp.status) == (Decimal("15.93"), "亿元", "verified")
    assert gdp.change is not None and gdp.change.signed == Decimal("10.6")
    # The figure the reviewer accepted (近50场 printed as 50场) is reviewed, not open.
    volunteer = next(f for f in report.figures() if f.name == "志愿服务活动")
    assert volunteer.status == "accepted"
    assert report.flags == []
    assert briefing.counts.flagged == 0 and briefing.counts.reviewed == 1


def test_reports_of_different_periods_are_never_ranked(summaries: list[ReportSummary]) -> None:
    """The seeds review 2023 H1, 2023, 2024, 2022 and 2022 H1: no two share a period, so
    nothing is ranked (a 2022 figure beside a 2023 one would compare unlike with unlike; the
    corpus tests in test_briefing_corpus.py rank reports of one year)."""
    briefing = build_briefing(summaries)
    assert briefing.comparison == []


def test_review_decisions_are_applied(summaries: list[ReportSummary]) -> None:
    briefing = build_briefing(summaries)
    report = briefing.report(KEYS["dongliu"])
    budget = next(f for f in report.headline if f.metric_id == "general_budget_revenue")
    assert budget.status == "corrected"
    assert budget.change is not None and budget.change.signed == Decimal("-19.3")
    assert budget.corrected_from == "19.8%"
    assert briefing.counts.reviewed == 3  # corrected, accepted, rejected
    flagged = {(f.report_key, f.claim) for f in briefing.flags()}
    assert (KEYS["xiasha"], "8.3万元") in flagged
    assert not any(claim == "999块" for _, claim in flagged)
    assert all(f.check_id for f in briefing.flags())


def test_targets_and_recurring_problems(summaries: list[ReportSummary]) -> None:
    briefing = build_briefing(summaries)
    # 目标完成情况: the seeds' targets, none settled (no later report of the same 街道).
    targets = {(r.metric_id, r.target.report, r.period.label) for r in briefing.track_rows}
    assert ("gdp", KEYS["dongliu"], "2024年") in targets
    assert ("fixed_asset_investment", KEYS["dongliu"], "2024年") in targets
    assert {r.status for r in briefing.track_rows} == {"no outcome reported"}
    areas = {group.area: {who for who, _ in group.entries} for group in briefing.recurring}
    assert areas["经济发展"] == {"东柳街道", "新碶街道"}
    assert areas["安全与治理"] == {"东柳街道", "新碶街道"}
    assert "营商环境" not in areas  # only one report raised it


def test_report_without_title_is_named_by_issuer_and_period(
    summaries: list[ReportSummary],
) -> None:
    briefing = build_briefing(summaries)
    assert briefing.report(KEYS["xinqi"]).title == "新碶街道 2024年"


# --------------------------------------------------------------------------- Markdown


def test_markdown_one_report(tmp_path: Path, summaries: list[ReportSummary]) -> None:
    out = tmp_path / "one.md"
    written = write_briefing(summaries[:1], out)
    assert written == [out]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 工作报告简报")
    assert "## 宁波市鄞州区下应街道2023年上半年工作总结" in text
    assert "| 地区生产总值 | 15.93 | 亿元 | 同比+10.6% | ✓ 已核对 |" in text
    assert "跨报告对比" not in text
    assert not chart_path_for(out).exists()
    assert "没有待核数字。" in text


def test_markdown_all_reports(tmp_path: Path, summaries: list[ReportSummary]) -> None:
    out = tmp_path / "all.md"
    csv_file = tmp_path / "compare.csv"
    written = write_briefing(summaries, out, csv_path=csv_file)
    # No chart: the seeds share no period, so no growth rate is compared.
    assert set(written) == {out, csv_file} and not chart_path_for(out).exists()
    text = out.read_text(encoding="utf-8")
    # Overview first, with a table of contents, then 目标完成情况, then each report.
    order = [
        "## 目录",
        "## 概览",
        "## 目标完成情况",
        "## 跨报告对比",
        "## 待核数字",
        "## 各报告详情",
    ]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    assert "1. [概览](#概览)" in text
    assert "| 东柳街道 | 地区生产总值 | 2024年 | 增长8%（ningbo-dongliu-2023） |" in text
    assert "| 东柳街道2023年工作总结和2024年工作思路 | 东柳街道 | 2023年 |" in text
    assert "**税收收入 8.3万元 同比+22.1%** ⚑ 待核" in text
    flag_part = text.split("## 待核数字", 1)[1].split("## 各报告详情", 1)[0]
    assert "8.3万元" in flag_part and "8.3亿元" in flag_part  # the source text around it
    assert "999块" not in text


def test_markdown_neutralises_report_html(summaries: list[ReportSummary]) -> None:
    hostile = summaries[0].model_copy(deep=True)
    hostile.achievements[
        0
    ].summary = '<script>alert("x")</script> | **粗体** [链接](http://example.com)'
    text = render_markdown(build_briefing([hostile]))
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "\\[链接\\](http://example.com)" in text and "\\*\\*粗体\\*\\*" in text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_md_escape_leaves_no_raw_markup(text: str) -> None:
    escaped = md(text)
    assert "<" not in escaped and ">" not in escaped and "\n" not in escaped
    assert re.search(r"(?<!\\)[|`*_\[\]]", escaped) is None


# --------------------------------------------------------------------------- HTML


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _table_rows(table: Any) -> list[list[str]]:
    return [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.find_all("tr")[1:]
    ]


def test_html_one_report(tmp_path: Path, summaries: list[ReportSummary]) -> None:
    out = tmp_path / "one.html"
    write_briefing(summaries[1:2], out)
    soup = _soup(out)
    assert soup.find("h2").get_text() == "东柳街道2023年工作总结和2024年工作思路"
    rows = _table_rows(soup.select_one("table.headline"))
    gdp = next(row for row in rows if row[0] == "地区生产总值")
    assert gdp[1:4] == ["60.3", "亿元", "同比−6.2%"]
    corrected = next(row for row in rows if row[0] == "一般公共预算收入")
    assert corrected[3] == "同比−19.3%" and corrected[4].startswith("✎ 已更正")
    assert soup.find(id="across") is None and soup.find("img") is None


def test_html_all_reports(tmp_path: Path, summaries: list[ReportSummary]) -> None:
    out = tmp_path / "all.html"
    write_briefing(summaries, out)
    soup = _soup(out)
    # Overview first: a table of contents, then a row per report linking to its detail.
    ids = [tag["id"] for tag in soup.select("body > nav, body > section")]
    assert ids == ["toc", "overview", "track", "across", "flags", "reports"]
    links = [a["href"] for a in soup.select("#overview table a")]
    assert links == [f"#report-{KEYS[name]}" for name in ALL]
    assert all(soup.find(id=link[1:]) is not None for link in links)
    # 目标完成情况: the seeds' targets, folded, none settled.
    track = _table_rows(soup.select_one("#track table.track-open"))
    assert track[1][:3] == ["东柳街道", "地区生产总值", "2024年"] or any(
        row[:3] == ["东柳街道", "地区生产总值", "2024年"] for row in track
    )
    # Each report folded in its <details>, with its headline table; the flagged list with
    # source text.
    details = soup.select("details.report-detail")
    assert len(details) == 5 and not any(d.has_attr("open") for d in details)
    assert len(soup.select("section.report")) == 5
    assert len(soup.select("table.headline")) == 5
    flags = soup.select("#flags li.flag")
    assert any("8.3万元" in li.get_text() and "8.3亿元" in li.get_text() for li in flags)
    assert soup.select_one("img.chart") is None  # nothing compared, nothing charted


def test_html_is_self_contained_and_inert(summaries: list[ReportSummary]) -> None:
    hostile = summaries[0].model_copy(deep=True)
    payload = '<script>document.title="pwned"</script><img src="http://evil.example/x.png">'
    hostile.achievements[0].summary = payload
    hostile.report.title = "</title><script>alert(1)</script>"
    soup = BeautifulSoup(render_html(build_briefing([hostile, summaries[1]])), "lxml")
    assert soup.find("script") is None
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:")
    for tag in soup.find_all(href=True):
        assert tag["href"].startswith("#")
    assert payload in soup.get_text()
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in csp["content"]


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_html_shows_any_report_text_verbatim(text: str) -> None:
    summary = build_summary("xiaying")
    summary.problems = [
        ProblemItem(id="p1", section_id="s", summary=text, area=None, evidence=text)
    ]
    soup = BeautifulSoup(render_html(build_briefing([summary])), "lxml")
    assert soup.find("script") is None
    shown = soup.select_one("ul.problems li").get_text()
    # Whitespace and control characters aside, the text reads back as the report gave it.
    assert " ".join(text.split()) in " ".join(shown.split()) or not text.isprintable()


# --------------------------------------------------------------------------- DOCX


def _docx_tables(path: Path) -> list[list[list[str]]]:
    document = Document(str(path))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_docx_one_report(tmp_path: Path, summaries: list[ReportSummary]) -> None:
    out = tmp_path / "one.docx"
    write_briefing(summaries[4:5], out)
    document = Document(str(out))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "下沙街道2022年半年度工作总结") in headings
    assert ("Heading 2", "主要指标") in headings and ("Heading 1", "待核数字") in headings
    table = _docx_tables(out)[0]
    assert table[0] == ["指标", "数值", "单位", "变化", "核对"]
    tax = next(row for row in table if row[0] == "税收收入")
    assert tax[1:3] == ["8.3", "万元"] and tax[4] == "⚑ 待核"
    assert len(document.inline_shapes) == 0


def test_docx_all_reports(tmp_path: Path, summaries: list[ReportSummary]) -> None:
    out = tmp_path / "all.docx"
    write_briefing(summaries, out, lang="zh")
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["目录", "概览", "目标完成情况", "跨报告对比", "待核数字", "各报告详情"]
    reports = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "新碶街道 2024年" in reports
    overview = _docx_tables(out)[0]
    assert overview[0][:3] == ["报告", "发布机构", "时期"] and len(overview) == 6
    assert len(document.inline_shapes) == 0  # no chart: nothing compared
    # Chinese text needs the East-Asian font slot set, in body text and in headings.
    styles = zipfile.ZipFile(out).read("word/styles.xml").decode("utf-8")
    assert styles.count('w:eastAsia="Microsoft YaHei"') >= 3
    for name in ("Normal", "Heading 1"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


# --------------------------------------------------------------------------- CSV, English, files


def test_csv_comparison_table_of_reports_that_share_no_period(
    tmp_path: Path, summaries: list[ReportSummary]
) -> None:
    csv_file = tmp_path / "c.csv"
    write_briefing(summaries, tmp_path / "b.html", csv_path=csv_file)
    raw = csv_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1:] == []  # see test_briefing_corpus.py for reports of one year


def test_english_labels(tmp_path: Path, summaries: list[ReportSummary]) -> None:
    out = tmp_path / "en.md"
    write_briefing(summaries, out, lang="en")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Work report briefing")
    assert "## Across reports" in text and "### Shared headline metrics" in text
    assert "## Targets and outcomes" in text and "no outcome reported" in text
    assert "| 东柳街道 | GDP | 2024年 | growth 8%" in text
    assert "✎ corrected (was 19.8%)" in text
    assert "#### Economic development" in text  # achievement category in English
    assert "跨报告对比" not in text


def test_bad_format_and_language(tmp_path: Path, summaries: list[ReportSummary]) -> None:
    with pytest.raises(OutputError, match=r"\.pdf"):
        write_briefing(summaries, tmp_path / "b.pdf")
    with pytest.raises(ConfigError, match="fr"):
        write_briefing(summaries, tmp_path / "b.md", lang="fr")
    with pytest.raises(ConfigError, match="nothing to brief"):
        write_briefing([], tmp_path / "b.md")


def test_write_is_atomic(
    tmp_path: Path, summaries: list[ReportSummary], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "b.html"
    out.write_text("previous briefing", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left"):
        write_briefing(summaries, out)
    assert out.read_text(encoding="utf-8") == "previous briefing"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.html"]
