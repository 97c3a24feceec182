"""The numbers stage: every quantity mention in a report's text, exact and with its span.

One compiled regex finds candidate figures (Arabic, full-width, Chinese numerals, 百分之…) together
with their scale word, unit and inner qualifiers; a short pass over each candidate then reads the
few characters around it for what a regex alone cannot decide well: a qualifier or sign in
front, the cue word that gives a change its direction, and the rules that say a figure is not a
quantity at all (dates, index numbers, section numbers, names in quotes, ordinals …).

Figures that a rule drops are not lost silently: `scan()` returns them with the rule's name, so a
test can show that every digit in a report was either read or deliberately set aside.

Public names: `extract_numbers`, `parse_quantity`, `normalise`, `scan`, `EXCLUSION_RULES`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, get_args

from summarizer.lexicon import changes, names, qualifiers, units
from summarizer.models import Bound, Direction, NumberMention
from summarizer.numerals import (
    SCALES,
    arabic_scaled,
    cn_to_decimal,
    numeral_to_decimal,
    scale_value,
)

__all__ = [
    "EXCLUSION_RULES",
    "Excluded",
    "Scan",
    "extract_numbers",
    "normalise",
    "parse_quantity",
    "scan",
]

# --------------------------------------------------------------------------- vocabulary
# Every word below comes from the lexicon (summarizer/lexicon/): units, scale words,
# qualifiers, change cues. This module only arranges them for its regex and hot loop.

_UNITS = units()
# Units after Arabic figures, as printed → canonical.
_AR_UNITS: dict[str, str] = dict(_UNITS.canonical)
# Characters that, right after a unit, show it was part of a longer word (项目, 处置, 台风 …).
_UNIT_GUARDS: dict[str, str] = {
    form: unit.guard for unit in _UNITS.all if unit.guard for form in unit.forms
}
# After a Chinese numeral only well-behaved units count: 十分 (very), 三位一体, 四方社区 and 一体
# are words, not quantities.
_CN_UNIT_KEYS = [unit.unit for unit in _UNITS.all if unit.chinese]
# Dimensions whose figures are names (永丰1号, 三期) or counts of named groups (4大类).
_NAME_UNITS = _UNITS.of("name")
_GROUP_UNITS = _UNITS.of("group")
# Time units after which 内 means "within".
_TIME_UNITS = _UNITS.of("time")

_QUALIFIERS = qualifiers()
# Qualifiers printed before a figure, longest first, with the bound they imply.
_PREFIX_QUALIFIERS: tuple[tuple[str, Bound], ...] = tuple(
    (q.word, q.bound) for q in _QUALIFIERS.at("prefix")
)
_PREFIX_BOUND = dict(_PREFIX_QUALIFIERS)
_PREFIX_LAST = frozenset(word[-1] for word, _ in _PREFIX_QUALIFIERS)
_SUFFIX_BOUND: dict[str, Bound] = {
    q.word: q.bound for q in _QUALIFIERS.all if q.position != "prefix"
}
_TIME_ONLY = frozenset(q.word for q in _QUALIFIERS.all if q.time_only)
# Words that end in a qualifier character without being one: 签约8户, 下达的, 赶超, 最近.
_NOT_FOR: dict[str, tuple[str, ...]] = {q.word: q.not_for for q in _QUALIFIERS.all if q.not_for}
_FALSE_QUALIFIER_HEADS: dict[str, frozenset[str]] = {
    q.word: frozenset(q.not_after) for q in _QUALIFIERS.all if q.not_after
}


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Cue words that give a figure its direction when they stand right before it (fillers such as
# 了/为/分别 may sit between). Single-character cues count only after a basis (同比增3%), so
# 新增3家 stays a plain count.
_CHANGES = changes()
_CUE_RE = re.compile(
    r"(?:(?P<inc>" + _alt(_CHANGES.increase) + r")|(?P<dec>" + _alt(_CHANGES.decrease) + r")"
    r"|(?:" + _alt(_CHANGES.bases) + r")"
    r"(?:(?P<inc1>["
    + _CHANGES.basis_increase
    + r"])|(?P<dec1>["
    + _CHANGES.basis_decrease
    + r"])))"
    r"(?P<level>[" + _CHANGES.level_marks + r"])?(?:" + _alt(_CHANGES.fillers) + r")?$"
)
# A cue, a short object, the figure: 减少债务|159亿元, 精简教职工|2.8万名, 增加资本金|50亿元.
_OBJECT_CUE_RE = re.compile(
    r"(?:(?P<inc>" + _alt(_CHANGES.increase) + r")|(?P<dec>" + _alt(_CHANGES.decrease) + r"))"
    r"(?P<inc1>(?!))?(?P<dec1>(?!))?(?P<level>(?!))?"
    r"[^\W\d_" + _CHANGES.not_objects + r"]{1," + str(_CHANGES.object_chars) + r"}$"
)
_LEVEL_CUES = frozenset(_CHANGES.level_cues)
# First characters of the cues: a window without any holds no cue before an object.
_CUE_FIRST = frozenset(w[0] for w in (*_CHANGES.increase, *_CHANGES.decrease))
# Units that count things with a classifier (户, 个, 家 …): a level cue does not change them.
_COUNTED = frozenset(u.unit for u in _UNITS.all if u.classifier)
# Last characters of every cue word and filler: most figures have none before them, and one set
# lookup then spares the cue regex.
_CUE_LAST = frozenset(
    w[-1] for w in (*_CHANGES.increase, *_CHANGES.decrease, *_CHANGES.fillers)
) | frozenset(_CHANGES.basis_increase + _CHANGES.basis_decrease + _CHANGES.level_marks)
_CUE_SPAN = (
    max(len(w) for w in (*_CHANGES.increase, *_CHANGES.decrease, *_CHANGES.bases))
    + 1
    + max(len(w) for w in _CHANGES.fillers)
)

# Names follow these words directly: “3341模式”, 八项规定, 1+4+2工作法.
_NAME_SUFFIXES = frozenset(names().name_suffixes)
_PLAN_WORDS = names().plan_words

_QUOTES_RE = re.compile(
    r"“[^“”\n]{1,40}”|\"[^\"\n]{1,40}\"|「[^「」\n]{1,40}」|《[^《》\n]{1,60}》"
)
_LIST_TAIL_RE = re.compile(r"(?:[、,，和][0-9０-９]+)+[号期#]")

_SIGNS = frozenset("-−－")
_DOTS = frozenset("·•・‧")
_LINE_START = frozenset("\n\r\t |｜")

# --------------------------------------------------------------------------- the regex

_AR = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
_CN_DIGIT = "零〇一二两三四五六七八九十"
_CN = "[" + _CN_DIGIT + "][" + _CN_DIGIT + r"百千万亿]{0,48}(?:点[零〇一二三四五六七八九]{1,12})?"


def _scale_alternation() -> str:
    """Scale words, longest first, each refusing to start a unit that begins with it: 500千伏
    is 500 千伏, not 500 千 (and 3百分点 is 3 百分点)."""
    parts = []
    for word in sorted(SCALES, key=len, reverse=True):
        rests = [form[len(word) :] for form in _AR_UNITS if form.startswith(word) and form != word]
        parts.append(re.escape(word) + (f"(?!{_alt(rests)})" if rests else ""))
    return "|".join(parts)


_SCALE = _scale_alternation()
_INFIX = _alt(q.word for q in _QUALIFIERS.at("infix"))
_SUFFIX = _alt(q.word for q in _QUALIFIERS.at("suffix"))
# Between the two ends of a range: 7.5%—8%, 4%－5%, 6%至6.5%, 3~5亿元.
_RANGE_MARKS = "-~～〜—–―－至到"
_SP = "[ \u00a0\u3000]?"


def _alternation(units: list[str]) -> str:
    parts = []
    for unit in sorted(units, key=len, reverse=True):
        guard = _UNIT_GUARDS.get(unit) if len(unit) == 1 else None
        parts.append(re.escape(unit) + (f"(?![{guard}])" if guard else ""))
    return "|".join(parts)


def _master(*, cn_unit_required: bool) -> re.Pattern[str]:
    ar_units = _alternation(list(_AR_UNITS))
    cn_units = _alternation(_CN_UNIT_KEYS)
    suffix = r"(?P<suf>" + _SUFFIX + r")?"
    date = (
        r"(?P<date>[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"
        r"|(?:1[89]|20|21)[0-9]{2}年(?:[0-9]{1,2}月(?:[0-9]{1,2}日)?)?"
        r"|[0-9]{1,2}月(?:份|[0-9]{1,2}[日号])?|[0-9]{1,2}日(?!内))"
    )
    time = r"(?P<time>[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?(?![0-9]))"
    pct = r"百分之(?P<pn>" + _AR + "|" + _CN + ")"
    arabic = (
        r"(?P<a>" + _AR + ")"
        r"(?:(?P<pa>[%％])?"
        + _SP
        + r"(?P<rsep>["
        + _RANGE_MARKS
        + r"])"
        + _SP
        + r"(?P<a2>"
        + _AR
        + "))?"
        + _SP
        + r"(?P<qa>"
        + _INFIX
        + r")?(?P<sc>"
        + _SCALE
        + r")?(?P<qb>"
        + _INFIX
        + r")?"
        + _SP
        + r"(?P<unit>"
        + ar_units
        + r")?(?P<per>/(?:"
        + _alt(_UNITS.per)
        + r"))?"
    )
    cn = (
        r"(?P<c>"
        + _CN
        + r")(?P<cq>"
        + _INFIX
        + r")?(?P<cunit>"
        + cn_units
        + ")"
        + ("" if cn_unit_required else "?")
    )
    bare_scale = r"(?P<bs>千万|百万|万|亿)(?P<bq>" + _INFIX + r")?(?P<bunit>" + cn_units + ")?"
    return re.compile(
        date + "|" + time + "|(?:" + pct + "|" + arabic + "|" + cn + "|" + bare_scale + ")" + suffix
    )


_MASTER = _master(cn_unit_required=True)
_CLAIM = _master(cn_unit_required=False)
# `_scan` unpacks `m.groups()` positionally; this is the order it expects.
_GROUPS = [
    "date",
    "time",
    "pn",
    "a",
    "pa",
    "rsep",
    "a2",
    "qa",
    "sc",
    "qb",
    "unit",
    "per",
    "c",
    "cq",
    "cunit",
    "bs",
    "bq",
    "bunit",
    "suf",
]
assert list(_MASTER.groupindex) == list(_CLAIM.groupindex) == _GROUPS

# --------------------------------------------------------------------------- results

ExclusionRule = Literal[
    "date",
    "time",
    "code",
    "section-number",
    "event-name",
    "plot-name",
    "quoted-name",
    "name-suffix",
    "ordinal",
    "formula",
    "year-span",
    "indefinite",
    "footnote",
]
EXCLUSION_RULES: tuple[ExclusionRule, ...] = get_args(ExclusionRule)


@dataclass(slots=True, frozen=True)
class Excluded:
    """A figure that a named rule says is not a quantity."""

    start: int
    end: int
    raw: str
    rule: ExclusionRule


@dataclass(slots=True)
class Scan:
    mentions: list[NumberMention] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)


class _Quotes:
    """Spans of short quoted names (“3341模式”, 《…》), found once per text and only if needed."""

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def inside(self, start: int, end: int) -> bool:
        if self._starts is None:
            spans = [(m.start(), m.end()) for m in _QUOTES_RE.finditer(self._text)]
            self._starts = [s for s, _ in spans]
            self._ends = [e for _, e in spans]
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._starts[i] < start and end < self._ends[i]


# --------------------------------------------------------------------------- scanning


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _prefix(text: str, start: int) -> tuple[str | None, int]:
    """The qualifier printed right before `start`, and where it begins."""
    if start == 0 or text[start - 1] not in _PREFIX_LAST:
        return None, start
    head = text[max(0, start - 3) : start]
    for word, _bound in _PREFIX_QUALIFIERS:
        if head.endswith(word):
            qstart = start - len(word)
            guard = _FALSE_QUALIFIER_HEADS.get(word)
            if guard and qstart > 0 and text[qstart - 1] in guard:
                return None, start
            return word, qstart
    return None, start


def _cue(text: str, end: int, unit: str | None) -> tuple[Direction | None, str | None, bool]:
    """Direction from the cue word ending at `end` (or standing before a short object: 减少债务
    159亿元); the third item is True for a level (增长到). A cue that raises a level (提升)
    says nothing of a count of things (农房风貌品质提升1.1万户)."""
    m = None
    if end > 0 and text[end - 1] in _CUE_LAST:
        m = _CUE_RE.search(text[max(0, end - _CUE_SPAN) : end])
    if m is None:
        lo = max(0, end - _CUE_SPAN - _CHANGES.object_chars)
        if _CUE_FIRST.isdisjoint(text[lo:end]):
            return None, None, False
        m = _OBJECT_CUE_RE.search(text, lo, end)
        if m is None:
            return None, None, False
    if m["level"]:
        return None, None, True
    cue = m["inc"] or m["inc1"] or m["dec"] or m["dec1"]
    if cue in _LEVEL_CUES and unit in _COUNTED:
        return None, None, False
    if m["inc"] or m["inc1"]:
        return "increase", cue, False
    return "decrease", cue, False


# Scale words a Chinese numeral can end in (万, 亿, 万亿): the big units of numerals.py.
_CN_SCALES = sorted((w for w in SCALES if set(w) <= set("万亿")), key=len, reverse=True)


def _scale_of_cn(token: str) -> str | None:
    """Scale word that ends a Chinese numeral (一千二百万 → 万) when a coefficient precedes it."""
    for word in _CN_SCALES:
        if token.endswith(word) and len(token) > len(word):
            return word
    return None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# …次 followed by the session it numbers (、六次)全会.
_SESSION_RE = re.compile(r"(?:、[一二三四五六七八九十]+次)*(?:全会|会议|全体会议|党代会)")
_CLASSIFIER_CHARS = frozenset(u.unit for u in _UNITS.all if u.classifier and len(u.unit) == 1)


def _context_rule(
    text: str,
    start: int,
    end: int,
    unit: str | None,
    bare: bool,
    is_cn: bool,
    quotes: _Quotes,
    group: bool = False,
) -> ExclusionRule | None:
    """The rule, if any, that says the figure in [start, end) is not a quantity."""
    prev = text[start - 1] if start > 0 else ""
    prev2 = text[start - 2] if start > 1 else ""
    nxt = text[end] if end < len(text) else ""
    if prev == "第":
        return "ordinal"
    if prev and (_is_ascii_alnum(prev) or prev in "/\\_"):
        return "code"
    if prev in _SIGNS and prev2 and (_is_ascii_alnum(prev2) or prev2 in "/\\"):
        return "code"
    if prev in _DOTS and prev2.isdigit():
        return "event-name"
    if unit in _NAME_UNITS:
        return "plot-name"
    if bare:
        if nxt and (_is_ascii_alnum(nxt) or nxt in "/\\_"):
            return "code"
        if nxt in _DOTS and end + 1 < len(text) and text[end + 1].isdigit():
            return "event-name"
        if nxt == "+" or (prev == "+" and prev2 and (_is_ascii_alnum(prev2))):
            return "formula"
        if nxt in ".．、" and (start == 0 or prev in _LINE_START):
            after = text[end + 1 : end + 2]
            if not after.isdigit():
                return "section-number"
        if prev in "(（" and nxt in ")）":
            return "section-number"
        if nxt == "、" and _LIST_TAIL_RE.match(text, end):
            return "plot-name"
        if nxt == "字":
            return "name-suffix"
    if (bare or is_cn) and text[end : end + 2] in _NAME_SUFFIXES:
        # “3341模式”, 八项规定, 八八战略; but 三条战略通道 counts roads.
        # …but 三条战略通道 counts roads: a counted noun may begin with 战略.
        counted = (
            is_cn and unit and text[end : end + 2] == "战略" and _is_han(text[end + 2 : end + 3])
        )
        if not counted and not group:
            return "name-suffix"
    if group and is_cn and (not _is_han(nxt) or prev == "的"):
        # 党的二十大, 十六大、十六届三中全会: a congress by its number.
        return "ordinal"
    if prev == "[" and nxt == "]":
        return "footnote"
    if is_cn and unit == "次" and (prev == "届" or _SESSION_RE.match(text, end)):
        # 十三届五次全会, 七届五次、六次全会: sessions, not a count.
        return "ordinal"
    if unit == "类" and prev in _CLASSIFIER_CHARS and (prev2.isdigit() or prev2 in _CN_DIGIT):
        # 8个1类新药: the class of a drug, counted by the 8个 before it.
        return "plot-name"
    if unit != "%" and quotes.inside(start, end):
        return "quoted-name"
    return None


# Every branch of the master pattern begins with one of these characters. The `re` engine cannot
# see that through the pattern's top-level alternation, so it would try the whole pattern at every
# position; scanning for runs of them first lets the C engine skip plain text (about 3× faster).
_LEAD_RE = re.compile("[0-9０-９" + _CN_DIGIT + "百千万亿]+")


def _candidates(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` would give, found by trying only at lead characters."""
    pos = 0
    match = pattern.match
    for run in _LEAD_RE.finditer(text):
        p = run.start()
        end = run.end()
        if p < pos:
            p = pos
        while p < end:
            m = match(text, p)
            if m is None:
                p += 1
                continue
            yield m
            p = pos = m.end()


