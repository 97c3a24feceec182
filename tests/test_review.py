"""Review decisions: stored in the cache database, applied to later summaries of the same report,
stale when the claim changed. Summaries are assembled from the real Xiaying report."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.assemble import build_summary
from summarizer.cache import Cache
from summarizer.document.chunking import chunk
from summarizer.models import (
    Achievement,
    Change,
    Check,
    ChunkResult,
    Document,
    Metric,
    ReportMeta,
    ReportSummary,
    Section,
)
from summarizer.providers.base import Extraction
from summarizer.quotes import locate_quote
from summarizer.review import (
    ReviewError,
    apply_decisions,
    flag_records,
    read_correction,
    record_decision,
    stored_flags,
)
from tests.conftest import SEED_REPORTS

TEXT = SEED_REPORTS["xiaying"].read_text(encoding="utf-8")
EVIDENCE = "实现地区生产总值15.93亿元,同比增长10.6%;实现财政总收入6.3亿元,同比增长71.4%"


class FakeProvider:
    """Returns canned results per section; only what build_summary reads."""

    name = "fake"
    model = "canned"
    prompt_version = "test"

    def identity(self) -> dict[str, str]:
        return {"provider": self.name}

    async def extract(self, section: Section, meta: ReportMeta) -> Extraction:
        raise NotImplementedError("results are handed to build_summary directly")


def _metric(name: str, value: float, unit: str, change: tuple[str, float] | None = None) -> Metric:
    return Metric(
        name=name,
        value=value,
        value_hi=None,
        unit=unit,
        qualifier=None,
        change=None
        if change is None
        else Change(direction=change[0], amount=change[1], unit="%", basis="同比"),  # type: ignore[arg-type]
        raw=None,
        derived=False,
    )


def _achievement(*metrics: Metric, evidence: str = EVIDENCE) -> Achievement:
    return Achievement(
        summary="经济指标", category="经济发展", metrics=list(metrics), evidence=evidence
    )


def _summarize(store: Cache | None, *achievements: Achievement) -> ReportSummary:
    doc = Document(text=TEXT, meta=ReportMeta(path="xiaying.txt", title="下应街道2023年上半年"))
    sections = chunk(doc)
    span = locate_quote(EVIDENCE, TEXT)
    assert span is not None
    home = next(s for s in sections if s.start <= span[0] < s.end)
    results = [
        (
            s,
            Extraction(
                result=ChunkResult(
                    achievements=list(achievements) if s.id == home.id else [],
                    targets=[],
                    problems=[],
                )
            ),
            None,
            False,
        )
        for s in sections
    ]
    return build_summary(doc, sections, results, FakeProvider(), store=store)


WRONG_GDP = _metric("地区生产总值", 159.3, "亿元", ("increase", 10.6))
SWAPPED = _metric("财政总收入", 5.08, "亿元")
GOOD = _metric("财政总收入", 6.3, "亿元", ("increase", 71.4))


@pytest.fixture
def store(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache.sqlite3")


def _flag(summary: ReportSummary, name: str) -> int:
    """Index in summary.flags of the flag on the value of metric `name`."""
    items = {a.id: a for a in summary.achievements}
    for index, flag in enumerate(summary.flags):
        item = items.get(flag.item_id)
        if item is None or not flag.field.startswith("metrics[") or "." in flag.field:
            continue
        if item.metrics[int(flag.field[len("metrics[") : -1])].name == name:
            return index
    raise AssertionError(f"no flag on {name}")


def test_flags_are_stored_and_open_before_any_review(store: Cache) -> None:
    summary = _summarize(store, _achievement(WRONG_GDP, SWAPPED, GOOD))
    statuses = sorted(f.status for f in summary.flags)
    assert statuses == ["metric_mismatch", "scale_mismatch"]
    assert all(check.review is None for check in summary.checks)
    stored = stored_flags(store)
    assert [(r.check.id, r.check.status, r.state) for r in stored] == [
        (f.id, f.status, "open") for f in summary.flags
    ]
    assert stored[0].report_path == "xiaying.txt"
    assert stored[0].check.mention is not None
    assert stored[0].check.mention.raw.startswith("15.93")


def test_decisions_apply_to_the_next_run(store: Cache) -> None:
    first = _summarize(store, _achievement(WRONG_GDP, SWAPPED, GOOD))
    records = flag_records(first, store)
    gdp = records[_flag(first, "地区生产总值")]
    swapped = records[_flag(first, "财政总收入")]
    record_decision(store, gdp, "correct", value="15.93 亿元", reviewer="ann")
    record_decision(store, swapped, "reject", reviewer="ann")

    again = _summarize(store, _achievement(WRONG_GDP, SWAPPED, GOOD))
    achievement = again.achievements[0]
    # The rejected figure left its item; the corrected one carries the reviewer's value.
    assert [m.name for m in achievement.metrics] == ["地区生产总值", "财政总收入"]
    assert achievement.metrics[0].value == 15.93 and achievement.metrics[0].unit == "亿元"
    assert achievement.metrics[1].value == 6.3
    marks = {(c.field, c.review, c.corrected_value) for c in again.flags}
    assert ("metrics[0]", "corrected", "15.93亿元") in marks
    assert ("metrics[1]", "rejected", None) in marks
    states = sorted(r.state for r in stored_flags(store))
    assert states == ["corrected", "rejected"]
    decision = stored_flags(store)[0].decision
    assert decision is not None and decision.reviewer == "ann" and decision.decided_at


def test_decisions_survive_renumbering(store: Cache) -> None:
    first = _summarize(store, _achievement(WRONG_GDP))
    record_decision(store, flag_records(first, store)[0], "accept", reviewer="bo")
    # A re-run that finds one more achievement first: ids shift, the decision still applies.
    extra = _achievement(
        _metric("规上工业增加值", 4.28, "亿元"), evidence="规上工业增加值4.28亿元,同比增长7.37%"
    )
    again = _summarize(store, extra, _achievement(WRONG_GDP))
    gdp_flag = next(f for f in again.flags if f.item_id == "a2")
    assert gdp_flag.review == "accepted"


def test_a_changed_claim_makes_the_decision_stale(store: Cache) -> None:
    first = _summarize(store, _achievement(WRONG_GDP))
    record_decision(store, flag_records(first, store)[0], "accept", reviewer="cy")
    changed = _metric("地区生产总值", 1593, "亿元", ("increase", 10.6))
    again = _summarize(store, _achievement(changed))
    flag = again.flags[0]
    assert flag.status == "scale_mismatch" and flag.review == "stale"
    assert again.achievements[0].metrics[0].value == 1593
    record = flag_records(again, store)[0]
    assert record.state == "stale" and record.is_open
    assert record.decision is not None and record.decision.claim.endswith("159.3亿元")


def test_the_newest_decision_wins_and_skip_leaves_the_flag_open(store: Cache) -> None:
    first = _summarize(store, _achievement(WRONG_GDP))
    record = flag_records(first, store)[0]
    record_decision(store, record, "reject", reviewer="dee")
    record_decision(store, record, "skip", reviewer="dee")
    assert record.state == "open" and record.skipped
    again = _summarize(store, _achievement(WRONG_GDP))
    assert again.flags[0].review is None
    assert again.achievements[0].metrics[0].value == 159.3


def test_correcting_a_change_and_applying_twice(store: Cache) -> None:
    wrong_change = _metric("地区生产总值", 15.93, "亿元", ("decrease", 10.6))
    first = _summarize(store, _achievement(wrong_change))
    flag = flag_records(first, store)[0]
    assert flag.check.field == "metrics[0].change" and flag.check.status == "sign_mismatch"
    record_decision(store, flag, "correct", value="增长10.6%", reviewer="eve")
    again = _summarize(store, _achievement(wrong_change))
    change = again.achievements[0].metrics[0].change
    assert change is not None
    assert (change.direction, change.amount, change.unit) == ("increase", 10.6, "%")
    apply_decisions(again, store)
    assert again.achievements[0].metrics[0].change == change


def test_a_correction_must_be_a_figure(store: Cache) -> None:
    first = _summarize(store, _achievement(WRONG_GDP))
    record = flag_records(first, store)[0]
    with pytest.raises(ReviewError, match="not a figure"):
        record_decision(store, record, "correct", value="大约很多")
    with pytest.raises(ReviewError, match="needs the right value"):
        record_decision(store, record, "correct", value="  ")
    assert record.decision is None


def test_another_report_text_does_not_inherit_decisions(store: Cache) -> None:
    first = _summarize(store, _achievement(WRONG_GDP))
    record_decision(store, flag_records(first, store)[0], "accept", reviewer="fay")
    doc = Document(text=TEXT + "\n附:本报告数据为快报数。", meta=ReportMeta(path="other.txt"))
    sections = chunk(doc)
    results = [
        (
            s,
            Extraction(
                result=ChunkResult(
                    achievements=[_achievement(WRONG_GDP)] if i == 0 else [],
                    targets=[],
                    problems=[],
                )
            ),
            None,
            False,
        )
        for i, s in enumerate(sections)
    ]
    other = build_summary(doc, sections, results, FakeProvider(), store=store)
    assert other.flags and all(f.review is None for f in other.flags)


# --------------------------------------------------------------------------- what review shows


RETIRED = _metric("退休经办率", 100, "%")
RETIRED_WORDS = "社保“无感直享”退休经办率100%"


def test_a_flag_carries_the_item_own_words_also_once_stored(store: Cache) -> None:
    """The report prints 100% three times, for three metrics. Whatever place the checker
    matched, the record carries the item's own words: where its figure was claimed from."""
    summary = _summarize(store, _achievement(WRONG_GDP, RETIRED, evidence=RETIRED_WORDS))
    records = {r.check.claim: r for r in flag_records(summary, store)}
    assert set(records) >= {"地区生产总值 159.3亿元"}
    for record in records.values():
        assert record.passage is not None and record.passage_start is not None
        assert RETIRED_WORDS in record.passage
        at = record.passage_start
        assert TEXT[at : at + len(record.passage)] == record.passage
    stored = {r.check.claim: r for r in stored_flags(store)}
    assert {c: (r.passage, r.passage_start) for c, r in stored.items()} == {
        c: (r.passage, r.passage_start) for c, r in records.items()
    }


