"""The parts of real reports: which role each stretch of text gets, in any layout.

Corpus reports are read from ../shared/corpus (SUMMARIZER_CORPUS overrides) and skipped with a
reason when it is absent. Each expectation was read off the report's text.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summarizer import chunk, clean, load
from summarizer.lexicon.frame import fold, frame_lexicon
from summarizer.models import Section
from tests.conftest import ROOT, SEED_REPORTS

CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (set SUMMARIZER_CORPUS)"
)


def role_at(sections: list[Section], text: str, words: str) -> str:
    """The role of the section in which `words` begins."""
    pos = text.index(words)
    return next(s.role for s in sections if s.start <= pos < s.end)


def sections_of(name: str) -> tuple[str, list[Section]]:
    doc = load(CORPUS / name)
    return doc.text, chunk(doc)


@needs_corpus
def test_problems_paragraph_inside_the_review_is_its_own_part() -> None:
    text, sections = sections_of("cities/上海市-2022.md")
    start = text.index("我们也清醒地看到，经济社会发展仍然面临")
    problems = [s for s in sections if s.role == "problems"]
    assert [s.start for s in problems] == [start]
    # It runs to the plan's heading, and the review resumes nowhere before it.
    assert problems[0].end == text.index("二、2022年主要任务")
    assert role_at(sections, text, "（八）持之以恒加强政府自身建设") == "review"


@needs_corpus
def test_problems_end_where_the_review_turns_back_to_results() -> None:
    # 在取得成绩的同时…存在不少问题和困难 is followed by 过去的五年，是…的五年 (the review again).
    text, sections = sections_of("provinces/广西壮族自治区-2003.md")
    assert role_at(sections, text, "在取得成绩的同时，我区经济社会发展中也存在不少问题") == (
        "problems"
    )
    assert role_at(sections, text, "过去的五年，是我区经济持续稳定增长") == "review"
    assert role_at(sections, text, "二、深入贯彻党的十六大精神") == "plan"


@needs_corpus
def test_government_conduct_in_the_plan_is_other_in_the_review_review() -> None:
    text, sections = sections_of("cities/哈尔滨市-2025.md")
    assert role_at(sections, text, "（八）全面加强政府自身建设") == "other"
    assert role_at(sections, text, "二、2025年工作总体目标和重点任务") == "plan"
    text, sections = sections_of("cities/天津市-2026.md")
    # Addressed to the assembly at the end of the plan, about the government itself.
    assert role_at(sections, text, "各位代表！新征程新使命对政府自身建设") == "other"


@needs_corpus
def test_appendices_and_the_closing_call_are_other() -> None:
    text, sections = sections_of("cities/成都市-2021.md")
    start = text.index("附件1")
    assert all(s.role == "other" for s in sections if s.start >= start)
    # Its numbered list (一、交通出行…) does not open a part of the report.
    assert role_at(sections, text, "交通出行") == "other"
    text, sections = sections_of("provinces/云南省-2003.md")
    assert role_at(sections, text, "党的十六大描绘了全面建设小康社会的宏伟蓝图") == "other"


@needs_corpus
def test_markdown_bold_lines_head_parts() -> None:
    # **2001年政府工作的回顾** / **关于2002年的政府工作** / **狠抓作风建设，努力开创…新局面**
    text, sections = sections_of("provinces/甘肃省-2002.md")
    assert role_at(sections, text, "过去的一年，在中共甘肃省委的正确领导下") == "review"
    assert role_at(sections, text, "2002年，是我们积极实施") == "plan"
    assert role_at(sections, text, "中共中央《关于加强和改进党的作风建设的决定》") == "other"
    heads = {s.heading_path[0] for s in sections if s.heading_path}
    assert {"2001年政府工作的回顾", "关于2002年的政府工作"} <= heads


@needs_corpus
def test_heading_inline_after_the_salutation() -> None:
    text, sections = sections_of("provinces/云南省-2003.md")
    start = text.index("一、第九届省人民政府工作的回顾")
    assert any(s.start == start and s.role == "review" for s in sections)


@needs_corpus
def test_plan_that_opens_inside_the_review_part() -> None:
    # 一、1999年政府工作回顾和2000年的目标任务: the plan begins at 我们已进入世纪交替的2000年.
    text, sections = sections_of("provinces/山东省-2000.md")
    assert role_at(sections, text, "各位代表！我们在前进中仍然存在不少困难") == "problems"
    assert role_at(sections, text, "各位代表！我们已进入世纪交替的2000年") == "plan"


@needs_corpus
def test_a_remedy_in_a_heading_is_no_problem() -> None:
    text, sections = sections_of("cities/西安市-2020.md")
    assert role_at(sections, text, "（四）扎实推进基础设施补短板行动") == "review"


@needs_corpus
def test_numbering_that_starts_again_opens_the_plan() -> None:
    # 2004年工作回顾 一、二、三 … then 一、加强经济调节 with no heading of its own above it.
    text, sections = sections_of("provinces/四川省-2004.md")
    assert role_at(sections, text, "一、加强经济调节，保持经济发展良好势头") == "plan"
    assert role_at(sections, text, "省政府拟定2005年经济社会发展的主要预期目标为") == "plan"


# --------------------------------------------------------------------------- traditional


def _traditional(text: str) -> str:
    """`text` in traditional characters wherever the lexicon knows the traditional form."""
    table = frame_lexicon().fold_table
    back: dict[int, int] = {}
    for trad, simp in table.items():
        back.setdefault(simp, trad)
    return text.translate(back)


@pytest.mark.parametrize("name", ["dongliu", "xinqi", "xicheng", "xiasha"])
def test_traditional_characters_read_like_simplified(name: str) -> None:
    simplified = clean(load(SEED_REPORTS[name]).text)
    traditional = clean(_traditional(simplified.text))
    assert traditional.text != simplified.text
    assert fold(traditional.text) == fold(simplified.text)
    got = [(s.start, s.end, s.role) for s in chunk(traditional)]
    want = [(s.start, s.end, s.role) for s in chunk(simplified)]
    assert got == want
    assert traditional.meta.review_period == simplified.meta.review_period


def test_problems_heading_in_traditional_characters() -> None:
    text = load(SEED_REPORTS["xinqi"]).text.replace("二、存在问题分析", "二、存在的問題")
    assert "存在的問題" in text
    sections = chunk(clean(text))
    assert role_at(sections, text, "(一)经济高质量发展新动能有待挖掘") == "problems"
