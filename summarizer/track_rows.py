"""What `summarizer track` writes: one row per target of one issuer and period, with the outcome
reported later. The public schema (schemas/track.schema.json); the records tracking keeps while
it reads are in track/model.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from summarizer.models import Period, format_decimal

# An exact value that may be negative (a growth of −3.2%), written as plain decimal text.
SignedDecimal = Annotated[
    Decimal,
    PlainSerializer(format_decimal, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}, mode="serialization"),
]

TrackStatus = Literal["met", "missed", "no outcome reported", "not comparable"]
TRACK_STATUSES: tuple[TrackStatus, ...] = ("met", "missed", "no outcome reported", "not comparable")


class TrackTarget(BaseModel):
    """A target as a report states it: the figure, its bound, and where it stands."""

    value: SignedDecimal | None = Field(
        description="the target as printed, in `unit`; a cut (下降3%) is negative"
    )
    value_hi: SignedDecimal | None = Field(default=None, description="upper end of a range")
    unit: str | None = None
    qualifier: str | None = Field(default=None, description="以上, 左右, 以内 … as printed")
    quote: str = Field(description="the target's words, located in its report")
    report: str = Field(description="the input file's stem")
    path: str | None = None
    item_id: str | None = None
    # [start, end) of the quote in the report's cleaned text; null when it was not found there.
    start: int | None = None
    end: int | None = None
    check: str | None = Field(default=None, description="the cross-check status of the figure")
    # True when no plan states the target and a later review restates it (接近10%左右的预期目标).
    restated: bool = False


class TrackOutcome(BaseModel):
    """What a later report says was achieved, for the same metric and period."""

    value: SignedDecimal | None = Field(
        description="the outcome in the target's unit; null when the report states only words "
        "(完成年度目标)"
    )
    unit: str | None = None
    quote: str
    report: str
    path: str | None = None
    item_id: str | None = None
    start: int | None = None
    end: int | None = None
    check: str | None = Field(
        default=None,
        description="the cross-check status of the figure (or the review decision on it); "
        "`source` when track read it from the review's own words (…增长9.1％，接近10％左右的"
        "预期目标) because no achievement reported it",
    )
    # The report's own words about the target beside the outcome: 高于预期目标0.2个百分点.
    says: str | None = None


class TrackRow(BaseModel):
    """One target of one issuer for one period, against the outcome reported later."""

    issuer: str
    region: str | None = None
    metric_id: str
    metric: str = Field(description="the metric's name, as the catalogue gives it")
    measure: Literal["level", "growth"] = Field(description="the figure itself, or its growth")
    period: Period
    target: TrackTarget
    outcome: TrackOutcome | None
    status: TrackStatus
    rule: str | None = Field(description="what decided the status")
    # Figures or quotes the cross-check flagged, a report's words that disagree with the rule,
    # revised or restated targets.
    flagged: bool = False
    notes: list[str] = Field(default_factory=list)