@pytest.mark.parametrize(
    ("claim", "typed", "stored", "took_unit"),
    [
        ("地区生产总值 159.3亿元", "15.93亿元", "15.93亿元", False),
        ("地区生产总值 159.3亿元", "15.93", "15.93亿元", True),  # a bare number: the claim's unit
        ("地区生产总值 159.3亿元", "1593000000元", "1593000000元", False),
        ("地区生产总值 159.3亿元", "15.93亿", "15.93亿元", True),  # a scale without a unit
        ("实到外资 1618万元", "1618万美元", "1618万美元", False),  # another currency: still money
        ("一般公共预算收入 下降132.7%", "增长132.7%", "增长132.7%", False),
        ("一般公共预算收入 下降132.7%", "132.7", "132.7%", True),
        ("服务人次 1.2万人", "1.2万人次", "1.2万人次", False),  # a count stays a count
    ],
)
def test_a_correction_is_read_in_the_claim_unit(
    claim: str, typed: str, stored: str, took_unit: bool
) -> None:
    check = Check(id="c1", item_id="a1", field="metrics[0]", claim=claim, status="not_found")
    correction = read_correction(check, typed)
    assert (correction.value, correction.took_unit) == (stored, took_unit)


@pytest.mark.parametrize(
    ("claim", "typed", "message"),
    [
        (
            "地区生产总值 159.3亿元",
            "10.7万人",
            "10.7万人 is a count, but the claim is a sum of money (亿元): give a value in a "
            "unit of that kind",
        ),
        (
            "新增绿地 3.5万平方米",
            "3.5万元",
            "3.5万元 is a sum of money, but the claim is an area (万平方米): give a value in a "
            "unit of that kind",
        ),
        ("地区生产总值 159.3亿元", "很多", "not a figure: '很多'"),
    ],
)
def test_a_correction_of_another_kind_is_refused(claim: str, typed: str, message: str) -> None:
    check = Check(id="c1", item_id="a1", field="metrics[0]", claim=claim, status="not_found")
    with pytest.raises(ReviewError) as refused:
        read_correction(check, typed)
    assert str(refused.value) == message


def test_a_refusal_in_chinese() -> None:
    check = Check(
        id="c1",
        item_id="a1",
        field="metrics[0]",
        claim="地区生产总值 159.3亿元",
        status="not_found",
    )
    with pytest.raises(ReviewError) as refused:
        read_correction(check, "10.7万人", "zh")
    assert str(refused.value) == "10.7万人 是数量，原说法的单位 亿元 是金额：请用同类单位"