def _scan(text: str, pattern: re.Pattern[str], claim: bool) -> Scan:
    out = Scan()
    mentions = out.mentions
    excluded = out.excluded
    quotes = _Quotes(text)
    for m in _candidates(text, pattern):
        # One tuple unpack instead of a dozen named lookups: this loop is the stage's hot path.
        (
            date,
            time_,
            pn,
            a,
            pa,
            _rsep,
            a2,
            qa,
            sc,
            qb,
            unit_raw,
            per,
            c,
            cq,
            cunit,
            bs,
            bq,
            bunit,
            suffix,
        ) = m.groups()
        start, end = m.span()
        if date is not None or time_ is not None:
            if not claim:
                excluded.append(Excluded(start, end, m[0], "date" if date else "time"))
            continue
        scale: str | None = None
        power = 0
        mid_q: str | None = None
        value_hi: Decimal | None = None
        extra: dict[str, object] = {}
        is_cn = False
        bare_scale = False
        if a is not None:
            if sc:
                scale, power = sc, SCALES[sc]
            value, precision = arabic_scaled(a, power)
            if pa and unit_raw is None:
                unit_raw = pa
            mid_q = qa or qb
            if a2 is not None:
                if unit_raw is None and sc is None:
                    # 2024-117342, 0574-8765432: hyphenated digits without a unit are codes.
                    if not claim:
                        excluded.append(Excluded(start, end, m[0], "code"))
                    continue
                value_hi, hi_precision = arabic_scaled(a2, power)
                precision = max(precision, hi_precision)
        elif pn is not None:
            value, precision = numeral_to_decimal(pn)
            unit_raw = "%"
            is_cn = True
        elif c is not None:
            unit_raw = cunit
            if c[0] in "零〇" and "点" not in c:
                # 零部件, 零售, 零距离: 零 opening a word is no figure (零点五 is one).
                continue
            if not claim and c == "一":
                # 一批, 一套指挥体系, 不漏一人: a lone 一 is an article, not a count.
                excluded.append(Excluded(start, end, m[0], "indefinite"))
                continue
            if not claim and c == "二":
                # Counts say 两 (两次, 两个); a lone 二 before a classifier is "second": 二次供水.
                excluded.append(Excluded(start, end, m[0], "ordinal"))
                continue
            # cn_to_decimal applies any scale inside the token; the word is only recorded.
            value, precision = cn_to_decimal(c)
            scale = _scale_of_cn(c)
            mid_q = cq
            is_cn = True
        elif bs is not None:
            unit_raw = bunit
            scale = bs
            value = scale_value(Decimal(1), SCALES[bs])
            precision = 0
            mid_q = bq
            bare_scale = True
        else:  # pragma: no cover - the pattern has no other branch
            continue

        # 内 means "within" only after a span of time; elsewhere it begins the next word.
        if suffix in _TIME_ONLY and _AR_UNITS.get(unit_raw or "") not in _TIME_UNITS:
            end -= len(suffix)
            suffix = None

        unit = _AR_UNITS.get(unit_raw) if unit_raw else None
        if per is not None:
            if unit is None:
                end -= len(per)  # 3/5: no unit to be per anything
            else:
                unit += per  # 11万吨/日, 1010元/月
        comparable = True
        if unit in _GROUP_UNITS:
            # 4大类, 6大民生实事项目: a count of named groups, not a measured quantity.
            extra["classifier"] = unit_raw
            unit = None
            comparable = False

        # What stands in front: a sign, then a qualifier, then a cue word.
        num_start = start
        qualifier, qstart = _prefix(text, start)
        if qualifier is not None and unit in _NOT_FOR.get(qualifier, ()):
            # 近两年, 近十年来: recent years, not nearly so many.
            qualifier, qstart = None, start
        sign: Direction | None = None
        if qualifier is None and start > 0 and text[start - 1] in _SIGNS:
            before = text[start - 2] if start > 1 else ""
            if not (before and (_is_ascii_alnum(before) or before.isdigit() or before in "%％)）")):
                sign = "decrease"
                qstart = start - 1
        elif qualifier is None and start > 0 and text[start - 1] == "+":
            before = text[start - 2] if start > 1 else ""
            if not (before and (_is_ascii_alnum(before) or before.isdigit())):
                sign = "increase"
                qstart = start - 1

        if bare_scale and qualifier is None and (suffix is None or suffix in _TIME_ONLY):
            # 万亩方, 每万人, 千家万户: a scale word with no figure or qualifier is a word.
            continue

        bare = unit is None and scale is None and not bare_scale and comparable
        if not claim:
            group = "classifier" in extra
            rule = _context_rule(text, num_start, end, unit, bare, is_cn, quotes, group)
            if rule is None and unit == "年" and (value_hi is None):
                # 连续四年, 近两年, 50年一遇 measure a span; 三年行动, 三年工作规划 name a plan.
                following = text[end : end + 4]
                if any(word in following[: len(word) + 2] for word in _PLAN_WORDS) or (
                    qstart > 0 and text[qstart - 1] == "个"
                ):
                    # …or 上一个五年: a period to compare with.
                    rule = "year-span"
            if rule is not None:
                excluded.append(Excluded(qstart, end, text[qstart:end], rule))
                continue
        if unit in _NAME_UNITS:
            unit = None

        if bare:
            comparable = False

        # Qualifier and bound: an explicit suffix (以上, 左右) or inner 余/多 says more than 达.
        qualifiers = [q for q in (qualifier, mid_q, suffix) if q]
        bound: Bound = "exact"
        chosen: str | None = None
        for q in (suffix, mid_q, qualifier):
            if q:
                chosen = q
                bound = _SUFFIX_BOUND.get(q) or _PREFIX_BOUND.get(q) or "exact"
                if bound != "exact":
                    break
        if len(qualifiers) > 1:
            extra["qualifiers"] = qualifiers

        direction: Direction | None = sign
        if sign is not None:
            extra["cue"] = text[qstart]
        else:
            direction, cue, level = _cue(text, qstart, unit)
            if cue:
                extra["cue"] = cue
            elif level:
                extra["level"] = True

        mention = NumberMention(
            raw=text[qstart:end],
            start=qstart,
            end=end,
            value=value,
            unit=unit,
            scale=scale,
            precision=precision,
            qualifier=chosen,
            bound=bound,
            direction=direction,
            comparable=comparable,
            value_hi=value_hi,
            extra=extra,
        )
        if mentions:
            previous = mentions[-1]
            if (
                previous.unit is None
                and previous.scale is None
                and not previous.comparable
                and "classifier" not in previous.extra
            ):
                _inherit_unit(text, previous, mention)
            if direction is None:
                _inherit_direction(text, previous, mention)
            if mention.qualifier is None:
                _inherit_qualifier(text, previous, mention)
        if qstart > 0 and text[qstart - 1] == "前":
            # 前40名: the top of a ranking, not a count.
            mention.comparable = False
        mentions.append(mention)
    return out


