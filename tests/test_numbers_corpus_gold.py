"""The numbers stage against the hand-read gold of corpus excerpts (fixtures/gold-numbers/).

Each gold file covers an excerpt of a report in ../shared/corpus (its README gives the format:
entries key on the printed core of a figure and its occurrence, by the rule `check.py`
implements). A prediction is correct only when every field agrees: value, value_hi, unit,
scale, precision, qualifier, bound, direction, comparable. The test skips when the corpus is
absent.

These files share the seed gold's conventions (fixtures/gold/): a Chinese numeral before 大
(三大产业, 十大行动) names a group and is no mention.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from summarizer.models import NumberMention, format_decimal
from summarizer.numbers import scan
from tests.conftest import FIXTURES

GOLD = FIXTURES / "gold-numbers"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TARGET = 0.99
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
_NUMERALS = frozenset("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万亿")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the development corpus is not at {CORPUS}"
)


@cache
def _check() -> ModuleType:
    """fixtures/gold-numbers/check.py: where a core stands (the gold's occurrence rule)."""
    spec = importlib.util.spec_from_file_location("gold_numbers_check", GOLD / "check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _excerpt(gold: dict[str, Any]) -> str:
    text = (CORPUS / gold["source"].removeprefix("corpus/")).read_text(encoding="utf-8")
    start = text.index(gold["excerpt"]["from"])
    end = text.index(gold["excerpt"]["to"], start) + len(gold["excerpt"]["to"])
    return text[start:end]


def _fields(mention: NumberMention) -> dict[str, Any]:
    return {
        "value": format_decimal(mention.value),
        "value_hi": None if mention.value_hi is None else format_decimal(mention.value_hi),
        "unit": mention.unit,
        "scale": mention.scale,
        "precision": mention.precision,
        "qualifier": mention.qualifier,
        "bound": mention.bound,
        "direction": mention.direction,
        "comparable": mention.comparable,
    }


def _core_start(mention: NumberMention) -> int:
    """Where the printed number of a mention begins (after 近, -, 百分之 …)."""
    raw = mention.raw
    if raw.startswith("百分之"):
        return mention.start + 3
    skip = next((i for i, ch in enumerate(raw) if ch in _NUMERALS), 0)
    return mention.start + skip


@cache
def score(name: str) -> tuple[int, int, int, int, int, list[str]]:
    """(predicted, gold, correct, matched places, matched values, differences)."""
    gold = json.loads((GOLD / name).read_text(encoding="utf-8"))
    text = _excerpt(gold)
    defaults = gold["defaults"]
    expected: dict[int, dict[str, Any]] = {}
    for entry in gold["mentions"]:
        at = _check().places(text, entry["core"])[entry["occurrence"]]
        expected[at] = {f: entry.get(f, defaults.get(f)) for f in FIELDS}
    predicted = {_core_start(m): _fields(m) for m in scan(text).mentions}
    correct = sum(1 for at, got in predicted.items() if expected.get(at) == got)
    matched = [at for at in predicted if at in expected]
    values = sum(1 for at in matched if expected[at]["value"] == predicted[at]["value"])
    diffs = [
        f"{text[max(0, at - 8) : at + 10]!r}: got {predicted.get(at)} want {expected.get(at)}"
        for at in sorted(set(predicted) | set(expected))
        if predicted.get(at) != expected.get(at)
    ]
    return len(predicted), len(expected), correct, len(matched), values, diffs


FILES = sorted(p.name for p in GOLD.glob("*.json"))


def test_precision_recall_and_values_against_the_corpus_gold(
    capsys: pytest.CaptureFixture[str],
) -> None:
    totals = [0, 0, 0, 0, 0]
    diffs: list[str] = []
    with capsys.disabled():
        print("\n\nnumbers stage vs corpus gold (all fields must agree)")
        print(f"{'excerpt':<20} {'precision':>9} {'recall':>7} {'predicted':>9} {'gold':>5}")
    for name in FILES:
        predicted, expected, correct, matched, values, file_diffs = score(name)
        found = (predicted, expected, correct, matched, values)
        totals = [a + b for a, b in zip(totals, found, strict=True)]
        diffs.extend(f"{name}: {d}" for d in file_diffs)
        with capsys.disabled():
            print(
                f"{name:<20} {correct / predicted:>9.3f} {correct / expected:>7.3f}"
                f" {predicted:>9} {expected:>5}"
            )
    predicted, expected, correct, matched, values = totals
    with capsys.disabled():
        print(
            f"{'all':<20} {correct / predicted:>9.3f} {correct / expected:>7.3f}"
            f" {predicted:>9} {expected:>5}   value exact {values / matched:.3f}"
        )
    assert expected >= 300
    assert correct / predicted >= TARGET, "\n".join(diffs)
    assert correct / expected >= TARGET, "\n".join(diffs)
    assert values / matched >= TARGET, "\n".join(diffs)
