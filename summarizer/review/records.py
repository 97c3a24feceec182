"""What review works on: a decision, a flag with its decision, and the item a check is about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from summarizer.errors import SummarizerError
from summarizer.models import AchievementItem, Check, Metric, ProblemItem, TargetItem

DecisionKind = Literal["accept", "reject", "correct", "skip"]
DECISIONS: tuple[DecisionKind, ...] = ("accept", "reject", "correct", "skip")
# What a decision makes of its check (`Check.review`).
_REVIEW_MARK = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}

Item = AchievementItem | TargetItem | ProblemItem


class ReviewError(SummarizerError):
    """A decision that cannot be taken: a correction that is not a figure, an unknown flag."""


@dataclass(frozen=True, slots=True)
class Decision:
    key: str
    decision: DecisionKind
    value: str | None
    reviewer: str
    decided_at: str
    claim: str
    claim_fp: str


@dataclass(slots=True)
class FlagRecord:
    """One flag of one report, with the decision on it (if any), for listing and review."""

    report_hash: str
    report_path: str | None
    report_title: str | None
    check: Check
    decision_key: str
    claim_fp: str
    decision: Decision | None = None
    # The item's own words in the source (its evidence, with a little around it), where the
    # figure was claimed from; offsets in the cleaned text. The check's `context` is where the
    # checker matched the value, which may be another place the same number stands.
    passage: str | None = None
    passage_start: int | None = None

    @property
    def state(self) -> str:
        """open (no decision, or skipped), stale (decided for a claim that has since changed),
        or what the decision made of it: accepted / rejected / corrected."""
        if self.decision is None or self.decision.decision == "skip":
            return "open"
        if self.decision.claim_fp != self.claim_fp:
            return "stale"
        return _REVIEW_MARK[self.decision.decision]

    @property
    def is_open(self) -> bool:
        return self.state in ("open", "stale")

    @property
    def skipped(self) -> bool:
        return self.decision is not None and self.decision.decision == "skip"


def metric_at(item: Item, field: str) -> Metric | None:
    """The metric a check's field points at: metrics[i] (achievement) or metric (target)."""
    head = field.split(".", 1)[0]
    if isinstance(item, AchievementItem) and head.startswith("metrics["):
        try:
            index = int(head[len("metrics[") : -1])
        except ValueError:
            return None
        return item.metrics[index] if 0 <= index < len(item.metrics) else None
    if isinstance(item, TargetItem) and head == "metric":
        return item.metric
    return None
