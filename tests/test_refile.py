"""Items filed where the report's structure says they belong (summarizer/refile.py), on a real
model's replies (fixtures/replies/recorded) and on the rules provider's own output."""

from __future__ import annotations

import json
from typing import Any

import pytest

from summarizer.document.chunking import chunk
from summarizer.document.ingest import load
from summarizer.models import ChunkResult, Section
from summarizer.providers.reply import parse_reply
from summarizer.providers.rules import RulesProvider
from summarizer.refile import refile
from tests.conftest import ROOT, SEED_REPORTS
from tests.llm_server import RECORDED

CORPUS = ROOT.parent / "shared" / "corpus"


def _recorded(name: str) -> tuple[ChunkResult, Section, Any]:
    data = json.loads((RECORDED / name).read_text(encoding="utf-8"))
    source = CORPUS / str(data["source"]).removeprefix("corpus/")
    if not source.exists():
        pytest.skip(f"{source} is absent (the shared corpus is not checked out)")
    doc = load(source)
    text = str(data["text"])
    section = Section(
        id=data["section"]["id"],
        heading_path=data["section"]["heading_path"],
        level=1,
        role=data["section"]["role"],
        start=0,
        end=len(text),
        text=text,
    )
    parsed = parse_reply(data["reply"], {"section_text": text, "numbers_reasked": False})
    return ChunkResult.model_validate(parsed.model_dump()), section, doc.meta


@pytest.mark.parametrize(
    ("name", "count", "first"),
    [
        # The model wrote each paragraph as one problem; the report lists seven and nine.
        ("南京市-2019-s05-1.json", 7, "省会城市功能作用发挥不够，中心城市首位度有待提升"),
        ("湖南省-2004-s08-1.json", 9, "制约经济发展的体制性障碍比较突出"),
    ],
)
def test_a_problem_that_quotes_a_list_is_one_problem_each(
    name: str, count: int, first: str
) -> None:
    result, section, meta = _recorded(name)
    assert len(result.problems) == 1
    problems = refile(result, section, meta).problems
    assert len(problems) == count
    assert problems[0].evidence.startswith(first)
    assert all(p.evidence in section.text for p in problems)
    # The closing (对此，我们…; 必须高度重视并切实解决这些问题) is no problem.
    assert not [p for p in problems if "解决" in p.evidence or "对此" in p.evidence]


def test_achievements_of_a_plan_part_are_its_targets() -> None:
    # 天津市-2026 三、2026年重点工作 （七）: the model filed the plan's tasks as achievements.
    result, section, meta = _recorded("天津市-2026-s19-1.json")
    assert result.achievements and not result.targets
    got = refile(result, section, meta)
    assert not got.achievements
    # One target per figure; an item whose metrics carry none (种业振兴行动: null) is one target.
    expected = sum(
        max(1, sum(1 for m in a.metrics if m.value is not None or m.change is not None))
        for a in result.achievements
    )
    assert len(got.targets) == expected < sum(len(a.metrics) for a in result.achievements)
    farmland = [t for t in got.targets if t.metric is not None and t.metric.value == 32.8]
    assert farmland and farmland[0].metric is not None and farmland[0].metric.unit == "万亩"


@pytest.mark.parametrize("name", sorted(SEED_REPORTS))
def test_the_rules_providers_items_stay_where_they_are(name: str) -> None:
    doc = load(SEED_REPORTS[name])
    provider = RulesProvider()
    for section in chunk(doc):
        result = provider.extract_sync(section, doc.meta)
        assert refile(result, section, doc.meta) is result, section.id
