"""figures/: who owns each figure, on sentences quoted from real reports (../shared/corpus), and
the metric_id every metric of a ReportSummary carries."""

from __future__ import annotations

import pytest

from summarizer.assemble import build_summary
from summarizer.document.chunking import chunk
from summarizer.figures import Figure, read_figures
from summarizer.models import Achievement, ChunkResult, Document, Metric
from summarizer.numbers import extract_numbers
from summarizer.providers.base import Extraction
from summarizer.providers.rules import RulesProvider


def _read(text: str) -> dict[str, Figure]:
    return {f.mention.raw: f for f in read_figures(text, extract_numbers(text))}


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        # 宁波市-2019: A、B分别增长X、Y, the head 增加值 written out for both.
        (
            "交通运输业、营利性服务业增加值分别增长9.5%和16.9%。",
            {"9.5%": "交通运输业增加值", "16.9%": "营利性服务业增加值"},
        ),
        # 哈尔滨市-2025: levels inline, then 分别 for their growth; 外资 is 实际利用外资.
        (
            "实际利用内资1364.8亿元、外资1.6亿美元，分别增长18.5%、1.8%。",
            {
                "1364.8亿元": "实际利用内资",
                "1.6亿美元": "实际利用外资",
                "18.5%": "实际利用内资",
                "1.8%": "实际利用外资",
            },
        ),
        # 南宁市-2020: 分别 before the list of names.
        (
            "分别新增国家级、自治区级农业产业化重点龙头企业3家、5家。",
            {
                "3家": "新增国家级农业产业化重点龙头企业",
                "5家": "新增自治区级农业产业化重点龙头企业",
            },
        ),
        # 宁波市-2019: 城乡 stands for both, and the growth list pairs the same way.
        (
            "城乡居民人均可支配收入分别为60134元和33633元，增长8%和8.9%。",
            {
                "60134元": "城镇居民人均可支配收入",
                "33633元": "农村居民人均可支配收入",
                "8%": "城镇居民人均可支配收入",
                "8.9%": "农村居民人均可支配收入",
            },
        ),
        # 杭州市-2021: 存贷款余额 is two metrics.
        (
            "全市金融机构本外币存贷款余额分别为5.4万亿元、5万亿元，分别增长19.8%、17.9%。",
            {"5.4万亿元": "金融机构本外币存款余额", "5万亿元": "金融机构本外币贷款余额"},
        ),
    ],
)
def test_respectively_lists_hand_out_one_name_per_figure(text: str, owners: dict[str, str]) -> None:
    figures = _read(text)
    assert {raw: figures[raw].name for raw in owners} == owners


@pytest.mark.parametrize(
    ("text", "raw", "each"),
    [
        # 杭州市-2021: one cut for four kinds of spending.
        (
            "带头过“紧日子”，一般性支出、“三公”经费、培训费和会议费均压减10%，",
            "10%",
            ("一般性支出", "“三公”经费", "培训费", "会议费"),
        ),
        # 深圳市-2019: 各 before the figure.
        (
            "新推出“秒批”服务和“不见面审批”事项各200项",
            "200项",
            ("新推出“秒批”服务", "“不见面审批”事项"),
        ),
        # 辽宁省-2001: 和 joins the two rates.
        (
            "城市污水处理率和垃圾无害化处理率均超过60%",
            "超过60%",
            ("城市污水处理率", "垃圾无害化处理率"),
        ),
        # Not lists: 年均 and 人均 are words; 优质均衡 is no 均 list; 采、炼 abbreviate.
        ("城乡居民收入年均增长8%", "8%", ()),
        ("创建国家学前教育普及普惠县3个、义务教育优质均衡发展县6个", "6个", ()),
        ("三五年内形成采、炼各1000万吨的生产能力", "1000万吨", ()),
    ],
)
def test_a_jun_list_gives_its_figure_to_each_name(
    text: str, raw: str, each: tuple[str, ...]
) -> None:
    assert _read(text)[raw].each == each


