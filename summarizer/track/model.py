"""What tracking keeps of each report: small records, so hundreds of reports fit in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from summarizer.lexicon.outcomes import Verdict
from summarizer.models import Period

Measure = Literal["level", "growth"]
# floor: the outcome must reach the figure; ceiling: stay at or under it (失业率控制在4.5%以内).
Goal = Literal["floor", "ceiling"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure or a quote stands, and what the cross-check said of it."""

    report: str
    path: str | None
    item_id: str | None
    quote: str
    start: int | None
    end: int | None
    check: str | None = None
    # One line per problem: a flagged figure (with the check's message), a quote not located.
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stated:
    """A target as one report states it."""

    metric_id: str
    measure: Measure
    value: Decimal | None
    value_hi: Decimal | None
    unit: str | None
    qualifier: str | None
    goal: Goal
    period: Period
    source: Source
    # Stated in a review part, looking back (接近10%左右的预期目标): the reviewed period's target.
    restated: bool
    order: int
    # A goal over a term: an average a year (年均增长7%) or a total.
    multi_year: bool = False
    average: bool = False
    # The words the report names the metric with (国内生产总值).
    name: str = ""


@dataclass(frozen=True, slots=True)
class Achieved:
    """A figure a report gives as achieved, with the period it is for."""

    metric_id: str
    measure: Measure
    value: Decimal
    unit: str | None
    period: Period
    source: Source
    # The report's own words about the target, right after the figure.
    says: Said | None
    order: int
    # A figure over several years (年均, 比1997年, 五年累计), and whether it is an average a
    # year (年均增长9.5%) rather than a total (比1997年增长57%, 五年完成投资998.7亿元).
    multi_year: bool = False
    average: bool = False
    name: str = ""
    # Where it came from: a provider's achievement (its check status), or a review's own words.
    field: str = ""


@dataclass(frozen=True, slots=True)
class Said:
    """What a review's own words say became of a target: 高于预期目标0.2个百分点,
    接近10％左右的预期目标, 完成年度目标."""

    verdict: Verdict
    words: str
    # Percentage points the outcome stands above (+) or below (−) the target, when printed.
    gap: Decimal | None = None
    # The target figure the words restate (接近10％左右的预期目标 → 10), in %.
    restated: Decimal | None = None
    # For a verdict read from a review's text (not beside a provider's outcome): the metric
    # and period it speaks of, where it stands, and the figure it judges when the sentence
    # prints one right before it (…比上年增长9.1％，接近10％左右的预期目标), as figures/ reads it,
    # with that change's level.
    metric_id: str | None = None
    period: Period | None = None
    source: Source | None = None
    figures: tuple[Achieved, ...] = ()

    @property
    def met(self) -> bool:
        return self.verdict in ("above", "reached", "basically")


@dataclass(slots=True)
class TrackRecord:
    report: str
    path: str | None
    # Reports of one place share a group: the region the frame read, else the issuer.
    group: str
    issuer: str | None
    region: str | None
    # When the report was written, as the end of what it reviews: (year, fraction of the year).
    when: tuple[int, float]
    # The report's level (省, 市, 区县, 街道乡镇, 部门): the scope its figures cover.
    level: str | None = None
    targets: list[Stated] = field(default_factory=list)
    achieved: list[Achieved] = field(default_factory=list)
    said: list[Said] = field(default_factory=list)
