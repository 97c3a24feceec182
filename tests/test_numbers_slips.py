"""The number-parsing slips found on real reports (issue 12), each on the sentence it was found in.

Sentences are quoted from reports of the development corpus (../shared/corpus), so these tests
need no corpus on disk. Each slip is checked through the numbers stage, and where a provider
reports the figure, through the rules provider and the cross-check too.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarizer.assemble import build_summary
from summarizer.document.chunking import chunk
from summarizer.models import Document, NumberMention, Section
from summarizer.numbers import extract_numbers
from summarizer.providers.base import Extraction
from summarizer.providers.rules import RulesProvider


def _mentions(text: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [
        (m.raw, str(m.value), None if m.value_hi is None else str(m.value_hi), m.unit, m.direction)
        for m in extract_numbers(text)
    ]


def _at(text: str, raw: str) -> NumberMention:
    found = [m for m in extract_numbers(text) if m.raw == raw]
    assert len(found) == 1, (raw, _mentions(text))
    return found[0]


def test_lingbujian_is_not_a_zero() -> None:
    # 上海市-2022: 零部件 (parts) was read as the number 0 with the unit 部.
    text = "实施国产设备、零部件、材料、设计软件等补链强链行动"
    assert _mentions(text) == []
    # 零 as a numeral still reads where it is one.
    assert _mentions("增长零点五个百分点")[0][1:4] == ("0.5", None, "个百分点")


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        # 东莞市-2023, 佛山市-2025: 500千伏 was normalised to 500000 千.
        ("提升电网可靠性，推动500千伏东莞西南部受电通道等工程", "500千伏"),
        ("开工建设500千伏楚庭第二通道线路工程", "500千伏"),
    ],
)
def test_kilovolts_are_a_unit_not_the_scale_qian(text: str, raw: str) -> None:
    mention = _at(text, raw)
    assert (mention.value, mention.unit, mention.scale) == (Decimal(500), "千伏", None)


def test_si_prefixed_units_keep_their_prefix() -> None:
    text = "新增装机120万千瓦，建成高速公路1200千米，年产3千克"
    got = [(m.value, m.unit, m.scale) for m in extract_numbers(text)]
    assert got == [
        (Decimal(1200000), "千瓦", "万"),
        (Decimal(1200), "公里", None),
        (Decimal(3), "公斤", None),
    ]


def test_micrograms_per_cubic_metre_and_their_decreases() -> None:
    # 上海市-2022 and 昆明市/贵阳市-style sentences: the unit was dropped (27 with no unit) and
    # the decrease of a concentration was missed.
    text = "PM2.5年均浓度为27微克/立方米、下降15.6%。"
    level = _at(text, "27微克/立方米")
    assert (level.value, level.unit, level.direction) == (Decimal(27), "微克/立方米", None)
    assert _at(text, "15.6%").direction == "decrease"
    text = "PM2.5浓度较“十三五”均值下降超10微克/立方米，灰霾问题基本解决。"
    fall = _at(text, "超10微克/立方米")
    assert (fall.value, fall.unit, fall.bound, fall.direction) == (
        Decimal(10),
        "微克/立方米",
        "lower",
        "decrease",
    )


@pytest.mark.parametrize(
    ("text", "raw", "unit"),
    [
        # 广州市-2020, 上海市-2022: counts with the classifiers 类 and 项.
        ("白酒、饮料等10类食品，免费为市民提供快检服务", "10类", "类"),
        ("汇聚数据753类57.1亿条", "753类", "类"),
        ("深入推进临港新片区总体方案明确的78项制度创新任务", "78项", "项"),
        ("持续稳定增长，10种有色金属产量", "10种", "种"),
    ],
)
def test_counts_with_a_classifier(text: str, raw: str, unit: str) -> None:
    mention = _at(text, raw)
    assert mention.unit == unit and mention.comparable


@pytest.mark.parametrize(
    "separator",
    # 南京市-2019 prints the em dash, 福建省-2004 the full-width hyphen; the ASCII hyphen, 至 and
    # the wave dash are the other forms reports use.
    ["—", "－", "-", "至", "～"],
)
def test_ranges_are_read_whole(separator: str) -> None:
    text = f"主要预期指标是：地区生产总值增长7.5%{separator}8%；一般公共预算收入增长8%。"
    mention = _at(text, f"7.5%{separator}8%")
    assert (mention.value, mention.value_hi, mention.unit, mention.precision) == (
        Decimal("7.5"),
        Decimal(8),
        "%",
        1,
    )
    # The rules provider reports the range as one target, and the cross-check verifies it.
    plan = Section(
        id="s1",
        heading_path=["二、2019年工作安排"],
        level=1,
        role="plan",
        start=0,
        end=len(text),
        text=text,
    )
    result = RulesProvider().extract_sync(plan, Document(text=text).meta)
    ranged = [t.metric for t in result.targets if t.metric is not None and t.metric.value_hi]
    assert [(m.value, m.value_hi, m.unit) for m in ranged] == [(7.5, 8.0, "%")]
    doc = Document(text=text)
    sections = chunk(doc)
    provider = RulesProvider()
    results = [(s, Extraction(provider.extract_sync(s, doc.meta)), None, False) for s in sections]
    summary = build_summary(doc, sections, results, provider)
    assert not summary.flags, [(f.status, f.claim) for f in summary.flags]


def test_a_range_of_peasant_income_from_fujian() -> None:
    # 福建省-2004, as printed.
    text = "城镇居民人均可支配收入增长8%；农民人均纯收入增长4%－5%；城镇登记失业率控制在4.5%以内。"
    mention = _at(text, "4%－5%")
    assert (mention.value, mention.value_hi, mention.direction) == (
        Decimal(4),
        Decimal(5),
        "increase",
    )
