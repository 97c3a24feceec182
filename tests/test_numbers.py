"""The numbers stage on sentences of the real seed reports: each case is cut from a fixture, so
the test also fails if the fixture text is not what the case claims."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pytest

from summarizer.cli import main
from summarizer.document.ingest import load
from summarizer.models import NumberMention
from summarizer.numbers import extract_numbers, normalise, parse_quantity, scan
from tests.conftest import SEED_REPORTS


@cache
def _text(name: str) -> str:
    return load(SEED_REPORTS[name]).text


def sentence(name: str, fragment: str) -> str:
    """`fragment` as it stands in a seed report (fails loudly if it does not)."""
    assert fragment in _text(name), f"{fragment!r} is not in {name}"
    return fragment


def only(text: str) -> NumberMention:
    found = extract_numbers(text)
    assert len(found) == 1, [m.raw for m in found]
    return found[0]


def raws(text: str) -> list[str]:
    return [m.raw for m in extract_numbers(text)]


# --------------------------------------------------------------------------- values and scales


@pytest.mark.parametrize(
    ("name", "fragment", "value", "unit", "scale", "precision"),
    [
        ("xiaying", "实现地区生产总值15.93亿元", "1593000000", "元", "亿", 2),
        ("xiaying", "实到外资1618万美元", "16180000", "美元", "万", 0),
        ("xiaying", "实现总税收3872.9万元", "38729000", "元", "万", 1),
        ("xinqi", "实现1.1万条政策信息", "11000", "条", "万", 1),
        ("xinqi", "累计拆除防盗窗1.17万扇", "11700", "扇", "万", 2),
        ("dongliu", "规上工业增加值0.38亿元", "38000000", "元", "亿", 2),
        ("xicheng", "每万人拥有公共文化设施面积4164㎡", "4164", "平方米", None, 0),
        ("xiasha", "建筑面积28万方", "280000", "方", "万", 0),
        ("xiaying", "同比增长25.0%", "25.0", "%", None, 1),
        ("xicheng", "年产16万樘高档防盗门", "160000", "樘", "万", 0),
    ],
)
def test_values_are_exact_in_base_units(
    name: str, fragment: str, value: str, unit: str, scale: str | None, precision: int
) -> None:
    m = only(sentence(name, fragment))
    assert m.value == Decimal(value)
    assert (m.unit, m.scale, m.precision) == (unit, scale, precision)


def test_counts_of_people_and_visits_keep_their_own_units() -> None:
    text = sentence("xiasha", "排查密接次密接2629人,转运5526人")
    assert [m.unit for m in extract_numbers(text)] == ["人", "人"]
    assert only(sentence("xiasha", "累计排查3136家次")).unit == "家次"
    assert only(sentence("xicheng", "完成法律咨询345人次")).unit == "人次"
    assert only(sentence("xiasha", "累计完成加强针近10万剂次")).unit == "剂次"


# --------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    ("name", "fragment", "raw", "value", "qualifier", "bound"),
    [
        ("xiasha", "数据核查超17万人次", "超17万人次", "170000", "超", "lower"),
        ("xiasha", "累计核酸检测约821万人次", "约821万人次", "8210000", "约", "approx"),
        ("xiasha", "累计完成加强针近10万剂次", "近10万剂次", "100000", "近", "upper"),
        ("xiasha", "老年人接种逾万人", "逾万人", "10000", "逾", "lower"),
        ("xiasha", "安保力量6700多人次", "6700多人次", "6700", "多", "lower"),
        ("xiasha", "管控27500多人", "27500多人", "27500", "多", "lower"),
        ("dongliu", "创收15余万元", "15余万元", "150000", "余", "lower"),
        ("xinqi", "10.8万余间出租房", "10.8万余间", "108000", "余", "lower"),
        ("xinqi", "其中注册资金1000万以上企业32家", "1000万以上", "10000000", "以上", "lower"),
        ("xiasha", "确保城镇登记失业率控制在2%以内", "2%以内", "2", "以内", "upper"),
        ("xiasha", "14天内实现疫情风险零扩散", "14天内", "14", "内", "upper"),
        ("dongliu", "重点楼宇注册率达89%", "达89%", "89", "达", "exact"),
        ("dongliu", "力争千人口托位数达到4.6个以上", "达到4.6个以上", "4.6", "以上", "lower"),
        ("xiaying", "上半年累计开展志愿服务活动近50场", "近50场", "50", "近", "upper"),
    ],
)
def test_qualifiers_and_the_bound_they_imply(
    name: str, fragment: str, raw: str, value: str, qualifier: str, bound: str
) -> None:
    m = [m for m in extract_numbers(sentence(name, fragment)) if m.raw == raw]
    assert len(m) == 1, raws(fragment)
    assert (m[0].value, m[0].qualifier, m[0].bound) == (Decimal(value), qualifier, bound)


def test_a_word_ending_in_a_qualifier_character_is_not_a_qualifier() -> None:
    # 签约8户: the 约 belongs to 签约.
    m = only(sentence("xiaying", "上半年完成签约8户"))
    assert (m.raw, m.qualifier, m.bound) == ("8户", None, "exact")


# --------------------------------------------------------------------------- direction


def test_direction_from_cue_words() -> None:
    text = sentence(
        "xiasha", "规上工业总产值34.3亿元,同比下降3.9%;消费品零售总额21.1亿元,同比增长8.1%"
    )
    got = [(m.raw, m.direction) for m in extract_numbers(text)]
    assert got == [
        ("34.3亿元", None),
        ("3.9%", "decrease"),
        ("21.1亿元", None),
        ("8.1%", "increase"),
    ]


def test_one_cue_governs_a_list() -> None:
    text = sentence("xinqi", "限上商品批发额、零售额预计分别同比增长11.7%、19.2%")
    assert [(m.raw, m.direction) for m in extract_numbers(text)] == [
        ("11.7%", "increase"),
        ("19.2%", "increase"),
    ]


def test_explicit_minus_signs_in_a_list() -> None:
    text = sentence("dongliu", "一般公共预算收入2亿元,同比分别-6.2%、-19.3%")
    got = [(m.raw, m.value, m.direction) for m in extract_numbers(text)]
    assert got == [
        ("2亿元", Decimal("200000000"), None),
        ("-6.2%", Decimal("6.2"), "decrease"),
        ("-19.3%", Decimal("19.3"), "decrease"),
    ]


def test_qualifier_between_cue_and_figure() -> None:
    m = only(sentence("xinqi", "营利性服务业综合收入预计同比增长超40%"))
    assert (m.direction, m.qualifier, m.bound) == ("increase", "超", "lower")


def test_a_target_level_is_not_a_change() -> None:
    m = only("力争地区生产总值提高到85亿元")
    assert m.direction is None and m.extra.get("level") is True


def test_new_additions_are_counts_not_changes() -> None:
    assert only(sentence("xiaying", "月度规模单位新增3家")).direction is None


# --------------------------------------------------------------------------- Chinese numerals


@pytest.mark.parametrize(
    ("name", "fragment", "value", "unit"),
    [
        ("xiaying", "金银彩绣北侧四个地块", 4, "个"),
        ("dongliu", "全年共举办五场招聘会", 5, "场"),
        ("dongliu", "十项经济指标全年取得", 10, "项"),
        ("dongliu", "完成锦苑、园丁、中兴小区三部电梯加装", 3, "部"),
        ("xiasha", "医药港小镇客厅两个项目", 2, "个"),
        ("xiasha", "针对四批次17件信访积案", 4, "批次"),
    ],
)
def test_chinese_numerals_with_a_unit(name: str, fragment: str, value: int, unit: str) -> None:
    m = extract_numbers(sentence(name, fragment))[0]
    assert (m.value, m.unit) == (Decimal(value), unit)


def test_chinese_numeral_tokens_with_scales_and_percent() -> None:
    m = only("投入资金一千二百万元")
    assert (m.value, m.unit, m.scale) == (Decimal(12000000), "元", "万")
    m = only("占比百分之五")
    assert (m.value, m.unit) == (Decimal(5), "%")
    assert only("增长百分之十点六").value == Decimal("10.6")


def test_numeral_characters_inside_words_are_not_figures() -> None:
    text = sentence("xiaying", "其中一般公共预算收入5.08亿元")
    assert raws(text) == ["5.08亿元"]
    # 十分 (very), 三位一体, 四方社区, 一批, 二次供水: words, not quantities.
    assert raws("十分重要,三位一体,四方社区,一批企业,二次供水工程") == []


# --------------------------------------------------------------------------- not quantities


@pytest.mark.parametrize(
    ("name", "fragment", "rule"),
    [
        ("xiaying", "浙江首店开市客超市于6月20日正式开业", "date"),
        ("xiasha", "成功打赢了“1·26”(滨江)", "event-name"),
        ("xiasha", "面对“4·7下沙社区遭遇战", "event-name"),
        ("xinqi", "成功实现沿海永丰1、2、3号", "plot-name"),
        ("xinqi", "高潮2号等新开区块", "plot-name"),
        ("xiaying", "轨道交通8号线车辆段项目", "plot-name"),
        ("xicheng", "解放街G-05地块挂牌出让", "code"),
        ("xiaying", "以“3341模式”打造一站式服务", "name-suffix"),
        ("xiaying", "推动“15分钟品质文化圈”建设", "quoted-name"),
        ("dongliu", "提炼推广“2332”标准化流程", "quoted-name"),
        ("xicheng", "通过建立14个“1+4+2”", "formula"),
        ("dongliu", "稳步推进第五次经济普查", "ordinal"),
        ("xiasha", "1.全过程推进常规防控", "section-number"),
        ("xicheng", "四方社区8字湖等9处劣Ⅴ类小微水体", "name-suffix"),
        ("dongliu", "启动实施“领未来•幸福家”东柳街道社区发展三年工作规划", "year-span"),
        ("dongliu", "坚定不移落实全面从严治党要求和八项规定最新精神", "name-suffix"),
    ],
)
def test_figures_that_are_not_quantities(name: str, fragment: str, rule: str) -> None:
    text = sentence(name, fragment)
    result = scan(text)
    assert rule in {x.rule for x in result.excluded}, result.excluded
    excluded_spans = [(x.start, x.end) for x in result.excluded if x.rule == rule]
    for m in result.mentions:
        assert not any(s <= m.start < e for s, e in excluded_spans)


def test_a_parenthesis_before_a_count_is_not_a_section_number() -> None:
    text = sentence("xicheng", "(1名班子领导带队,配备4名街道干部和2名村干部)")
    assert raws(text) == ["1名", "4名", "2名"]
    assert raws("（1）强化要素保障") == []


def test_years_of_counting_vs_years_that_date_a_total() -> None:
    assert only("已连续四年获评先进").value == Decimal(4)
    assert only("连续15年保持全市前列").unit == "年"
    assert raws("四年累计投入资金") == []
    assert raws(sentence("xiaying", "2023年上半年")) == []


def test_index_numbers_and_timestamps() -> None:
    # The clean stage drops the 索引号 table, so this case reads the raw file.
    text = "索引号 | K16059504/2024-117342 |"
    assert text in SEED_REPORTS["dongliu"].read_text("utf-8")
    assert raws(text) == []
    assert {x.rule for x in scan(text).excluded} == {"code"}
    assert raws("发布日期: 2024-03-21 11:04") == []
    assert raws("11330206002957041H/2024-207687") == []


def test_quoted_percentages_are_still_quantities() -> None:
    assert raws(sentence("xinqi", "实现“100%货币化房票安置”")) == ["100%"]


def test_bare_integers_are_kept_but_not_comparable() -> None:
    m = only(sentence("xiasha", "围绕12315目标"))
    assert (m.value, m.unit, m.comparable) == (Decimal(12315), None, False)


def test_a_bare_figure_listed_before_a_unit_shares_it() -> None:
    got = [
        (m.value, m.unit, m.comparable) for m in extract_numbers("新增省级、市级示范点分别为3、5家")
    ]
    assert got == [(Decimal(3), "家", True), (Decimal(5), "家", True)]
    got = [(m.value, m.unit) for m in extract_numbers("每户补助2和3万元")]
    assert got == [(Decimal(20000), "元"), (Decimal(30000), "元")]
    # A list of plot numbers stays a name.
    assert raws(sentence("xinqi", "成功实现沿海永丰1、2、3号")) == []


def test_three_hundred_percents() -> None:
    text = sentence("xicheng", "签约率、腾空率、拆除率3个100%")
    got = [(m.raw, m.unit) for m in extract_numbers(text)]
    assert got == [("3个", "个"), ("100%", "%")]


def test_roman_numerals_and_technology_names() -> None:
    assert raws(sentence("xicheng", "9处劣Ⅴ类小微水体")) == ["9处"]
    assert raws("建成5G基站") == []
    assert raws(sentence("xicheng", "AQI优良率为100%")) == ["100%"]


def test_doublings_are_figures_only_after_fan() -> None:
    # 河北省-1998 and 山东省-2003 (../shared/corpus/provinces), as printed.
    text = "确保全省国内生产总值比1980年总量翻三番、人均翻两番半，力争翻一番半"
    got = [(m.raw, m.value, m.unit, m.direction) for m in extract_numbers(text)]
    assert got == [
        ("翻三番", Decimal(3), "番", "increase"),
        ("翻两番半", Decimal("2.5"), "番", "increase"),
        ("翻一番半", Decimal("1.5"), "番", "increase"),
    ]
    assert raws("人均国内生产总值超过2200美元，力争比2000年翻一番。") == ["超过2200美元", "翻一番"]
    assert raws("全市生产总值比1995年翻了一番") == ["翻了一番"]
    # Without 翻, 一番 and 三番 are words.
    assert raws("经过一番努力，三番五次") == ["五次"]


def test_tenths_are_figures_and_words_that_begin_with_cheng_are_not() -> None:
    # 合肥市-2023 and 厦门市-2022 (../shared/corpus/cities), as printed.
    m = only("七成以上村建成经济强村")
    assert (m.raw, m.value, m.unit, m.qualifier) == ("七成以上", Decimal(7), "成", "以上")
    assert raws("占全市总投资近七成") == ["近七成"]
    # 成 opening a word after a numeral: no tenths.
    assert raws("两成员国、三成效明显") == []


def test_a_unit_guard_never_stops_a_bound_after_it() -> None:
    # 南昌市-2021 (../shared/corpus/cities): 所以 is a word, 20所以上 a count and its bound.
    m = only("（3）建成20所以上公办幼儿园；")
    assert (m.raw, m.value, m.unit, m.qualifier) == ("20所以上", Decimal(20), "所", "以上")


def test_ranges() -> None:
    m = only("预计增长5%-6%")
    assert (m.value, m.value_hi, m.unit, m.direction) == (Decimal(5), Decimal(6), "%", "increase")
    m = only("每户补助5-6万元")
    assert (m.value, m.value_hi, m.unit) == (Decimal(50000), Decimal(60000), "元")


def test_offsets_index_the_text_passed_in() -> None:
    text = _text("xiasha")
    for m in extract_numbers(text):
        assert text[m.start : m.end] == m.raw


# --------------------------------------------------------------------------- parse_quantity / normalise


@pytest.mark.parametrize(
    ("claim", "value", "unit", "qualifier", "value_hi"),
    [
        ("15.93亿元", "1593000000", "元", None, None),
        ("1593000000元", "1593000000", "元", None, None),
        ("15.93 亿元", "1593000000", "元", None, None),
        ("1,593,000,000元", "1593000000", "元", None, None),
        ("百分之十点六", "10.6", "%", None, None),
        ("近50场", "50", "场", "近", None),
        ("6%-6.5%", "6", "%", None, "6.5"),
        ("两场", "2", "场", None, None),
        ("逾万人", "10000", "人", "逾", None),
    ],
)
def test_parse_quantity(
    claim: str, value: str, unit: str, qualifier: str | None, value_hi: str | None
) -> None:
    m = parse_quantity(claim)
    assert m is not None
    assert (m.value, m.unit, m.qualifier) == (Decimal(value), unit, qualifier)
    assert m.value_hi == (None if value_hi is None else Decimal(value_hi))


def test_parse_quantity_of_no_figure() -> None:
    assert parse_quantity("稳步推进") is None
    assert parse_quantity("") is None


def test_normalise() -> None:
    assert normalise(Decimal("15.93"), "亿元") == (Decimal("1593000000"), "元", "亿")
    assert normalise(Decimal("10.6"), "%") == (Decimal("10.6"), "%", None)
    assert normalise(Decimal("1.1"), "万条") == (Decimal("11000"), "条", "万")
    assert normalise(Decimal("3"), "千米") == (Decimal("3"), "公里", None)
    assert normalise(Decimal("2"), "个百分点") == (Decimal("2"), "个百分点", None)
    assert normalise(Decimal("6.7"), "亿") == (Decimal("670000000"), None, "亿")
    assert normalise(Decimal("5"), None) == (Decimal("5"), None, None)


# --------------------------------------------------------------------------- CLI


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["numbers", str(SEED_REPORTS["xiaying"]), "--json", "--excluded"])
    assert exit_info.value.code in (0, None)
    doc = json.loads(capsys.readouterr().out)
    first = doc["mentions"][2]
    assert (first["raw"], first["value"], first["unit"]) == ("15.93亿元", "1593000000", "元")
    assert {"date", "name-suffix", "quoted-name"} <= {x["rule"] for x in doc["excluded"]}


def test_cli_table(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["numbers", str(SEED_REPORTS["xinqi"])])
    assert exit_info.value.code in (0, None)
    out = capsys.readouterr().out
    assert "1.1万条" in out and "11000" in out


def test_cli_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["numbers", "/no/such/report.txt"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1
