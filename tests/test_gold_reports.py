"""The hand-read gold files under fixtures/gold-reports are well formed and still fit their sources.

This checks the gold itself (not the tool): every file names a source whose bytes still hash to
the recorded sha256, every anchor and quote stands in that source where the file says, parts are
in document order, and every field holds one of the values fixtures/gold-reports/README.md allows.
Corpus files are read from ../shared/corpus (SUMMARIZER_CORPUS overrides); when it is absent the
corpus gold is skipped with a reason, so a clone without it still passes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT

GOLD = FIXTURES / "gold-reports"
CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))

KINDS = {"政府工作报告", "工作总结", "半年工作总结", "工作总结和工作计划", "工作要点"}
LEVELS = {"省", "市", "区县", "街道乡镇", "部门"}
SPANS = {"Y", "H1", "H2", "Q1", "Q2", "Q3", "Q4", "5Y"}
ROLES = {"review", "problems", "plan", "other"}
AREAS = {
    "经济",
    "产业",
    "财政",
    "民生",
    "社会治理",
    "安全",
    "生态环境",
    "城市建设",
    "营商环境",
    "政府自身",
    "其他",
}


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*/*.json"))


def source_path(gold: dict[str, Any]) -> Path:
    source: str = gold["source"]
    if source.startswith("corpus/"):
        return CORPUS / source.removeprefix("corpus/")
    return ROOT / source


def find_nth(text: str, needle: str, n: int) -> int:
    pos = -1
    for _ in range(n + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return -1
    return pos


def locate(text: str, entry: dict[str, Any], key: str, *, unique: bool) -> int:
    needle: str = entry[key]
    assert needle and not any(c in needle for c in " *\n"), f"{key} {needle!r}: spaces, * or breaks"
    if "occurrence" in entry:
        pos = find_nth(text, needle, entry["occurrence"])
        assert pos >= 0, f"{key} {needle!r}: occurrence {entry['occurrence']} not in the source"
        return pos
    count = text.count(needle)
    assert count >= 1, f"{key} {needle!r} does not stand in the source"
    if unique:
        assert count == 1, f"{key} {needle!r} stands {count} times: add an occurrence"
    return text.find(needle)


def check_period(period: Any, what: str) -> None:
    if period is None:
        return
    assert set(period) == {"label", "year", "span"}, f"{what}: {period}"
    assert period["span"] in SPANS, f"{what}: span {period['span']!r}"
    assert isinstance(period["year"], int) and 1949 < period["year"] < 2100, what
    assert str(period["year"]) in period["label"], f"{what}: label {period['label']!r}"


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_fits_its_source(path: Path) -> None:
    gold = json.loads(path.read_text("utf-8"))
    source = source_path(gold)
    if gold["source"].startswith("corpus/") and not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set SUMMARIZER_CORPUS)")
    raw = source.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == gold["sha256"], f"{source} changed since it was read"
    text = raw.decode("utf-8")

    assert gold["kind"] in KINDS
    assert gold["level"] in LEVELS
    check_period(gold["review_period"], "review_period")
    check_period(gold["plan_period"], "plan_period")
    for key in ("issuer", "region"):
        value = gold[key]
        assert value is None or (isinstance(value, str) and value and "http" not in value), key

    starts = [locate(text, part, "anchor", unique=True) for part in gold["parts"]]
    assert starts == sorted(starts), "parts are not in document order"
    assert len(set(starts)) == len(starts), "two parts start at one place"
    for part in gold["parts"]:
        assert part["role"] in ROLES, part
    roles = {p["role"] for p in gold["parts"]}
    if gold["plan_period"] is not None:
        assert "plan" in roles, "a plan period but no plan part"

    items = gold.get("items")
    if items is None:
        return
    for target in items["targets"]:
        locate(text, target, "quote", unique=False)
        if re.search(r"\d", target["quote"]):  # figures printed in Chinese numerals are exempt
            assert target["value"] is None or target["value"] in target["quote"], target
        check_period(target["period"], f"target {target['quote']}")
        assert isinstance(target["change"], bool), target
    gdp = [t for t in items["targets"] if t["metric_id"] == "gdp"]
    assert len(gdp) <= 1, f"{len(gdp)} GDP growth targets"
    for problem in items["problems"]:
        locate(text, problem, "quote", unique=False)
        assert problem["area"] in AREAS, problem
    ranks = [h["rank"] for h in items["headline"]]
    assert ranks == list(range(1, len(ranks) + 1)), "headline ranks run 1..n"
    assert len(ranks) <= 10
    for figure in [*items["headline"], *items.get("headline_acceptable", [])]:
        locate(text, figure, "quote", unique=False)
        for key in ("value", "change"):
            if re.search(r"\d", figure["quote"]):
                assert figure[key] is None or figure[key] in figure["quote"], (key, figure)
