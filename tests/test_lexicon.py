"""The lexicon agreement test: every entry walked through every stage that reads it.

A word the tool understands is defined once (summarizer/lexicon/); this test fails when two
stages read one entry differently — the numbers stage finds a bound the cross-check does not
know (突破N万户 flagged against its own source), a cue the rules provider does not know (下跌),
a unit the briefing splits as a scale word (千瓦 → 千 + 瓦). It also fails when a module outside
the lexicon keeps a word list of its own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from summarizer.assemble import build_summary
from summarizer.document.chunking import chunk
from summarizer.lexicon import changes, items, kinds, names, qualifiers, units
from summarizer.lexicon.loader import LexiconError, strings
from summarizer.lexicon.metrics import catalog, resolve, scope_words
from summarizer.models import (
    AchievementItem,
    Change,
    Check,
    Document,
    Metric,
    ReportMeta,
    ReportSummary,
    Section,
)
from summarizer.numbers import extract_numbers, normalise, parse_quantity
from summarizer.numerals import SCALES
from summarizer.providers.base import Extraction
from summarizer.providers.rules import RulesProvider
from summarizer.render.brief_model import to_base
from summarizer.render.figure_text import with_qualifier
from summarizer.verify import check_report

NAME = "指标甲"  # no word of the lexicon, so nothing but the entry under test is read
COMPARABLE = {u.unit for u in units().all if u.dimension not in ("name", "group")}


def _only(text: str):  # type: ignore[no-untyped-def]
    found = extract_numbers(text)
    assert len(found) == 1, (text, [m.raw for m in found])
    return found[0]


def _rules_metrics(text: str) -> list[Metric]:
    section = Section(
        id="s1", heading_path=[], level=1, role="review", start=0, end=len(text), text=text
    )
    result = RulesProvider().extract_sync(section, ReportMeta())
    return [m for a in result.achievements for m in a.metrics]


def _checks(text: str, metric: Metric) -> list[Check]:
    """The cross-check of one claimed metric against a one-sentence report."""
    doc = Document(text=text)
    sections = chunk(doc)
    summary = ReportSummary(report=doc.meta, provider="test")
    summary.achievements.append(
        AchievementItem(
            id="a1",
            section_id=sections[0].id,
            summary=text,
            category="其他",
            metrics=[metric],
            evidence=text.rstrip("。"),
        )
    )
    check_report(summary, doc, sections, extract_numbers(text))
    return [c for c in summary.checks if c.field != "evidence"]


def _metric(
    value: float | None, unit: str | None, qualifier: str | None = None, **kw: object
) -> Metric:
    fields: dict[str, object] = {
        "name": NAME,
        "value": value,
        "value_hi": None,
        "unit": unit,
        "qualifier": qualifier,
        "change": None,
        "raw": None,
        "derived": False,
    }
    fields.update(kw)
    return Metric.model_validate(fields)


# --------------------------------------------------------------------------- units


def _unit_forms() -> Iterator[tuple[str, str, str]]:
    for unit in units().all:
        if unit.dimension in ("name", "group"):
            continue
        for form in unit.forms:
            yield form, unit.unit, unit.dimension


@pytest.mark.parametrize(("form", "canonical", "dimension"), list(_unit_forms()))
def test_every_unit_reads_alike_in_every_stage(form: str, canonical: str, dimension: str) -> None:
    # N年 names a span unless a word says it measures one (连续4年, 历时3年).
    span = names().year_span_cues[0] if canonical == "年" else ""
    # A unit that stands only after its word (翻两番) gets it.
    span += units().by_unit[canonical].after[0] if units().by_unit[canonical].after else ""
    text = f"全年{NAME}{span}35{form}。"
    mention = _only(text)
    assert (mention.unit, mention.value, mention.scale) == (canonical, Decimal(35), None)
    # A claim and a reviewer's correction read the unit the same way.
    claimed = parse_quantity(f"35{form}")
    assert claimed is not None and claimed.unit == canonical
    assert normalise(Decimal(35), form) == (Decimal(35), canonical, None)
    assert normalise(Decimal(35), f"万{form}") == (Decimal(350000), canonical, "万")
    # The briefing never splits a unit into a scale word and a remnant (千瓦 ≠ 千 + 瓦).
    assert to_base(Decimal(35), form) == (Decimal(35), form)
    assert to_base(Decimal(35), f"万{form}") == (Decimal(350000), form)
    if dimension in ("time", "anniversary"):
        return  # when, not how much: the rules provider reports no figure
    # The rules provider reports it, and the cross-check verifies the claim as printed.
    (metric,) = _rules_metrics(text)
    assert normalise(Decimal(35), metric.unit)[1] == canonical
    statuses = [c.status for c in _checks(text, _metric(35, form))]
    assert statuses == ["verified"]


def test_chinese_numerals_take_only_the_units_the_lexicon_allows() -> None:
    for unit in units().all:
        span = names().year_span_cues[0] if unit.unit == "年" else ""
        span += unit.after[0] if unit.after else ""
        found = extract_numbers(f"完成{NAME}{span}三{unit.unit}。")
        if unit.chinese:
            assert [m.unit for m in found] == [unit.unit], unit
        else:
            assert not [m for m in found if m.unit == unit.unit], unit


@pytest.mark.parametrize("word", sorted(SCALES))
def test_every_scale_word_means_one_power_everywhere(word: str) -> None:
    power = units().scales[word]
    assert SCALES[word] == power
    mention = _only(f"{NAME}35{word}元。")
    assert (mention.scale, mention.value, mention.unit) == (word, Decimal(35) * 10**power, "元")
    assert normalise(Decimal(35), f"{word}元") == (Decimal(35) * 10**power, "元", word)
    assert to_base(Decimal(35), f"{word}元") == (Decimal(35) * 10**power, "元")


def test_change_units_are_the_percent_dimensions() -> None:
    assert units().change_units == {"%", "个百分点"}


# --------------------------------------------------------------------------- qualifiers


def _printed(word: str, position: str, unit: str = "家") -> str:
    if position == "prefix":
        return f"{word}35{unit}"
    if position == "infix":
        return f"35{word}{unit}"
    return f"35{unit}{word}"


@pytest.mark.parametrize("word", [q.word for q in qualifiers().all])
def test_every_qualifier_reads_alike_in_every_stage(word: str) -> None:
    q = qualifiers().by_word[word]
    unit = "天" if q.time_only else "家"
    figure = _printed(word, q.position, unit)
    text = f"{NAME}{figure}。"
    mention = _only(text)
    assert (mention.qualifier, mention.bound) == (word, q.bound), mention
    assert qualifiers().bound(word) == q.bound
    # The renderers write it back where it stood.
    assert with_qualifier("35", unit, word) == figure
    if q.time_only:
        return
    # The rules provider keeps a bounding word with its metric, and drops 达/达到.
    (metric,) = _rules_metrics(text)
    assert metric.qualifier == (word if q.bound != "exact" else None)
    # The cross-check verifies the claim as printed and flags a dropped bound.
    assert [c.status for c in _checks(text, _metric(35, unit, word))] == ["verified"]
    dropped = [c.status for c in _checks(text, _metric(35, unit, None))]
    assert dropped == (["qualifier_mismatch"] if q.bound != "exact" else ["verified"])


def test_qualifier_words_do_not_swallow_words_they_end() -> None:
    for q in qualifiers().all:
        for head in q.not_after:
            found = extract_numbers(f"{head}{q.word}35家")
            assert all(m.qualifier != q.word for m in found), (head, q.word)


# --------------------------------------------------------------------------- changes


def _cues() -> Iterator[tuple[str, str]]:
    for cue in changes().increase:
        yield cue, "increase"
    for cue in changes().decrease:
        yield cue, "decrease"


@pytest.mark.parametrize(("cue", "direction"), list(_cues()))
def test_every_change_cue_reads_alike_in_every_stage(cue: str, direction: str) -> None:
    text = f"{NAME}{cue}5.5%。"
    assert _only(text).direction == direction
    assert changes().direction_of(cue) == direction
    (metric,) = _rules_metrics(text)
    assert metric.change is not None and metric.change.direction == direction, metric
    change = Change(direction=direction, amount=5.5, unit="%", basis=None)  # type: ignore[arg-type]
    claim = _metric(None, None, change=change)
    assert [c.status for c in _checks(text, claim)] == ["verified"]
    flipped = "decrease" if direction == "increase" else "increase"
    wrong = _metric(None, None, change=change.model_copy(update={"direction": flipped}))
    assert [c.status for c in _checks(text, wrong)] == ["sign_mismatch"]


@pytest.mark.parametrize("basis", changes().bases)
def test_every_comparison_basis_reads_alike(basis: str) -> None:
    for char, direction in (("增", "increase"), ("降", "decrease")):
        text = f"{NAME}{basis}{char}5.5%。"
        assert _only(text).direction == direction, text
        (metric,) = _rules_metrics(text)
        assert metric.change is not None
        assert (metric.change.direction, metric.change.basis) == (direction, basis)


def test_a_cue_before_a_level_mark_gives_a_level() -> None:
    for cue in changes().increase:
        for mark in changes().level_marks:
            mention = _only(f"{NAME}{cue}{mark}5.5%。")
            assert mention.direction is None and mention.extra.get("level"), (cue, mark)


# --------------------------------------------------------------------------- kinds and metrics


@pytest.mark.parametrize(
    "marker", [*kinds().per_unit, *kinds().share, *kinds().rate_of, kinds().share_lead]
)
def test_a_share_per_unit_or_rate_of_a_metric_is_never_the_metric(marker: str) -> None:
    for metric in catalog():
        for synonym in metric.synonyms:
            after = () if marker == kinds().share_lead else (f"{synonym}{marker}",)
            for name in (f"{marker}{synonym}", *after):
                ref = resolve(name)
                assert ref is None or marker in synonym, (name, ref)


def test_every_synonym_resolves_to_its_metric() -> None:
    for metric in catalog():
        for synonym in (metric.zh, *metric.synonyms):
            ref = resolve(synonym)
            assert ref is not None and ref.metric.id == metric.id, synonym
            ref = resolve(f"全年实现{synonym}")
            assert ref is not None and ref.metric.id == metric.id, synonym


def test_scope_words_come_from_the_catalogue() -> None:
    assert set(scope_words()) == {"规模以上", "限额以上", "规上", "限上"}


def test_multi_year_markers() -> None:
    for word in kinds().multi_year:
        assert kinds().is_multi_year(f"{word}{NAME}")
    assert kinds().is_multi_year("“十三五”期间")
    assert not kinds().is_multi_year("十五家企业")


def test_word_lists_are_whole() -> None:
    assert names().max_name_chars > 4
    assert items().categories and items().problem_areas and items().problem_themes
    with pytest.raises(LexiconError, match="listed twice"):
        strings("x", "k", {"k": ["甲", "甲"]})


# --------------------------------------------------------------------------- no private copies


@cache
def _lexicon_words() -> frozenset[str]:
    words: set[str] = set()
    for unit in units().all:
        words.update(unit.forms)
    words.update(units().scales)
    words.update(q.word for q in qualifiers().all)
    c = changes()
    words.update((*c.increase, *c.decrease, *c.flat, *c.bases, *c.fillers))
    k = kinds()
    words.update((*k.per_unit, *k.share, *k.rate_of, *k.total, *k.multi_year))
    n = names()
    words.update((*n.tail_words, *n.head_verbs, *n.lead_words, *n.after_stops))
    i = items()
    words.update((*i.result_cues, *i.forward_cues, *i.problem_cues, *i.goal_list_cues))
    for _, ws in (*i.categories, *i.problem_areas, *i.problem_themes):
        words.update(ws)
    return frozenset(w for w in words if len(w) >= 1 and not w.isascii())


def _word_lists(tree: ast.AST) -> Iterator[tuple[int, list[str]]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            texts = [
                e.value
                for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
            if len(texts) >= 3 and len(texts) == len(node.elts):
                yield node.lineno, texts


def test_no_stage_keeps_a_word_list_of_its_own() -> None:
    """A tuple, list or set of three or more lexicon words in a module outside the lexicon is
    a private copy that will drift."""
    root = Path(__file__).resolve().parent.parent / "summarizer"
    vocabulary = _lexicon_words()
    found = []
    for path in sorted(root.rglob("*.py")):
        if "lexicon" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, texts in _word_lists(tree):
            known = [t for t in texts if t in vocabulary]
            if len(known) >= 3:
                found.append(f"{path.relative_to(root)}:{line}: {known}")
    assert not found, "\n".join(found)


def test_rules_output_on_a_lexicon_sentence_verifies() -> None:
    """The rules provider's own claims on a sentence built from lexicon words draw no flag."""
    text = "全年实现地区生产总值突破1100亿元，同比下跌4.5%；新增高新技术企业不低于35家。"
    doc = Document(text=text)
    sections = chunk(doc)
    provider = RulesProvider()
    results = [(s, Extraction(provider.extract_sync(s, doc.meta)), None, False) for s in sections]
    summary = build_summary(doc, sections, results, provider)
    assert summary.checks and not summary.flags, [(f.status, f.claim) for f in summary.flags]
