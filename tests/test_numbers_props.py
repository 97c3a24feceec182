"""Property tests: any supported way of printing a value reads back exactly, and no input text,
however strange, makes the numbers stage crash or report a span that is not in the text."""

from __future__ import annotations

from decimal import Decimal

import cn2an
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summarizer.models import NumberMention
from summarizer.numbers import extract_numbers, normalise, parse_quantity, scan

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCALES = {"": 0, "万": 4, "亿": 8, "千万": 7, "万亿": 12}
UNITS = ["元", "家", "个", "人次", "人", "亩", "平方米", "件", "场", "户", "吨", "公里", "条"]

# A sentence frame from the seed reports, so figures are read in the company they keep there.
LEFT = "上半年,街道累计完成"
RIGHT = ",同比提升明显。"

integers = st.integers(min_value=0, max_value=10**15)
decimals = st.decimals(
    min_value=0, max_value=Decimal(10) ** 12, places=3, allow_nan=False, allow_infinity=False
)


def the_one(text: str) -> NumberMention:
    found = extract_numbers(text)
    assert len(found) == 1, (text, [m.raw for m in found])
    m = found[0]
    assert text[m.start : m.end] == m.raw
    return m


def plain(value: Decimal) -> str:
    text = format(value, "f")
    return text


@SETTINGS
@given(decimals, st.sampled_from(sorted(SCALES)), st.sampled_from(UNITS))
@example(Decimal("15.93"), "亿", "元")
@example(Decimal("0.38"), "亿", "元")
@example(Decimal("1.1"), "万", "条")
def test_arabic_with_scale_reads_back(value: Decimal, scale: str, unit: str) -> None:
    m = the_one(f"{LEFT}{plain(value)}{scale}{unit}{RIGHT}")
    assert m.value == value.scaleb(SCALES[scale])
    assert m.unit == unit
    assert m.scale == (scale or None)
    printed = plain(value)
    assert m.precision == (len(printed.split(".")[1]) if "." in printed else 0)


@SETTINGS
@given(integers, st.sampled_from(UNITS))
def test_thousands_separators_read_back(value: int, unit: str) -> None:
    m = the_one(f"{LEFT}{value:,}{unit}{RIGHT}")
    assert (m.value, m.unit) == (Decimal(value), unit)


@SETTINGS
@given(st.integers(min_value=3, max_value=10**15), st.sampled_from(["个", "家", "场", "项", "户"]))
@example(1200_0000, "个")
@example(10, "项")
def test_chinese_numerals_read_back(value: int, unit: str) -> None:
    m = the_one(f"{LEFT}{cn2an.an2cn(value)}{unit}{RIGHT}")
    assert (m.value, m.unit) == (Decimal(value), unit)


@SETTINGS
@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))
@example(Decimal("10.6"))
@example(Decimal("5"))
def test_bai_fen_zhi_reads_back(value: Decimal) -> None:
    m = the_one(f"综合满意率达到百分之{cn2an.an2cn(plain(value))}。")
    assert (m.value, m.unit) == (value, "%")


@SETTINGS
@given(
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            ("同比增长", "increase"),
            ("同比下降", "decrease"),
            ("减少", "decrease"),
            ("提高", "increase"),
        ]
    ),
    st.sampled_from(["%", "个百分点"]),
)
def test_changes_read_back_with_their_direction(
    value: Decimal, cue: tuple[str, str], unit: str
) -> None:
    m = the_one(f"地区生产总值{cue[0]}{plain(value)}{unit}。")
    assert (m.value, m.unit, m.direction) == (value, unit, cue[1])


@SETTINGS
@given(
    integers,
    st.sampled_from(
        [("近", "upper"), ("超", "lower"), ("逾", "lower"), ("约", "approx"), ("超过", "lower")]
    ),
)
def test_prefix_qualifiers_read_back(value: int, qualifier: tuple[str, str]) -> None:
    m = the_one(f"累计服务{qualifier[0]}{value}人次。")
    assert (m.value, m.qualifier, m.bound) == (Decimal(value), qualifier[0], qualifier[1])


@SETTINGS
@given(integers)
def test_full_width_digits_read_back(value: int) -> None:
    full = str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert the_one(f"{LEFT}{full}家{RIGHT}").value == value


@SETTINGS
@given(decimals, st.sampled_from(sorted(SCALES)), st.sampled_from(UNITS))
def test_parse_quantity_agrees_with_normalise(value: Decimal, scale: str, unit: str) -> None:
    m = parse_quantity(f"{plain(value)}{scale}{unit}")
    assert m is not None
    assert (m.value, m.unit, m.scale) == normalise(value, scale + unit)


# --------------------------------------------------------------------------- never crash

_ALPHABET = st.sampled_from(
    list('0123456789０１２３４５６７８９.,%％-+~～、，。“”"《》()（）·年月日号第近超逾约余多以上内')
    + list("零〇一二两三四五六七八九十百千万亿点分之个家人次元亩场项批")
)
weird_text = st.one_of(
    st.text(max_size=300),
    st.text(_ALPHABET, max_size=300),
    st.lists(st.sampled_from(["万元", "%", "亿", "个百分点", "人次", "余", "以上", "百分之"])).map(
        "".join
    ),
)


def _check_invariants(text: str) -> None:
    result = scan(text)
    last_end = 0
    for m in result.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.raw
        assert m.start >= last_end, "mentions overlap or are out of order"
        last_end = m.end
        assert m.value.is_finite() and m.value >= 0
        m.to_json()
    for x in result.excluded:
        assert text[x.start : x.end] == x.raw


@settings(max_examples=300, deadline=None)
@given(weird_text)
def test_never_crashes_on_any_text(text: str) -> None:
    _check_invariants(text)
    parse_quantity(text)


def test_numbers_beyond_the_int_string_limit() -> None:
    digits = "9" * 100_000
    m = the_one(f"投资{digits}.5亿元")
    assert m.value == Decimal(digits + "50000000")
    assert m.precision == 1
    _check_invariants("1" * 100_000 + "%" + "二" * 5_000 + "个")
    q = parse_quantity("3" * 100_000 + "万")
    assert q is not None and q.value == Decimal("3" * 100_000 + "0000")
    assert normalise(Decimal("7" * 100_000), "万亿元")[0] == Decimal("7" * 100_000 + "0" * 12)


def test_lone_units_and_scales_are_not_figures() -> None:
    for text in ("万元", "%", "亿", "个百分点", "百分之", "以上", "万亩方", "千家万户"):
        assert extract_numbers(text) == [], text
