"""Targets of one period against the outcomes reported later, per issuer.

Two steps, so that tracking hundreds of reports keeps only what it needs:

| module | job |
|---|---|
| model.py | the small records kept per report: `Stated`, `Achieved`, `Said`, `TrackRecord` |
| said.py | what a review's own words say became of a target (高于预期目标0.2个百分点, 完成年度目标) |
| record.py | `record_of(summary)`: one ReportSummary → its targets, outcomes and verdicts |
| pairing.py | `track(records)`: each target against the same metric and period, later, same issuer |

Knows no CLI and no renderer; `summarizer track` and briefings both call it.
"""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.models import ReportSummary
from summarizer.track.model import TrackRecord
from summarizer.track.pairing import RATE_TOLERANCE, RELATIVE_TOLERANCE, judge, track
from summarizer.track.record import record_of
from summarizer.track_rows import TrackRow

__all__ = [
    "RATE_TOLERANCE",
    "RELATIVE_TOLERANCE",
    "TrackRecord",
    "judge",
    "record_of",
    "track",
    "track_summaries",
]


def track_summaries(summaries: Iterable[ReportSummary]) -> list[TrackRow]:
    """`track` over summaries at hand (tests, small batches)."""
    return track(record_of(summary) for summary in summaries)
