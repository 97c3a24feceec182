"""Quote location on the real reports: character level, forgiving only whitespace and the width
of punctuation."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.quotes import fold, locate_quote
from tests.conftest import SEED_REPORTS

XIAYING = SEED_REPORTS["xiaying"].read_text(encoding="utf-8")
DONGLIU = SEED_REPORTS["dongliu"].read_text(encoding="utf-8")


def test_exact_quote_returns_its_span_in_the_original() -> None:
    quote = "实现地区生产总值15.93亿元,同比增长10.6%"
    span = locate_quote(quote, XIAYING)
    assert span is not None
    assert XIAYING[span[0] : span[1]] == quote


def test_full_width_punctuation_matches_half_width_source() -> None:
    # The source prints half-width , ; — a model writes the full-width ones.
    span = locate_quote(
        "实现财政总收入6.3亿元，同比增长71.4%，其中一般公共预算收入5.08亿元", XIAYING
    )
    assert span is not None
    assert (
        XIAYING[span[0] : span[1]]
        == "实现财政总收入6.3亿元,同比增长71.4%,其中一般公共预算收入5.08亿元"
    )
    # ； is the width-twin of ; only, never of , — a different mark is a different text.
    assert locate_quote("同比增长71.4%；其中一般公共预算收入", XIAYING) is None


def test_whitespace_in_source_or_quote_is_ignored() -> None:
    # The source has "继续实施 “强二优三”战略" with a space before the quote mark.
    span = locate_quote("继续实施“强二优三”战略", XIAYING)
    assert span is not None
    assert XIAYING[span[0] : span[1]] == "继续实施 “强二优三”战略"
    spaced = locate_quote("规 上 工 业 增 加 值 4.28 亿元", XIAYING)
    assert spaced is not None
    assert XIAYING[spaced[0] : spaced[1]] == "规上工业增加值4.28亿元"


def test_curly_and_straight_quotes_are_the_same() -> None:
    span = locate_quote('浙江"八八战略"实施20周年', XIAYING)
    assert span is not None
    assert XIAYING[span[0] : span[1]] == "浙江“八八战略”实施20周年"


def test_a_changed_character_or_digit_is_not_found() -> None:
    assert locate_quote("实现地区生产总值15.94亿元", XIAYING) is None
    assert locate_quote("实现地区生产总额15.93亿元", XIAYING) is None
    # Punctuation is folded by width, never dropped: a missing comma is a different text.
    assert locate_quote("实现地区生产总值15.93亿元同比增长10.6%", XIAYING) is None


def test_edge_punctuation_of_the_quote_is_not_required() -> None:
    span = locate_quote("“实到外资1618万美元。”", XIAYING)
    assert span is not None
    assert XIAYING[span[0] : span[1]] == "实到外资1618万美元"


def test_search_window_limits_the_match_and_offsets_stay_global() -> None:
    first = locate_quote("同比增长", XIAYING)
    assert first is not None
    second = locate_quote("同比增长", XIAYING, first[1])
    assert second is not None and second[0] > first[0]
    assert XIAYING[second[0] : second[1]] == "同比增长"
    # A window that ends before the quote's last character does not contain it.
    assert locate_quote("同比增长", XIAYING, first[0], first[1] - 1) is None


def test_empty_or_punctuation_only_quote_is_not_found() -> None:
    assert locate_quote("", XIAYING) is None
    assert locate_quote(" ，。 ", XIAYING) is None


def test_fold_maps_widths_together() -> None:
    assert fold("（一）１２，３；“好”") == fold('(一)12,3;"好"')


def test_every_sentence_of_a_report_is_found_where_it_stands() -> None:
    # Take each sentence of a real report, disturb only whitespace and punctuation width, and
    # expect its exact original span back.
    rng = random.Random(5)
    widen = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})
    sentences = [s for s in DONGLIU.split("。") if len(s.strip()) > 8]
    for sentence in sentences:
        at = DONGLIU.index(sentence)
        disturbed = sentence.translate(widen)
        if rng.random() < 0.5:
            disturbed = " ".join(disturbed)
        span = locate_quote(disturbed, DONGLIU)
        assert span is not None, sentence[:30]
        assert fold(DONGLIU[span[0] : span[1]]) == fold(sentence).strip(".,;:!?\"'()[]<>-~ ")
        if DONGLIU.count(sentence) == 1:
            assert at <= span[0] and span[1] <= at + len(sentence)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(XIAYING) - 2), st.integers(min_value=2, max_value=40))
def test_any_substring_of_the_report_is_found(start: int, length: int) -> None:
    quote = XIAYING[start : start + length]
    if not fold(quote).strip(".,;:!?\"'()[]<>-~ "):
        return
    span = locate_quote(quote, XIAYING)
    assert span is not None
    assert fold(XIAYING[span[0] : span[1]]) == fold(quote).strip(".,;:!?\"'()[]<>-~ ")
    assert span[0] <= start + length