def _inherit_unit(text: str, previous: NumberMention, mention: NumberMention) -> None:
    """分别为3、5家: a bare figure listed right before one with a unit shares its unit and scale."""
    if mention.unit is None or text[previous.end : mention.start] not in ("、", "和", "或"):
        return
    if mention.scale:
        previous.value = scale_value(previous.value, SCALES[mention.scale])
        previous.scale = mention.scale
    previous.unit = mention.unit
    previous.comparable = True
    previous.extra["unit_from"] = mention.raw


_LIST_SEPARATORS = names().list_joiners | frozenset("，,") | {"、和"}


def _inherit_qualifier(text: str, previous: NumberMention, mention: NumberMention) -> None:
    """分别达到80.7%、74.8%、75%: 达到 before the first figure of a 分别 list is printed for
    every figure of it. A bound (分别近8000万元和5000万元) is left to the figure it stands at."""
    heads_list = previous.raw.startswith(previous.qualifier or "\0") and (
        text[max(0, previous.start - 2) : previous.start] == "分别"
    )
    if (
        previous.qualifier is not None
        and previous.bound == "exact"
        and (heads_list or "qualifier_from" in previous.extra)
        and text[previous.end : mention.start] in _LIST_SEPARATORS
        and previous.unit == mention.unit
    ):
        mention.qualifier = previous.qualifier
        mention.bound = previous.bound
        mention.extra["qualifier_from"] = previous.raw


