"""figures/ against the hand-read ownership gold (fixtures/gold-ownership/figures.json).

For each gold figure the figure read at the same place of the report must name the metric the
gold names (one of its `accept` names) with the gold's kind: level, growth, share, per_unit or
total. Multi-year, threshold and catalogue id are scored too. The reports are read from
../shared/corpus; the test skips when that folder is absent.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from summarizer.document.ingest import load
from summarizer.figures import Figure, read_figures
from summarizer.numbers import extract_numbers
from tests.conftest import FIXTURES

GOLD = FIXTURES / "gold-ownership" / "figures.json"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TARGET = 0.95
# Catalogue ids added after this gold was read (issue 13: the key indicators a headline table
# ranks). The gold's `metric_id` is null for their figures because the catalogue of its day
# had no id for them, not because they measure something else; until a person re-reads those
# figures, a figure with one of these ids is scored as the gold's null.
ADDED_AFTER_GOLD = frozenset(
    {
        "foreign_trade",
        "exports",
        "disposable_income",
        "urban_disposable_income",
        "rural_income",
        "new_urban_jobs",
        "new_jobs",
    }
)

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the development corpus is not at {CORPUS}"
)


def _nth(haystack: str, needle: str, n: int) -> int:
    at = haystack.find(needle)
    for _ in range(n):
        at = haystack.find(needle, at + 1)
    return at


@cache
def _figures(source: str) -> tuple[str, tuple[Figure, ...]]:
    text = load(CORPUS / source.removeprefix("corpus/")).text
    return text, tuple(read_figures(text, extract_numbers(text)))


@dataclass(frozen=True)
class Scored:
    gold: dict[str, Any]
    figure: Figure | None

    @property
    def name(self) -> bool:
        return self.figure is not None and self.figure.name in self.gold["accept"]

    @property
    def kind(self) -> bool:
        return self.figure is not None and self.figure.kind == self.gold["kind"]

    def field(self, name: str) -> bool:
        if self.figure is None:
            return False
        got = {
            "multi_year": self.figure.multi_year,
            "threshold": self.figure.scope,
            "metric_id": self.figure.metric_id,
        }[name]
        if name == "metric_id" and got in ADDED_AFTER_GOLD:
            # The gold reads ids against the catalogue of its day, which had no such id.
            got = None
        return bool(got == self.gold[name])

    def why(self) -> str:
        g, f = self.gold, self.figure
        if f is None:
            return f"{g['raw']} in {g['sentence'][:40]}: no figure read there"
        wrong = [
            f"{label} {got!r} (gold {want!r})"
            for label, got, want, ok in (
                ("name", f.name, g["metric"], self.name),
                ("kind", f.kind, g["kind"], self.kind),
            )
            if not ok
        ]
        return f"{g['raw']} in {g['sentence'][:40]}: " + "; ".join(wrong)


@cache
def scored() -> tuple[Scored, ...]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["figures"]
    out = []
    for entry in gold:
        text, figures = _figures(entry["source"])
        sentence = _nth(text, entry["sentence"], entry["occurrence"])
        assert sentence >= 0, f"gold sentence not in {entry['source']}: {entry['sentence']}"
        at = sentence + _nth(entry["sentence"], entry["raw"], entry["raw_occurrence"])
        figure = next((f for f in figures if f.start <= at < f.end), None)
        out.append(Scored(entry, figure))
    return tuple(out)


def test_figures_own_what_the_gold_says(capsys: pytest.CaptureFixture[str]) -> None:
    rows = scored()
    n = len(rows)
    both = [r for r in rows if r.name and r.kind]
    respectively = [r for r in rows if "分别" in r.gold["sentence"]]
    by_kind: Counter[str] = Counter(r.gold["kind"] for r in rows)
    right_kind: Counter[str] = Counter(r.gold["kind"] for r in both)
    with capsys.disabled():
        print(
            f"\n[figures] ownership gold: metric and kind right {len(both)}/{n} = {len(both) / n:.3f}"
        )
        print(
            "  metric {:.3f}  kind {:.3f}  multi_year {:.3f}  threshold {:.3f}  metric_id {:.3f}".format(
                sum(r.name for r in rows) / n,
                sum(r.kind for r in rows) / n,
                sum(r.field("multi_year") for r in rows) / n,
                sum(r.field("threshold") for r in rows) / n,
                sum(r.field("metric_id") for r in rows) / n,
            )
        )
        print(
            f"  分别 figures {sum(r.name and r.kind for r in respectively)}/{len(respectively)}; "
            + ", ".join(f"{k} {right_kind[k]}/{by_kind[k]}" for k in sorted(by_kind))
        )
    assert n >= 150
    assert len(both) / n >= TARGET, "\n".join(r.why() for r in rows if not (r.name and r.kind))


def test_every_gold_figure_is_read_as_a_figure() -> None:
    missing = [r.why() for r in scored() if r.figure is None]
    assert not missing, "\n".join(missing)


def test_multi_year_threshold_and_catalogue_id() -> None:
    rows = scored()
    for field in ("multi_year", "threshold", "metric_id"):
        right = sum(r.field(field) for r in rows) / len(rows)
        assert right >= TARGET, field


def test_a_share_per_capita_or_per_unit_figure_never_gets_the_gdp_id() -> None:
    for row in scored():
        if row.figure is not None and row.figure.kind in ("share", "per_unit"):
            assert row.figure.metric_id is None, row.why()
