"""The data that flows between stages.

Two families live here:

* the *model-facing* schema (`Metric`, `Achievement`, `Target`, `Problem`, `ChunkResult`): what a
  provider returns for one section. Every field is required and nullable where a value may be
  absent, because OpenAI's strict structured outputs demand it. No ids, no spans: those are the
  project's, never the model's.
* the *project-side* records (`*Item`, `Check`, `ReportSummary` …): the same content plus ids,
  section ids, evidence spans into the cleaned text, check statuses, usage.

This module knows no stage: it imports nothing from the rest of the package.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
)

SCHEMA_VERSION = "3"

Role = Literal["review", "plan", "problems", "other"]
ROLES: tuple[Role, ...] = ("review", "plan", "problems", "other")

Category = Literal[
    "经济发展",
    "项目建设",
    "城市建设与管理",
    "民生保障",
    "社会治理与安全",
    "党建与政府建设",
    "其他",
]
CATEGORIES: tuple[Category, ...] = (
    "经济发展",
    "项目建设",
    "城市建设与管理",
    "民生保障",
    "社会治理与安全",
    "党建与政府建设",
    "其他",
)

Direction = Literal["increase", "decrease"]
Bound = Literal["exact", "lower", "upper", "approx"]
# What a figure of the source measures (figures/ decides): the metric itself, its change, a
# share or contribution, a per-person / per-mu level, a sum over several years.
FigureKind = Literal["level", "growth", "share", "per_unit", "total"]


# --------------------------------------------------------------------------- documents


# How long a period runs: a year, a half, a quarter, or a five-year term (十四五, 过去五年).
Span = Literal["Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4", "5Y"]
SPANS: tuple[Span, ...] = ("Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4", "5Y")
Kind = Literal["政府工作报告", "工作总结", "半年工作总结", "工作总结和工作计划", "工作要点"]
KINDS: tuple[Kind, ...] = (
    "政府工作报告",
    "工作总结",
    "半年工作总结",
    "工作总结和工作计划",
    "工作要点",
)
Level = Literal["省", "市", "区县", "街道乡镇", "部门"]
LEVELS: tuple[Level, ...] = ("省", "市", "区县", "街道乡镇", "部门")


class Period(BaseModel):
    """A period as a reader would say it, and as a program compares it.

    `year` is the year the period ends in for a review and begins in for a plan: a five-year
    review 2016—2020年 has year 2020, a five-year plan 2021—2025年 year 2021."""

    model_config = ConfigDict(frozen=True)

    label: str = Field(description="as a reader says it: 2023年, 2023年上半年, 2021—2025年")
    year: int
    span: Span


class ReportMeta(BaseModel):
    """The frame of a report: what it is, who issued it, which periods it reviews and plans."""

    path: str | None = None
    title: str | None = None
    # 政府工作报告 / 工作总结 / 半年工作总结 / 工作总结和工作计划 / 工作要点.
    kind: Kind | None = None
    level: Level | None = None
    # The body that issues the report, as the report names it: 上海市人民政府, 下应街道.
    issuer: str | None = None
    # The place it speaks for: 上海市, 宁波市鄞州区.
    region: str | None = None
    published: date | None = None
    # The last period the report looks back on, and the first it plans for (null without a plan
    # part): a 政府工作报告 of 2024 reviews 2023 and plans 2024.
    review_period: Period | None = None
    plan_period: Period | None = None
    # Which parts the report has: review (回顾/成效), problems (存在问题), plan (计划/目标).
    parts: list[Role] = Field(default_factory=list)
    # The page the text was taken from, when the file says so.
    source_url: str | None = None
    encoding: str | None = None
    source_format: str | None = None
    # What the reader of the frame should know: the file name's year loses to the text's.
    warnings: list[str] = Field(default_factory=list)

    def period_text(self, lang: str = "zh") -> str | None:
        """Both periods as a reader says them: ``2021年（计划 2022年）``; a report without a
        plan part names its review alone, a pure plan its plan."""
        review, plan = self.review_period, self.plan_period
        if review is not None and plan is not None:
            word = "计划" if lang == "zh" else "plan"
            return (
                f"{review.label}（{word} {plan.label}）"
                if lang == "zh"
                else (f"{review.label} ({word} {plan.label})")
            )
        period = review or plan
        return period.label if period is not None else None


class Document(BaseModel):
    """A report after load + clean. `text` is the cleaned text; every offset refers to it."""

    text: str
    meta: ReportMeta = Field(default_factory=ReportMeta)
    # Start offsets of the lines the source marked as headings (Markdown `**…**` or `#` lines,
    # HTML <h1>–<h6>): the chunker reads them as part headings. Not part of any output.
    heading_lines: list[int] = Field(default_factory=list, exclude=True, repr=False)
    # The outline the frame stage computed, with what it was computed from (the text and the
    # frame): chunk reuses it while both are unchanged.
    _outline: tuple[object, list[Section]] | None = PrivateAttr(default=None)


class Section(BaseModel):
    """A run of the cleaned text from one heading to the next (spans tile the text)."""

    id: str
    heading_path: list[str]
    level: int
    role: Role
    start: int
    end: int
    # The section's own text (== document.text[start:end]); excluded from chunks JSON.
    text: str = Field(default="", exclude=True, repr=False)
    # When an over-long section is split at sentence ends: index of the part, and their count.
    part: int = 1
    parts: int = 1


# --------------------------------------------------------------------------- numbers


def format_decimal(value: Decimal) -> str:
    """Plain (non-scientific) text of an exact decimal: 1593000000, 10.6, 0.05."""
    if not value.is_finite():
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


# An exact value written out as plain decimal text in JSON (never 1E+9 or 1E-7).
PlainDecimal = Annotated[
    Decimal,
    PlainSerializer(format_decimal, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d+)?$"}, mode="serialization"),
]


@dataclass(slots=True)
class NumberMention:
    """One quantity found in a text by the numbers stage.

    `value` is exact and in base units (15.93亿元 → 1593000000, unit 元) and unsigned: the sign
    lives in `direction`. `precision` is the number of decimal places printed in the source
    *before* scaling (15.93亿 → 2), so a claim can be matched "at the printed precision".
    """

    raw: str
    start: int
    end: int
    value: PlainDecimal
    unit: str | None = None
    scale: str | None = None
    precision: int = 0
    qualifier: str | None = None
    bound: Bound = "exact"
    direction: Direction | None = None
    comparable: bool = True
    value_hi: PlainDecimal | None = None
    # Free-form extras the numbers stage may attach (e.g. the cue word that set the direction).
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["value"] = format_decimal(self.value)
        d["value_hi"] = None if self.value_hi is None else format_decimal(self.value_hi)
        if not d["extra"]:
            d.pop("extra")
        return d


# --------------------------------------------------------------------------- model-facing schema


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Change(_Strict):
    """A change that goes with a figure: 同比增长10.6% → increase, 10.6, %, 同比."""

    direction: Literal["increase", "decrease", "flat"] | None = Field(
        description="增长/提高/上升 → increase; 下降/减少 → decrease; 持平 → flat"
    )
    amount: float | None = Field(description="the size of the change, unsigned, e.g. 10.6")
    unit: Literal["%", "个百分点"] | None = Field(description="% or 个百分点, never confused")
    basis: str | None = Field(description="同比, 环比, 比上年 … as printed")


class Metric(_Strict):
    """A figure as the source prints it (value + unit with its scale word, e.g. 15.93 亿元)."""

    name: str = Field(description="what is measured, in the source's words, e.g. 地区生产总值")
    value: float | None = Field(description="the number as printed, without its scale word")
    value_hi: float | None = Field(description="upper end of a range such as 6%-6.5%, else null")
    unit: str | None = Field(description="unit with its scale word as printed: 亿元, 万元, 家, %")
    qualifier: str | None = Field(description="近, 超, 逾, 约, 余, 以上, 左右 … as printed")
    change: Change | None = Field(description="the change that goes with this figure, if any")
    raw: str | None = Field(description="the figure exactly as printed in the source")
    derived: bool = Field(
        description="true only when you computed the value (a sum, difference or ratio)"
    )


class Achievement(_Strict):
    summary: str = Field(description="one sentence in Chinese")
    category: Category
    metrics: list[Metric]
    evidence: str = Field(description="an exact quote from the section text")


class Target(_Strict):
    summary: str = Field(description="one sentence in Chinese")
    metric: Metric | None = Field(description="the metric with its target value, if it has one")
    qualifier: str | None = Field(description="力争, 确保, 以上, 左右 … as printed")
    period: str | None = Field(description="the period the target is for, e.g. 2024年")
    evidence: str = Field(description="an exact quote from the section text")


class Problem(_Strict):
    summary: str = Field(description="one sentence in Chinese")
    area: str | None = Field(description="经济, 民生, 营商环境, 安全 …")
    evidence: str = Field(description="an exact quote from the section text")


class ChunkResult(_Strict):
    """What a provider returns for one section."""

    achievements: list[Achievement]
    targets: list[Target]
    problems: list[Problem]


# --------------------------------------------------------------------------- project-side records


class Usage(BaseModel):
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cache_hits: int = 0
    cost: float | None = None

    def add(self, other: Usage) -> Usage:
        cost = None
        if self.cost is not None or other.cost is not None:
            cost = (self.cost or 0.0) + (other.cost or 0.0)
        return Usage(
            requests=self.requests + other.requests,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cache_hits=self.cache_hits + other.cache_hits,
            cost=cost,
        )


class _Located(BaseModel):
    """Fields the project adds to every item: its id, section, and where its quote stands."""

    id: str
    section_id: str
    # [start, end) of the evidence in the cleaned text; None when the quote was not found.
    start: int | None = None
    end: int | None = None


class MetricItem(Metric):
    """A metric as a ReportSummary carries it: with the lexicon's canonical id of what it
    measures (lexicon/metrics.toml: `gdp`, `general_budget_revenue` …), or null when the
    metric is not in the catalogue, is a part or a flow of one (新片区…, 新签约…), or a share,
    per-unit figure or rate of one (占GDP比重, 人均GDP, 单位GDP能耗 never get `gdp`)."""

    model_config = ConfigDict(extra="ignore")

    metric_id: str | None = Field(
        default=None, description="the lexicon's canonical metric id, or null"
    )


def _as_item(value: Any) -> Any:
    """A model-facing Metric handed to an item becomes a MetricItem (its id filled later)."""
    if isinstance(value, Metric) and not isinstance(value, MetricItem):
        return value.model_dump()
    return value


class AchievementItem(Achievement, _Located):
    model_config = ConfigDict(extra="ignore")

    metrics: list[MetricItem]  # type: ignore[assignment]
    # The period its figures are for: the report's review period, or what its sentence says
    # (2002年全省… inside a five-year review; 过去五年… inside a one-year one). A figure that
    # spans several years (年均, 比1997年) says so in its check (`multi_year`).
    resolved_period: Period | None = None
    # What a reader would put first (1 = first; summarizer/ranking.py); ids stay in document
    # order.
    rank: int | None = None

    @field_validator("metrics", mode="before")
    @classmethod
    def _metric_items(cls, value: Any) -> Any:
        return [_as_item(v) for v in value] if isinstance(value, list) else value


class TargetItem(Target, _Located):
    model_config = ConfigDict(extra="ignore")

    # metric.metric_id is `gdp` only for the plan period's GDP growth target, one per report
    # (summarizer/target_ids.py).
    metric: MetricItem | None
    # The period the target is for, whichever provider read it: the period it wrote out when
    # that names one (2024年, 2021—2025年), else its words, its part and the report's frame.
    resolved_period: Period | None = None

    @field_validator("metric", mode="before")
    @classmethod
    def _metric_item(cls, value: Any) -> Any:
        return _as_item(value)


class ProblemItem(Problem, _Located):
    model_config = ConfigDict(extra="ignore")


CheckStatus = Literal[
    "verified",
    "rounded",
    "derived",
    "qualifier_mismatch",
    "unit_mismatch",
    "scale_mismatch",
    "sign_mismatch",
    "derived_mismatch",
    "metric_mismatch",
    "not_found",
    "quote_not_found",
]
# Statuses that need no human look: the figure stands in the source (or was computed correctly).
OK_STATUSES: frozenset[str] = frozenset({"verified", "rounded", "derived"})


class Check(BaseModel):
    """The cross-check of one claim (a figure, a change, a target value, or a quote)."""

    id: str
    item_id: str
    # Where the claim sits inside its item: "metrics[0]", "metrics[0].change", "metric", "evidence".
    field: str
    claim: str
    status: CheckStatus
    mention: NumberMention | None = None
    context: str | None = None
    context_start: int | None = None
    message: str = ""
    # What the source figure the claim was matched to measures, as figures/ reads it: its kind,
    # whether it spans several years (年均, 比1997年, 五年累计), and its catalogue id (which may
    # name a metric the provider's own wording missed). Null when nothing matched.
    kind: FigureKind | None = None
    multi_year: bool = False
    metric_id: str | None = None
    # Set when a stored review decision applies: accepted / rejected / corrected / stale.
    review: str | None = None
    corrected_value: str | None = None

    @property
    def is_flag(self) -> bool:
        return self.status not in OK_STATUSES


class Coverage(BaseModel):
    """Figures in review sections that no achievement reports (possible omissions)."""

    review_figures: int = 0
    covered: int = 0
    omitted: list[NumberMention] = Field(default_factory=list)


class SectionSummary(Section):
    """A section as it appears in a ReportSummary: with how its extraction went."""

    status: Literal["ok", "cached", "failed"] = "ok"
    error: str | None = None
    usage: Usage = Field(default_factory=Usage)


class ReportSummary(BaseModel):
    schema_version: str = SCHEMA_VERSION
    report: ReportMeta
    text_length: int = 0
    provider: str
    model: str | None = None
    prompt_version: str | None = None
    generated_at: str | None = None
    sections: list[SectionSummary] = Field(default_factory=list)
    achievements: list[AchievementItem] = Field(default_factory=list)
    targets: list[TargetItem] = Field(default_factory=list)
    problems: list[ProblemItem] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    flags: list[Check] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    usage: Usage = Field(default_factory=Usage)
    error: str | None = None


@dataclass(slots=True)
class Extraction:
    """A provider's answer for one section, with what it cost (what the cache stores)."""

    result: ChunkResult
    usage: Usage = field(default_factory=Usage)