def _inherit_direction(text: str, previous: NumberMention, mention: NumberMention) -> None:
    """分别同比增长11.7%、19.2%: one cue governs every figure of a list of the same unit."""
    if (
        previous.direction is not None
        and previous.unit == mention.unit
        and previous.unit in ("%", "个百分点")
        and "cue" in previous.extra
        and previous.extra["cue"] not in _SIGNS
        and text[previous.end : mention.start] in _LIST_SEPARATORS
    ):
        mention.direction = previous.direction
        mention.extra["cue"] = previous.extra["cue"]
        mention.extra["inherited"] = True


# --------------------------------------------------------------------------- public API


def scan(text: str) -> Scan:
    """Every quantity mention in `text`, plus every figure a named rule set aside."""
    return _scan(text, _MASTER, claim=False)


def extract_numbers(text: str) -> list[NumberMention]:
    """Every quantity mention in `text`, in order; offsets index `text` itself."""
    return [m for m in _scan(text, _MASTER, claim=False).mentions if _plain(m)]


def _plain(mention: NumberMention) -> bool:
    """False for a figure below a millionth of its unit (0.0000001万元): no report counts in
    those, and such a Decimal can only be written in exponent form (1E-7), which the output
    schema's decimal strings do not allow."""
    return all(v is None or v == 0 or v.adjusted() >= -6 for v in (mention.value, mention.value_hi))


