"""The numbers stage's regex and the lexicon words it is built from (units, scale words,
qualifiers, change cues), arranged once for the hot loop."""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer.lexicon import changes, names, qualifiers, units
from summarizer.models import Bound
from summarizer.numerals import SCALES

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
# Units whose figures stand only right after a word that says they grow (翻两番), longest
# word first; 两番 alone is no figure (三番五次).
_GROWS_AFTER: dict[str, tuple[str, ...]] = {
    unit.unit: tuple(sorted(unit.after, key=len, reverse=True)) for unit in _UNITS.all if unit.after
}
_HALF = _UNITS.half

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
        # 所以 is a word, 20所以上 a figure and its bound: a guard never stops a suffix bound.
        guarded = f"(?!(?!{_SUFFIX})[{guard}])" if guard else ""
        parts.append(re.escape(unit) + guarded)
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
    # A scale word standing for one of itself (突破千亿元, 超万亿); one led by a numeral (十万) is
    # the numeral's.
    alone = _alt(w for w, power in SCALES.items() if power >= 4 and w[0] not in _CN_DIGIT)
    bare_scale = r"(?P<bs>" + alone + r")(?P<bq>" + _INFIX + r")?(?P<bunit>" + cn_units + ")?"
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
