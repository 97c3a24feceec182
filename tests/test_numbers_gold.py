"""The numbers stage against hand-reviewed gold files, one per seed report.

Gold entries key on (raw text, occurrence) rather than offsets, so they survive changes to the
clean stage. A prediction counts as correct only when every field agrees: value, unit, scale,
precision, qualifier, bound, direction, comparable, value_hi.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest

from summarizer.document.ingest import load
from summarizer.models import NumberMention, format_decimal
from summarizer.numbers import EXCLUSION_RULES, scan
from tests.conftest import FIXTURES, SEED_REPORTS

GOLD = FIXTURES / "gold"
TARGET = 0.98
FIELDS = (
    "value",
    "value_hi",
    "unit",
    "scale",
    "precision",
    "qualifier",
    "bound",
    "direction",
    "comparable",
)

Key = tuple[str, int]


def occurrence(text: str, raw: str, start: int) -> int:
    """How many times `raw` stands in `text` before `start` (places inside longer figures count)."""
    count, i = 0, text.find(raw)
    while i != -1 and i < start:
        count += 1
        i = text.find(raw, i + 1)
    assert i == start, f"{raw!r} does not stand at {start}"
    return count


@cache
def gold_of(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLD / f"{SEED_REPORTS[name].stem}.json").read_text("utf-8"))
    return data


@cache
def text_of(name: str) -> str:
    return load(SEED_REPORTS[name]).text


def _expected(name: str) -> dict[Key, dict[str, Any]]:
    gold = gold_of(name)
    defaults = gold["defaults"]
    return {
        (e["raw"], e["occurrence"]): {f: e.get(f, defaults.get(f)) for f in FIELDS}
        for e in gold["mentions"]
    }


def _fields(m: NumberMention) -> dict[str, Any]:
    return {
        "value": format_decimal(m.value),
        "value_hi": None if m.value_hi is None else format_decimal(m.value_hi),
        "unit": m.unit,
        "scale": m.scale,
        "precision": m.precision,
        "qualifier": m.qualifier,
        "bound": m.bound,
        "direction": m.direction,
        "comparable": m.comparable,
    }


def score(name: str) -> tuple[float, float, int, int, list[str]]:
    """(precision, recall, predicted, gold, differences) for one seed report."""
    text = text_of(name)
    expected = _expected(name)
    predicted = {(m.raw, occurrence(text, m.raw, m.start)): _fields(m) for m in scan(text).mentions}
    correct = sum(1 for k, v in predicted.items() if expected.get(k) == v)
    diffs = [
        f"{k}: got {predicted.get(k)} want {expected.get(k)}"
        for k in sorted(set(predicted) | set(expected))
        if predicted.get(k) != expected.get(k)
    ]
    precision = correct / len(predicted) if predicted else 1.0
    recall = correct / len(expected) if expected else 1.0
    return precision, recall, len(predicted), len(expected), diffs


@pytest.mark.parametrize("name", sorted(SEED_REPORTS))
def test_precision_and_recall_against_gold(name: str) -> None:
    precision, recall, _, n_gold, diffs = score(name)
    assert n_gold > 40, "a gold file this small cannot be the whole report"
    assert precision >= TARGET and recall >= TARGET, "\n".join(diffs)


def test_print_scores(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [(name, *score(name)[:4]) for name in sorted(SEED_REPORTS)]
    with capsys.disabled():
        print("\n\nnumbers stage vs gold (all fields must agree)")
        print(f"{'report':<10} {'precision':>9} {'recall':>7} {'predicted':>9} {'gold':>5}")
        for name, p, r, n_pred, n_gold in rows:
            print(f"{name:<10} {p:>9.3f} {r:>7.3f} {n_pred:>9} {n_gold:>5}")
    assert all(p >= TARGET and r >= TARGET for _, p, r, _, _ in rows)


_DIGIT_RUN = re.compile(r"[0-9０-９]+")


@pytest.mark.parametrize("name", sorted(SEED_REPORTS))
def test_every_digit_run_is_read_or_excluded_by_a_named_rule(name: str) -> None:
    text = text_of(name)
    result = scan(text)
    spans = [(m.start, m.end, "mention") for m in result.mentions]
    spans += [(x.start, x.end, x.rule) for x in result.excluded]
    unaccounted = []
    for run in _DIGIT_RUN.finditer(text):
        owners = [why for s, e, why in spans if s <= run.start() and run.end() <= e]
        if not owners:
            unaccounted.append(
                f"{run.group()!r} at {run.start()}: {text[run.start() - 8 : run.end() + 8]!r}"
            )
        assert all(w == "mention" or w in EXCLUSION_RULES for w in owners)
    assert not unaccounted, "\n".join(unaccounted)


@pytest.mark.parametrize("name", sorted(SEED_REPORTS))
def test_excluded_figures_carry_the_rule_the_gold_file_names(name: str) -> None:
    text = text_of(name)
    got = {
        (x.raw.strip(), occurrence(text, x.raw.strip(), x.start)): x.rule
        for x in scan(text).excluded
        if _DIGIT_RUN.search(x.raw)
    }
    want = {(e["raw"], e["occurrence"]): e["rule"] for e in gold_of(name)["excluded"]}
    assert got == want


def test_gold_files_cover_every_seed_and_name_real_text() -> None:
    for name in SEED_REPORTS:
        text = text_of(name)
        for e in gold_of(name)["mentions"]:
            # The n-th occurrence must exist: a typo in the gold file would otherwise pass.
            places, i = 0, text.find(e["raw"])
            while i != -1:
                places += 1
                i = text.find(e["raw"], i + 1)
            assert places > e["occurrence"], e
    assert {p.stem for p in GOLD.glob("*.json")} >= {p.stem for p in SEED_REPORTS.values()}
