"""`track` on the 98 province reports against the hand-read outcomes (fixtures/gold-gdp).

outcomes.json: for 69 province-years 1998–2003 with a GDP growth target, the growth the next
report says was achieved, read by a person from the texts (59 have one). Each row here is
compared with track's row for the same province, year and metric (gdp, growth): the target's
value, whether an outcome was found, its value, and the status — the status the README's rule
gives for the hand-read values.

The thresholds are what the rules provider gives today (measured, not hoped for, with a
margin of two): targets are read by the rules provider; outcomes it drops are still read from
the review's own words where they judge the target. The corpus is read
from ../shared/corpus (SUMMARIZER_CORPUS overrides); the test skips without it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from summarizer.config import load_settings
from summarizer.document.periods import make_period
from summarizer.pipeline import expand_paths, stream_files
from summarizer.track import judge, record_of, track
from summarizer.track.model import Source, Stated, TrackRecord
from summarizer.track_rows import TrackRow
from tests.conftest import FIXTURES, ROOT

CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))
pytestmark = pytest.mark.skipif(
    not (CORPUS / "provinces").is_dir(), reason=f"corpus not found at {CORPUS}"
)
GOLD = json.loads((FIXTURES / "gold-gdp" / "outcomes.json").read_text(encoding="utf-8"))["rows"]


@pytest.fixture(scope="module")
def rows() -> list[TrackRow]:
    records: list[TrackRecord] = []
    files = expand_paths([str(CORPUS / "provinces")])
    stream_files(
        files,
        load_settings({"no_cache": True}),
        lambda o: records.append(record_of(o.summary)) if o.summary is not None else None,
        progress=False,
    )
    return track(records)


def _gold_status(gold: dict[str, Any]) -> str:
    """What the README's rule says of the hand-read target and outcome."""
    target = Stated(
        metric_id="gdp",
        measure="growth",
        value=Decimal(gold["target_value"]),
        value_hi=Decimal(gold["target_value_hi"]) if gold["target_value_hi"] else None,
        unit="%",
        qualifier=gold["target_qualifier"],
        goal="floor",
        period=make_period(gold["year"], "Y"),
        source=Source("", None, None, "", None, None),
        restated=False,
        order=0,
    )
    met, _ = judge(target, Decimal(gold["outcome_value"]))
    return "met" if met else "missed"


def _compare(rows: list[TrackRow]) -> tuple[Counter[str], list[str]]:
    ours: dict[tuple[str, int], TrackRow] = {}
    for row in rows:
        if row.metric_id == "gdp" and row.measure == "growth" and row.period.span == "Y":
            province = row.target.report.split("-")[0]
            ours.setdefault((province, row.period.year), row)
    tally: Counter[str] = Counter()
    lines = []
    for gold in GOLD:
        row = ours.get((gold["province"], gold["year"]))
        has_gold = gold["outcome_value"] is not None
        tally["gold rows"] += 1
        tally["gold rows with an outcome"] += has_gold
        if row is None:
            lines.append(f"{gold['province']} {gold['year']}: no row (target not read)")
            continue
        tally["rows"] += 1
        tally["target value agrees"] += str(row.target.value) == gold["target_value"]
        settled = row.status in ("met", "missed")
        tally["rows with an outcome"] += settled
        value = row.outcome.value if row.outcome is not None else None
        if settled and not has_gold:
            tally["outcome where the text gives none"] += 1
        if settled and has_gold and str(value) == gold["outcome_value"]:
            tally["outcome value agrees"] += 1
        expected = _gold_status(gold) if has_gold else None
        agrees = row.status == expected if has_gold else not settled
        tally["status agrees"] += agrees
        if not agrees or str(row.target.value) != gold["target_value"]:
            lines.append(
                f"{gold['province']} {gold['year']}: target {row.target.value} "
                f"(hand {gold['target_value']}), outcome {value} (hand {gold['outcome_value']}), "
                f"{row.status} (hand {expected or 'no outcome'})"
            )
    return tally, lines


def test_track_agrees_with_the_hand_read_outcomes(rows: list[TrackRow]) -> None:
    tally, lines = _compare(rows)
    report = "\n".join([str(dict(tally)), *lines])
    assert tally["gold rows"] == 69 and tally["gold rows with an outcome"] == 59
    # Measured with the rules provider (see the module docstring; after issue 13's targets):
    # 69 rows, every target value as read by hand, 57 with an outcome, 55 outcome values and 66
    # statuses as read by hand, none where the text gives no outcome for the year.
    assert tally["rows"] >= 67, report
    assert tally["target value agrees"] >= 67, report
    assert tally["rows with an outcome"] >= 55, report
    assert tally["outcome value agrees"] >= 53, report
    assert tally["status agrees"] >= 64, report
    assert tally["outcome where the text gives none"] == 0, report


def test_every_row_whose_figures_agree_has_the_rules_status(rows: list[TrackRow]) -> None:
    """No threshold here: where track read the hand-read target and outcome, its status is the
    rule's for them (including the four below target: 内蒙古 1998 9.6 vs 10左右 met through
    左右, 河北 1999 9.1 vs 10左右 missed — as the reports themselves say)."""
    tally, _ = _compare(rows)
    for gold in GOLD:
        if gold["outcome_value"] is None:
            continue
        found = [
            row
            for row in rows
            if row.metric_id == "gdp"
            and row.measure == "growth"
            and row.period == make_period(gold["year"], "Y")
            and row.target.report.split("-")[0] == gold["province"]
            and str(row.target.value) == gold["target_value"]
            and row.outcome is not None
            and str(row.outcome.value) == gold["outcome_value"]
        ]
        for row in found:
            assert row.status == _gold_status(gold), (gold["province"], gold["year"])
    assert tally["outcome value agrees"] >= 30


def test_the_province_rows_as_a_whole(rows: list[TrackRow]) -> None:
    """Every row names its issuer, a catalogue metric and a period; an outcome is always from
    a report other than or later than the target's, and says where its quote stands."""
    statuses = Counter(row.status for row in rows)
    assert set(statuses) <= {"met", "missed", "no outcome reported", "not comparable"}
    assert statuses["met"] + statuses["missed"] >= 100
    for row in rows:
        assert row.issuer and row.metric_id and row.period.label
        if row.status in ("met", "missed"):
            assert row.outcome is not None and row.rule
            if row.outcome.value is not None:
                assert row.outcome.start is not None
        if row.status == "no outcome reported":
            assert row.outcome is None
