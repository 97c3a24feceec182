"""Matching: how a claim relates to each number mention of the source, and the best of them.

A figure only counts as the claimed metric's when it sits next to that metric's name in the
source, within the same clause (figures.py works out, for every mention, the words that name
what it measures). Without that, "财政总收入 同比增长132.7%" would pass because 132.7% stands in
the report — as the growth of 一般公共预算收入.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from summarizer.figures import Figure
from summarizer.figures.clause import without_framing
from summarizer.figures.naming import strip_tail, without_measure
from summarizer.lexicon import metrics as metrics_catalog
from summarizer.models import CheckStatus, NumberMention
from summarizer.verify.claims import SCALE_FACTORS, Claim, mention_bound

# Share of a claimed name's character pairs that must stand in a mention's owner text for the
# mention to count as that metric's.
NAME_MATCH = 0.6
# Names this short match only whole (or through the metric catalogue).
SHORT_NAME = 4


# A report's claims are scored against the same few hundred owners over and over.
@lru_cache(maxsize=65536)
def name_score(name: str, owner: str) -> float:
    """How well `owner` (source words) names the claimed metric `name`, 0…1."""
    claimed = "".join(name.split())
    where = "".join(owner.split())
    if not claimed or not where:
        return 0.0
    if claimed in where:
        return 1.0
    ref_claim = metrics_catalog.resolve(claimed)
    ref_owner = metrics_catalog.resolve(where)
    if ref_claim is not None and ref_owner is not None:
        # The catalogue knows both names: they are the same metric or plainly not.
        return 1.0 if ref_claim.metric.id == ref_owner.metric.id else 0.0
    pairs = {claimed[i : i + 2] for i in range(len(claimed) - 1)} or {claimed}
    score = sum(1 for pair in pairs if pair in where) / len(pairs)
    if len(claimed) <= SHORT_NAME:
        if len(claimed) == SHORT_NAME and _both_words_in_order(claimed, where):
            # 排查隐患 for 排查辖区重大安全隐患: a verb and its object, the words between left out.
            return 1.0
        # Two of three pairs of 市级荣誉 stand in 省级荣誉: short names must stand whole.
        score = min(score, NAME_MATCH / 2)
    return score


def _both_words_in_order(claimed: str, where: str) -> bool:
    head, tail = claimed[:2], claimed[2:]
    at = where.find(head)
    return at >= 0 and where.find(tail, at + len(head)) >= 0


def owns(name: str, figure: Figure) -> float:
    """How well the claimed name names the figure's metric, 0…1: the metric figures.py reads
    for it, or the source words of its clause around it (the claim may abbreviate or name it
    by a synonym, and may end in the change it reports: 利润增长; another catalogue metric
    scores 0; a generic measure word it adds, 投资额 for 投资, is tried without)."""
    bare = strip_tail(name) or name
    forms = dict.fromkeys((name, bare, without_measure(bare, figure.mention.unit)))
    return max(_owns(form, figure) for form in forms)


def _owns(name: str, figure: Figure) -> float:
    score = name_score(name, figure.name) if figure.name else 0.0
    for words in (figure.words, figure.tail):
        if score < 1.0 and words:
            score = max(score, name_score(name, words))
    if score < 1.0 and figure.level is not None:
        score = max(score, name_score(name, figure.level.words))
    if score < 1.0 and _continues_subject(name, figure):
        score = 1.0
    return score


def _continues_subject(name: str, figure: Figure) -> bool:
    """…新增8个嵌入式体育新空间项目，总投资近1000万元: the words 总投资 end the claimed name
    (…项目总投资) and the rest of the name stands earlier in the sentence."""
    return _continues(name, figure.words, figure.before)


# A report's claims are tried against the same few hundred figures over and over.
@lru_cache(maxsize=65536)
def _continues(name: str, words: str, before: str) -> bool:
    claimed = "".join(name.split())
    core = without_framing(words).strip("，,、：:；;")
    if len(core) < 2 or len(claimed) <= len(core) or not claimed.endswith(core):
        return False
    return claimed[: -len(core)] in "".join(before.split())


def in_scale(mention: NumberMention, scale: str | None) -> Decimal:
    return mention.value / SCALE_FACTORS.get(scale or "", Decimal(1))


def round_to(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def units_agree(claim: Claim, mention: NumberMention) -> bool:
    return claim.bare or claim.unit == mention.unit


def value_equal(claim: Claim, mention: NumberMention) -> bool:
    if claim.bare:
        return claim.printed == in_scale(mention, mention.scale)
    return claim.value == mention.value


def rounds_to(claim: Claim, mention: NumberMention) -> bool:
    scale = mention.scale if claim.bare else claim.scale
    try:
        return round_to(in_scale(mention, scale), claim.precision) == claim.printed
    except InvalidOperation:
        return False


def _same_high_end(claim: Claim, mention: NumberMention) -> bool:
    if claim.value_hi is None or mention.value_hi is None:
        return False
    if claim.bare:
        factor = SCALE_FACTORS.get(mention.scale or "", Decimal(1))
        return claim.value_hi == mention.value_hi / factor
    return claim.value_hi == mention.value_hi


def _power_of_ten(a: Decimal, b: Decimal) -> int | None:
    """k when a == b·10^k for a whole k ≠ 0 (|k| ≤ 12), else None."""
    if a == 0 or b == 0:
        return None
    ratio = a / b
    for k in range(1, 13):
        if ratio == Decimal(10) ** k:
            return k
        if ratio == Decimal(10) ** -k:
            return -k
    return None


# Ranks of per-candidate outcomes: the best explanation of a claim wins.
_RANK: dict[str, int] = {
    "verified": 0,
    "rounded": 1,
    "qualifier_mismatch": 2,
    "sign_mismatch": 3,
    "unit_mismatch": 4,
    "scale_mismatch": 5,
}
# Outcomes that say "this very number is in the source" (so it may belong to another metric).
_SAME_NUMBER = frozenset({"verified", "rounded", "qualifier_mismatch", "sign_mismatch"})


def _against(claim: Claim, figure: Figure) -> CheckStatus | None:
    """How the claim relates to one mention, or None when they have nothing to do with each
    other."""
    mention = figure.mention
    status: CheckStatus
    if units_agree(claim, mention):
        if value_equal(claim, mention):
            status = "verified"
        elif rounds_to(claim, mention):
            status = "rounded"
        elif not claim.bare and _power_of_ten(claim.value, mention.value) is not None:
            return "scale_mismatch"
        else:
            return None
        if (
            claim.direction is not None
            and figure.direction is not None
            and claim.direction != figure.direction
        ):
            return "sign_mismatch"
        if claim.bound is not None and claim.bound != mention_bound(mention):
            return "qualifier_mismatch"
        if (claim.value_hi is None) != (mention.value_hi is None):
            # A range reported as one figure, or one figure as a range.
            return "qualifier_mismatch"
        if claim.value_hi is not None and not _same_high_end(claim, mention):
            return None
        return status
    if claim.printed == in_scale(mention, mention.scale) and claim.scale == mention.scale:
        # Same digits, same scale word, another unit: 10.6% vs 10.6个百分点, 万元 vs 万美元.
        return "unit_mismatch"
    return None


@dataclass(slots=True)
class Verdict:
    status: CheckStatus
    figure: Figure | None
    note: str = ""


_Hit = tuple[Figure, CheckStatus]


def _best(hits: Sequence[_Hit]) -> _Hit:
    return min(hits, key=lambda hit: _RANK[hit[1]])


def judge(claim: Claim, scopes: Sequence[Sequence[Figure]]) -> Verdict:
    """The claim's status against the mentions of each scope in turn (section, then report)."""
    nearest: Figure | None = None
    for scope in scopes:
        anchored = [p for p in scope if owns(claim.name, p) >= NAME_MATCH]
        hits: list[_Hit] = []
        for figure in scope:
            status = _against(claim, figure)
            if status is not None:
                hits.append((figure, status))
        on_name = [hit for hit in hits if hit[0] in anchored]
        if on_name:
            best, status = _best(on_name)
            return Verdict(status, best)
        # Away from the claimed name only strong evidence counts: a figure rounded to whole
        # units "matches" too many unrelated numbers.
        same_number = [
            hit
            for hit in hits
            if hit[1] in _SAME_NUMBER and (hit[1] != "rounded" or claim.precision > 0)
        ]
        if same_number:
            # The number stands in the source, but not in a clause that names the claimed
            # metric: ✓ would say more than the source does.
            return Verdict("metric_mismatch", _best(same_number)[0])
        # Same digits under another unit or scale word count only where the source words share
        # something with the claimed name: 3家 vs an unrelated 3个 says nothing.
        same_digits = [
            hit
            for hit in hits
            if claim.printed == in_scale(hit[0].mention, hit[0].mention.scale)
            and owns(claim.name, hit[0]) > 0
        ]
        if same_digits:
            best, status = _best(same_digits)
            return Verdict(status, best)
        if nearest is None or anchored:
            nearest = _nearest(claim, anchored) or nearest or _nearest(claim, scope)
    return Verdict("not_found", nearest)


def _nearest(claim: Claim, candidates: Sequence[Figure]) -> Figure | None:
    """The mention a reviewer should look at: same unit and closest value, on the claimed
    metric's name when it has any."""
    same_unit = [p for p in candidates if claim.bare or p.mention.unit == claim.unit]
    if not same_unit:
        return None
    return min(same_unit, key=lambda p: abs(p.mention.value - claim.value))