def test_a_change_belongs_to_the_level_before_it() -> None:
    figures = _read("外贸进出口总额达到4万亿元以上、增长16.5%。")
    change = figures["16.5%"]
    assert change.is_change and change.kind == "growth"
    assert change.level is figures["达到4万亿元以上"] and change.name == "外贸进出口总额"


def test_shares_per_unit_figures_and_totals_are_named_as_such() -> None:
    # 宁波市-2019: the share of the metric before it.
    figures = _read("服务业增加值增长8.1%，占地区生产总值比重提高到45.9%。")
    share = figures["45.9%"]
    assert (share.name, share.kind, share.metric_id) == (
        "服务业增加值占地区生产总值比重",
        "share",
        None,
    )
    # 河北省-1998: 人均 of the metric before it, never GDP itself.
    figures = _read("1997年，全省国内生产总值达3950亿元，人均达6073元。")
    assert figures["达3950亿元"].metric_id == "gdp"
    per_capita = figures["达6073元"]
    assert (per_capita.name, per_capita.kind, per_capita.metric_id) == (
        "人均国内生产总值",
        "per_unit",
        None,
    )
    # 贵州省-2003: a five-year sum is a total over several years.
    total = _read("五年累计完成全社会固定资产投资2207亿元，比前五年增长1.5倍以上。")
    assert (total["2207亿元"].kind, total["2207亿元"].multi_year) == ("total", True)
    assert (total["1.5倍以上"].kind, total["1.5倍以上"].multi_year) == ("growth", True)


def test_a_threshold_stays_in_the_metric() -> None:
    # 佛山市-2025: 亿元以上项目 and 10亿元以上重大产业项目 are different metrics.
    figures = _read("新签约亿元以上项目910个、增长70.4%，其中10亿元以上重大产业项目107个。")
    assert (figures["910个"].name, figures["910个"].scope) == ("新签约亿元以上项目", "亿元以上")
    assert figures["10亿元以上"].threshold
    assert (figures["107个"].name, figures["107个"].scope) == (
        "10亿元以上重大产业项目",
        "10亿元以上",
    )


def test_every_metric_in_the_json_carries_its_catalogue_id() -> None:
    text = (
        "全年实现地区生产总值15.93亿元，同比增长10.6%，人均地区生产总值达到12.3万元，"
        "单位地区生产总值能耗下降3.2%，第三产业增加值占地区生产总值比重达到55%。"
    )
    doc = Document(text=text)
    sections = chunk(doc)
    provider = RulesProvider()
    results = [(s, Extraction(provider.extract_sync(s, doc.meta)), None, False) for s in sections]
    summary = build_summary(doc, sections, results, provider)
    ids = {m.name: m.metric_id for a in summary.achievements for m in a.metrics}
    assert ids["地区生产总值"] == "gdp"
    assert ids["人均地区生产总值"] is None
    assert ids["单位地区生产总值能耗"] is None
    assert ids["第三产业增加值占地区生产总值比重"] is None
    assert not summary.flags
    # A model's metric gets its id by the same rule.
    llm = Metric(
        name="GDP",
        value=15.93,
        value_hi=None,
        unit="亿元",
        qualifier=None,
        change=None,
        raw=None,
        derived=False,
    )
    results = [
        (
            s,
            Extraction(
                ChunkResult(
                    achievements=[
                        Achievement(
                            summary="x",
                            category="经济发展",
                            metrics=[llm],
                            evidence="全年实现地区生产总值15.93亿元",
                        )
                    ],
                    targets=[],
                    problems=[],
                )
            ),
            None,
            False,
        )
        for s in sections[:1]
    ]
    summary = build_summary(doc, sections[:1], results, provider)
    dumped = summary.model_dump(mode="json")
    assert dumped["achievements"][0]["metrics"][0]["metric_id"] == "gdp"
    assert not summary.flags