_SPACES_RE = re.compile(r"[\s\u3000]+")


def parse_quantity(text: str) -> NumberMention | None:
    """One printed figure, e.g. a model's claim: "15.93亿元", "近50场", "百分之十点六", "6%-6.5%".

    Spaces are dropped first ("15.93 亿元"), so offsets refer to the text without them. Context
    rules that guard running text (quotes, ordinals, bare Chinese numerals) do not apply: the
    caller says this *is* a figure. Returns the first figure found, or None.
    """
    compact = _SPACES_RE.sub("", text)
    found = _scan(compact, _CLAIM, claim=True).mentions
    return found[0] if found else None


def normalise(value: Decimal, unit_text: str | None) -> tuple[Decimal, str | None, str | None]:
    """(15.93, "亿元") → (1593000000, "元", "亿"); (10.6, "%") → (10.6, "%", None).

    `unit_text` is a unit as printed, possibly led by a scale word (万元, 亿, 万人次). A unit this
    stage does not know is returned as given (stripped), so no claim loses its unit silently.
    """
    if unit_text is None:
        return value, None, None
    # 亿元 → 亿 + 元; a unit that begins with a scale word (千瓦, 千伏, 百分点) stays whole.
    scale, rest = _UNITS.split_scale(_SPACES_RE.sub("", unit_text))
    if scale is not None:
        value = scale_value(value, SCALES[scale])
    if not rest:
        return value, None, scale
    unit = _AR_UNITS.get(rest, rest)
    if unit in _NAME_UNITS or unit in _GROUP_UNITS:
        unit = rest
    return value, unit, scale
