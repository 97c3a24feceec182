"""The cross-check on the real fixture reports.

Claims copied from the sources must verify in every equivalent printed form; each kind of error
a model makes (×10, ×10000, ±0.1, 万↔亿, 增长↔下降, a dropped 以上/近/余, another metric's figure,
an invented number) must be flagged with the right status. The two rates are printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

import pytest

from summarizer.document.chunking import chunk
from summarizer.models import (
    Achievement,
    AchievementItem,
    Change,
    Check,
    ChunkResult,
    Document,
    Metric,
    ProblemItem,
    ReportSummary,
    Section,
    Target,
    TargetItem,
    format_decimal,
)
from summarizer.numbers import extract_numbers, parse_quantity
from summarizer.quotes import locate_quote
from summarizer.verify import check_report, numbers_not_in_text
from tests.conftest import SEED_REPORTS


@cache
def _report(name: str) -> tuple[Document, tuple[Section, ...]]:
    doc = Document(text=SEED_REPORTS[name].read_text(encoding="utf-8"))
    return doc, tuple(chunk(doc))


def _section_of(name: str, evidence: str) -> str:
    doc, sections = _report(name)
    span = locate_quote(evidence, doc.text)
    assert span is not None, f"fixture evidence not in {name}: {evidence}"
    return next(s.id for s in sections if s.start <= span[0] < s.end)


@dataclass(frozen=True)
class Claim:
    """One figure as a model would report it, with the sentence it came from."""

    report: str
    name: str
    value: float | None
    unit: str | None
    evidence: str
    qualifier: str | None = None
    direction: str | None = None
    amount: float | None = None
    change_unit: str | None = "%"
    derived: bool = False
    raw: str | None = None

    def metric(self) -> Metric:
        change = None
        if self.amount is not None:
            change = Change(
                direction=self.direction,  # type: ignore[arg-type]
                amount=self.amount,
                unit=self.change_unit,  # type: ignore[arg-type]
                basis="同比",
            )
        return Metric(
            name=self.name,
            value=self.value,
            value_hi=None,
            unit=self.unit,
            qualifier=self.qualifier,
            change=change,
            raw=self.raw,
            derived=self.derived,
        )


def _check(claim: Claim, *, target: bool = False) -> list[Check]:
    """Run the report check on a summary holding just this claim; its checks, quote first."""
    return _checked(claim, target=target).checks


def _checked(claim: Claim, *, target: bool = False, lang: str = "zh") -> ReportSummary:
    """A summary holding just this claim (as an achievement, or a target), checked."""
    doc, sections = _report(claim.report)
    section_id = _section_of(claim.report, claim.evidence)
    summary = ReportSummary(report=doc.meta, provider="test")
    if target:
        summary.targets.append(
            TargetItem(
                id="t1",
                section_id=section_id,
                summary=claim.name,
                metric=claim.metric(),
                qualifier=None,
                period=None,
                evidence=claim.evidence,
            )
        )
    else:
        summary.achievements.append(
            AchievementItem(
                id="a1",
                section_id=section_id,
                summary=claim.name,
                category="经济发展",
                metrics=[claim.metric()],
                evidence=claim.evidence,
            )
        )
    check_report(summary, doc, list(sections), extract_numbers(doc.text), lang=lang)
    return summary


# Claims copied from the sources (figure, and its change where the source gives one).
XY_GDP = "实现地区生产总值15.93亿元,同比增长10.6%"
XY_FISCAL = "实现财政总收入6.3亿元,同比增长71.4%,其中一般公共预算收入5.08亿元,同比增长132.7%"
XY_INDUSTRY = "规上工业增加值4.28亿元,同比增长7.37%"
XY_FDI = "实到外资1618万美元"
DL_HEAD = "全年实现地区生产总值60.3亿元,一般公共预算收入2亿元,同比分别-6.2%、-19.3%"
DL_RETAIL = "完成限上社会消费品零售总额13.1亿元,同比增长20.4%,规上工业增加值0.38亿元,同比增长16.7%"
XC_INVEST = "固定资产投资累计完成 6.87亿元,同比增长77.53 %,其中工业投资完成3.15亿元,同比增长515.78%"
XS_TAX = "街道完成税收收入8.3亿元,同比增长22.1%;地方财政收入4.4亿元,同比增长12.6%"
XS_INDUSTRY = "规上工业总产值34.3亿元,同比下降3.9%;消费品零售总额21.1亿元,同比增长8.1%"

CORRECT: list[Claim] = [
    Claim("xiaying", "地区生产总值", 15.93, "亿元", XY_GDP, None, "increase", 10.6),
    Claim("xiaying", "财政总收入", 6.3, "亿元", XY_FISCAL, None, "increase", 71.4),
    Claim("xiaying", "一般公共预算收入", 5.08, "亿元", XY_FISCAL, None, "increase", 132.7),
    Claim("xiaying", "规上工业增加值", 4.28, "亿元", XY_INDUSTRY, None, "increase", 7.37),
    Claim("xiaying", "实到外资", 1618, "万美元", XY_FDI),
    Claim("xiaying", "新注册企业", 132, "家", "新注册企业132家"),
    Claim("xiaying", "总税收", 3872.9, "万元", "实现总税收3872.9万元"),
    Claim("dongliu", "地区生产总值", 60.3, "亿元", DL_HEAD, None, "decrease", 6.2),
    Claim("dongliu", "一般公共预算收入", 2, "亿元", DL_HEAD, None, "decrease", 19.3),
    Claim("dongliu", "限上社会消费品零售总额", 13.1, "亿元", DL_RETAIL, None, "increase", 20.4),
    Claim("dongliu", "规上工业增加值", 0.38, "亿元", DL_RETAIL, None, "increase", 16.7),
    Claim("dongliu", "兑现政策资金", 1600, "万元", "兑现政策资金1600余万元", "余"),
    Claim("dongliu", "固定资产投资", 32.5, "亿元", "完成固定资产投资32.5亿元"),
    Claim("xicheng", "规模以上工业产值", 68.48, "亿元", "全年实现规模以上工业产值68.48亿元"),
    Claim("xicheng", "固定资产投资", 6.87, "亿元", XC_INVEST, None, "increase", 77.53),
    Claim("xicheng", "工业投资", 3.15, "亿元", XC_INVEST, None, "increase", 515.78),
    Claim("xiasha", "税收收入", 8.3, "亿元", XS_TAX, None, "increase", 22.1),
    Claim("xiasha", "地方财政收入", 4.4, "亿元", XS_TAX, None, "increase", 12.6),
    Claim("xiasha", "规上工业总产值", 34.3, "亿元", XS_INDUSTRY, None, "decrease", 3.9),
    Claim("xiasha", "消费品零售总额", 21.1, "亿元", XS_INDUSTRY, None, "increase", 8.1),
]
# Figures printed with a qualifier in the source (近50场 etc.), for the dropped-qualifier errors.
QUALIFIED: list[Claim] = [
    Claim("dongliu", "兑现政策资金", 1600, "万元", "兑现政策资金1600余万元", "余"),
    Claim("dongliu", "走访企业", 400, "次", "全年累计走访企业400余次", "余"),
    Claim("xiaying", "嵌入式体育新空间项目总投资", 1000, "万元", "总投资近1000万元", "近"),
    Claim("dongliu", "住宅小区消防安全覆盖率", 50, "%", "覆盖率50%以上", "以上"),
]
# Pairs of metrics that stand side by side in one source sentence: a model may swap them.
SWAPS: list[tuple[Claim, Claim]] = [
    (CORRECT[1], CORRECT[2]),
    (CORRECT[7], CORRECT[8]),
    (CORRECT[9], CORRECT[10]),
    (CORRECT[14], CORRECT[15]),
    (CORRECT[16], CORRECT[17]),
    (CORRECT[18], CORRECT[19]),
]


def _status(checks: list[Check], field: str) -> str:
    matching = [c.status for c in checks if c.field == field]
    assert len(matching) == 1, (field, [(c.field, c.status) for c in checks])
    return matching[0]


def _scaled(claim: Claim, factor: float) -> Claim:
    assert claim.value is not None
    value = float(Decimal(repr(claim.value)) * Decimal(repr(factor)))
    return replace(claim, value=value)


def _nudged(claim: Claim, sign: int) -> float:
    """The value off by 0.1. Where that lands on a whole number (13.1 → 13.0, printed "13") the
    claim would be a correct rounding of the source, so the nudge is 0.2 instead."""
    assert claim.value is not None
    value = Decimal(repr(claim.value)) + sign * Decimal("0.1")
    if value == value.to_integral_value():
        value += sign * Decimal("0.1")
    return float(value)


def _other_scale(claim: Claim) -> Claim:
    assert claim.unit is not None
    if claim.unit.startswith("亿"):
        return replace(claim, unit="万" + claim.unit[1:])
    if claim.unit.startswith("万"):
        return replace(claim, unit="亿" + claim.unit[1:])
    raise AssertionError(claim.unit)


def wrong_claims() -> Iterator[tuple[str, Claim, str, str]]:
    """(label, wrong claim, field to look at, expected status) for every kind of error."""
    for claim in CORRECT:
        tag = f"{claim.report}:{claim.name}"
        yield f"{tag} ×10", _scaled(claim, 10), "metrics[0]", "scale_mismatch"
        yield f"{tag} ×10000", _scaled(claim, 10000), "metrics[0]", "scale_mismatch"
        for sign in (1, -1):
            yield (
                f"{tag} {'+' if sign > 0 else '-'}0.1",
                replace(claim, value=_nudged(claim, sign)),
                "metrics[0]",
                "not_found",
            )
        if claim.unit and claim.unit[0] in "万亿":
            yield f"{tag} 万↔亿", _other_scale(claim), "metrics[0]", "scale_mismatch"
        yield f"{tag} invented", replace(claim, value=987.65), "metrics[0]", "not_found"
        if claim.amount is not None:
            flipped = "decrease" if claim.direction == "increase" else "increase"
            yield (
                f"{tag} 增长↔下降",
                replace(claim, direction=flipped),
                "metrics[0].change",
                "sign_mismatch",
            )
            yield (
                f"{tag} %→个百分点",
                replace(claim, change_unit="个百分点"),
                "metrics[0].change",
                "unit_mismatch",
            )
            yield (
                f"{tag} change ×10",
                replace(claim, amount=float(Decimal(repr(claim.amount)) * 10)),
                "metrics[0].change",
                "scale_mismatch",
            )
            yield (
                f"{tag} change invented",
                replace(claim, amount=43.21),
                "metrics[0].change",
                "not_found",
            )
    for claim in QUALIFIED:
        tag = f"{claim.report}:{claim.name}"
        yield (
            f"{tag} dropped {claim.qualifier}",
            replace(claim, qualifier=None),
            "metrics[0]",
            ("qualifier_mismatch"),
        )
    for a, b in SWAPS:
        for mine, theirs in ((a, b), (b, a)):
            tag = f"{mine.report}:{mine.name}←{theirs.name}"
            yield (
                f"{tag} value",
                replace(mine, value=theirs.value, amount=None),
                "metrics[0]",
                "metric_mismatch",
            )
            if theirs.amount is not None and theirs.amount != mine.amount:
                yield (
                    f"{tag} change",
                    replace(mine, amount=theirs.amount, direction=theirs.direction),
                    "metrics[0].change",
                    "metric_mismatch",
                )
    fiscal = CORRECT[1]
    yield (
        "xiaying: 非一般公共预算收入 miscomputed",
        replace(
            fiscal, name="财政总收入中非一般公共预算部分", value=1.32, amount=None, derived=True
        ),
        "metrics[0]",
        "derived_mismatch",
    )


def _equivalent_forms(claim: Claim) -> Iterator[tuple[str, Claim]]:
    """The same correct figure printed every way a model might."""
    assert claim.value is not None and claim.unit is not None
    scales = {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
    printed = Decimal(repr(claim.value))
    base_unit = claim.unit
    base = printed
    if claim.unit[0] in scales:
        base = printed * scales[claim.unit[0]]
        base_unit = claim.unit[1:]
    yield "base units", replace(claim, value=float(base), unit=base_unit)
    yield "万 units", replace(claim, value=float(base / scales["万"]), unit="万" + base_unit)
    yield "spaced unit", replace(claim, unit=" ".join(claim.unit))
    raw_form = f"{format_decimal(printed)} {claim.unit}"
    yield "raw text only", replace(claim, value=None, unit=None, raw=raw_form)


def test_correct_claims_verify_in_every_equivalent_form(
    capsys: pytest.CaptureFixture[str],
) -> None:
    checked, failures = 0, []
    for claim in CORRECT:
        for label, form in [("as printed", claim), *_equivalent_forms(claim)]:
            checked += 1
            checks = _check(form)
            assert _status(checks, "metrics[0]")
            if claim.amount is not None:
                assert _status(checks, "metrics[0].change")
            bad = [(c.field, c.status, c.message) for c in checks if c.is_flag]
            if bad:
                failures.append((claim.report, claim.name, label, bad))
    with capsys.disabled():
        print(
            f"\n[crosscheck] falsely flagged right claims: {len(failures)}/{checked}"
            f" ({100 * len(failures) / checked:.1f}%)"
        )
    assert failures == []


def test_chinese_numeral_change_verifies() -> None:
    parsed = parse_quantity("百分之十点六")
    assert parsed is not None and parsed.unit == "%"
    claim = replace(CORRECT[0], amount=float(parsed.value))
    assert _status(_check(claim), "metrics[0].change") == "verified"


@pytest.mark.parametrize(
    ("name", "value", "unit", "evidence"),
    [
        # Names a model writes with a measure word the report does not print (seed 000, read by
        # Qwen2.5-Coder-1.5B): the figure is that metric's all the same.
        ("外资额", 1618, "万美元", XY_FDI),
        ("固定资产投资额", 32.5, "亿元", "完成固定资产投资32.5亿元"),
        ("新注册企业数", 132, "家", "新注册企业132家"),
        ("签约户数", 8, "户", "上半年完成签约8户"),
        # A verb and its object with the words between left out.
        ("排查隐患", 182, "处", "上半年排查辖区重大安全隐患182处"),
    ],
)
def test_a_generic_measure_word_added_to_the_name_still_verifies(
    name: str, value: float, unit: str, evidence: str
) -> None:
    report = "dongliu" if value == 32.5 else "xiaying"
    checks = _check(Claim(report, name, value, unit, evidence))
    assert _status(checks, "metrics[0]") == "verified"


def test_a_measure_word_does_not_make_another_metrics_figure_verify() -> None:
    # 132.7% is the growth of 一般公共预算收入, not of 财政总收入(额).
    swapped = replace(CORRECT[1], name="财政总收入额", amount=132.7)
    assert _status(_check(swapped), "metrics[0].change") == "metric_mismatch"
    # 170家 stands in the same sentence as 排查…隐患, but is what 停产停业 counts.
    other = Claim("xiaying", "排查隐患", 170, "家", "上半年排查辖区重大安全隐患182处,停产停业170家")
    assert _status(_check(other), "metrics[0]") == "metric_mismatch"


def test_rounded_claim_is_rounded_not_verified() -> None:
    checks = _check(replace(CORRECT[0], value=15.9))
    assert _status(checks, "metrics[0]") == "rounded"
    assert _status(_check(replace(CORRECT[0], value=16)), "metrics[0]") == "rounded"
    # 15.8 is not 15.93 at one decimal.
    assert _status(_check(replace(CORRECT[0], value=15.8)), "metrics[0]") == "not_found"


def test_every_kind_of_error_is_flagged_with_its_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    checked, missed, wrong_status = 0, [], []
    for label, claim, field, expected in wrong_claims():
        checked += 1
        checks = _check(claim)
        got = _status(checks, field)
        if not any(c.is_flag for c in checks):
            missed.append(label)
        if got != expected:
            wrong_status.append((label, expected, got))
    caught = checked - len(missed)
    right = caught - len(wrong_status)
    with capsys.disabled():
        print(
            f"\n[crosscheck] flagged wrong claims: {caught}/{checked}"
            f" ({100 * caught / checked:.1f}%), with the expected status: {right}/{checked}"
        )
    assert missed == []
    assert wrong_status == []


def test_flag_carries_the_nearest_mention_and_its_context() -> None:
    checks = _check(_scaled(CORRECT[0], 10))
    flag = next(c for c in checks if c.field == "metrics[0]")
    assert flag.is_flag and flag.mention is not None
    doc, _ = _report("xiaying")
    assert doc.text[flag.mention.start : flag.mention.end] == flag.mention.raw
    assert flag.mention.raw.startswith("15.93")
    assert flag.context is not None and flag.context_start is not None
    assert doc.text[flag.context_start :].startswith(flag.context)
    assert "地区生产总值15.93亿元" in flag.context
    assert "15.93" in flag.message and "数量级" in flag.message


def test_derived_figure_is_recomputed() -> None:
    fiscal = CORRECT[1]
    good = replace(
        fiscal, name="财政总收入中非一般公共预算部分", value=1.22, amount=None, derived=True
    )
    checks = _check(good)
    check = next(c for c in checks if c.field == "metrics[0]")
    assert check.status == "derived"
    assert "6.3" in check.message and "5.08" in check.message


def test_target_keeps_its_qualifier() -> None:
    evidence = "力争全年新增高新技术企业认定35家以上"
    claim = Claim("xinqi", "新增高新技术企业认定", 35, "家", evidence, "以上")
    assert _status(_check(claim, target=True), "metric") == "verified"
    dropped = replace(claim, qualifier=None)
    assert _status(_check(dropped, target=True), "metric") == "qualifier_mismatch"


def test_quotes_get_spans_and_missing_quotes_are_flagged() -> None:
    doc, sections = _report("xiaying")
    summary = ReportSummary(report=doc.meta, provider="test")
    summary.problems.append(
        ProblemItem(
            id="p1",
            section_id=sections[1].id,
            summary="x",
            area=None,
            evidence="继续实施“强二优三”战略，加速两业融合发展",
        )
    )
    summary.problems.append(
        ProblemItem(
            id="p2", section_id=sections[1].id, summary="x", area=None, evidence="经济发展全面下滑"
        )
    )
    check_report(summary, doc, list(sections), extract_numbers(doc.text))
    first, second = summary.problems
    assert first.start is not None and first.end is not None
    assert doc.text[first.start : first.end] == "继续实施 “强二优三”战略,加速两业融合发展"
    assert second.start is None and second.end is None
    assert [(c.item_id, c.field, c.status) for c in summary.flags] == [
        ("p2", "evidence", "quote_not_found")
    ]
    assert summary.checks[0].id == "c1"


def test_english_messages() -> None:
    summary = _checked(_scaled(CORRECT[0], 10), lang="en")
    assert summary.flags[0].message.startswith("order of magnitude differs")


def test_coverage_lists_review_figures_no_achievement_reports() -> None:
    assert CORRECT[0].report == "xiaying"
    coverage = _checked(CORRECT[0]).coverage
    assert coverage.review_figures > 20
    assert coverage.covered == 2
    omitted = {m.raw for m in coverage.omitted}
    assert "15.93亿元" not in omitted
    assert any(raw.startswith("6.3") for raw in omitted)
    assert len(coverage.omitted) == coverage.review_figures - coverage.covered


def test_numbers_not_in_text_lists_only_missing_figures() -> None:
    doc, sections = _report("xiaying")
    section_id = _section_of("xiaying", XY_GDP)
    section = next(s for s in sections if s.id == section_id)
    good = CORRECT[0].metric()
    bad = _scaled(CORRECT[0], 10).metric()
    derived = replace(CORRECT[0], value=99.99, amount=None, derived=True).metric()
    result = ChunkResult(
        achievements=[
            Achievement(
                summary="x", category="经济发展", metrics=[good, bad, derived], evidence="x"
            )
        ],
        targets=[
            Target(
                summary="x",
                metric=replace(CORRECT[0], value=777.0, amount=None).metric(),
                qualifier=None,
                period=None,
                evidence="x",
            )
        ],
        problems=[],
    )
    lines = numbers_not_in_text(result, section.text or doc.text[section.start : section.end])
    assert len(lines) == 2
    assert lines[0].startswith("achievements[0].metrics[1]") and "159.3亿元" in lines[0]
    assert lines[1].startswith("targets[0].metric") and "777亿元" in lines[1]
    # Equivalent forms are found: 159300万元 is 15.93亿元.
    same = replace(CORRECT[0], value=159300, unit="万元").metric()
    result = ChunkResult(
        achievements=[Achievement(summary="x", category="经济发展", metrics=[same], evidence="x")],
        targets=[],
        problems=[],
    )
    assert numbers_not_in_text(result, section.text) == []


# --------------------------------------------------------------------------- every figure


def _every_figure_claimed(mutate: str) -> tuple[list[Check], int]:
    """Claim every figure of every fixture report, named by the source words around it (as a
    careful model would), optionally broken one way; returns the checks and the claim count."""
    from summarizer.document.ingest import load
    from summarizer.figures import read_figures
    from summarizer.verify.claims import SCALE_FACTORS

    checks: list[Check] = []
    claims = 0
    flip = {"increase": "decrease", "decrease": "increase"}
    for path in sorted(SEED_REPORTS.values()):
        doc = load(path)
        sections = chunk(doc)
        mentions = extract_numbers(doc.text)
        summary = ReportSummary(report=doc.meta, provider="test")
        for placed in read_figures(doc.text, mentions):
            if placed.threshold:
                continue  # 亿元以上 in 引进亿元以上重大项目: part of a name, no figure of its own
            m = placed.mention
            clause = doc.text[placed.clause[0] : placed.clause[1]]
            words = next(
                (w for w in (placed.words, placed.tail, placed.name) if any(map(str.isalpha, w))),
                clause,
            )
            name = "".join(ch for ch in words if ch.isalpha())[-12:] or "□"
            printed = m.value / SCALE_FACTORS.get(m.scale or "", Decimal(1))
            unit = (m.scale or "") + (m.unit or "")
            direction = placed.direction
            if mutate == "x10":
                printed *= 10
            elif mutate == "wan-yi":
                if m.scale not in ("万", "亿"):
                    continue
                unit = {"万": "亿", "亿": "万"}[m.scale] + (m.unit or "")
            elif mutate == "sign":
                if direction is None or not placed.is_change:
                    continue
                direction = flip[direction]
            if placed.is_change and m.unit in ("%", "个百分点"):
                metric = Metric(
                    name=name,
                    value=None,
                    value_hi=None,
                    unit=None,
                    qualifier=m.qualifier,
                    change=Change(
                        direction=direction,
                        amount=float(printed),
                        unit=m.unit,  # type: ignore[arg-type]
                        basis=None,
                    ),
                    raw=None,
                    derived=False,
                )
            elif mutate == "sign":
                continue
            else:
                metric = Metric(
                    name=name,
                    value=float(printed),
                    value_hi=None,
                    unit=unit or None,
                    qualifier=m.qualifier,
                    change=None,
                    raw=None,
                    derived=False,
                )
            section = next(s for s in sections if s.start <= m.start < s.end)
            claims += 1
            summary.achievements.append(
                AchievementItem(
                    id=f"a{claims}",
                    section_id=section.id,
                    summary=name,
                    category="其他",
                    metrics=[metric],
                    evidence=doc.text[m.start : m.end],
                )
            )
        check_report(summary, doc, sections, mentions)
        checks.extend(c for c in summary.checks if c.field != "evidence")
    return checks, claims


def test_every_figure_of_every_report_verifies_in_its_own_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    checks, claims = _every_figure_claimed("none")
    flagged = [(c.claim, c.status, c.message) for c in checks if c.is_flag]
    with capsys.disabled():
        print(f"\n[crosscheck] every source figure claimed: {len(flagged)}/{claims} flagged")
    assert claims > 400
    assert flagged == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        ("x10", {"scale_mismatch", "not_found"}),
        ("wan-yi", {"scale_mismatch", "not_found"}),
        ("sign", {"sign_mismatch"}),
    ],
)
def test_every_figure_of_every_report_broken_is_flagged(
    mutate: str, expected: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    checks, claims = _every_figure_claimed(mutate)
    missed = [(c.claim, c.status) for c in checks if not c.is_flag]
    statuses = {c.status for c in checks}
    with capsys.disabled():
        print(
            f"\n[crosscheck] every source figure {mutate}: {claims - len(missed)}/{claims} flagged"
        )
    assert claims > 30
    assert missed == []
    assert statuses <= expected


def test_ranges_must_keep_both_ends() -> None:
    # None of the five seeds prints a range; this is the usual form of a 政府工作报告 target.
    text = "2024年主要预期目标：地区生产总值增长6%-6.5%，一般公共预算收入增长5%左右。"
    doc = Document(text=text)
    sections = chunk(doc)

    def status(value: float, value_hi: float | None) -> str:
        summary = ReportSummary(report=doc.meta, provider="test")
        summary.targets.append(
            TargetItem(
                id="t1",
                section_id=sections[0].id,
                summary="地区生产总值增长",
                metric=Metric(
                    name="地区生产总值",
                    value=value,
                    value_hi=value_hi,
                    unit="%",
                    qualifier=None,
                    change=None,
                    raw=None,
                    derived=False,
                ),
                qualifier=None,
                period="2024年",
                evidence="地区生产总值增长6%-6.5%",
            )
        )
        check_report(summary, doc, sections, extract_numbers(text))
        return _status(summary.checks, "metric")

    assert status(6, 6.5) == "verified"
    assert status(6, None) == "qualifier_mismatch"
    assert status(6, 7) == "not_found"
