"""The scan: candidates of the master regex read into mentions, in one pass over a text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from summarizer.lexicon import names
from summarizer.models import Bound, Direction, NumberMention
from summarizer.numbers.context import (
    Excluded,
    Scan,
    _context_rule,
    _cue,
    _is_ascii_alnum,
    _prefix,
    _Quotes,
    _scale_of_cn,
)
from summarizer.numbers.pattern import (
    _AR_UNITS,
    _CN_DIGIT,
    _GROUP_UNITS,
    _GROWS_AFTER,
    _HALF,
    _NAME_UNITS,
    _NOT_FOR,
    _PLAN_WORDS,
    _PREFIX_BOUND,
    _SIGNS,
    _SUFFIX_BOUND,
    _TIME_ONLY,
    _TIME_UNITS,
)
from summarizer.numerals import (
    SCALES,
    arabic_scaled,
    cn_to_decimal,
    numeral_to_decimal,
    scale_value,
)

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
            # 翻一番: a count of doublings, whatever its numeral.
            doubling = _AR_UNITS.get(cunit) in _GROWS_AFTER
            if c[0] in "零〇" and "点" not in c:
                # 零部件, 零售, 零距离: 零 opening a word is no figure (零点五 is one).
                continue
            if not claim and c == "一" and not doubling:
                # 一批, 一套指挥体系, 不漏一人: a lone 一 is an article, not a count.
                excluded.append(Excluded(start, end, m[0], "indefinite"))
                continue
            if not claim and c == "二" and not doubling:
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
        grows: str | None = None
        if unit in _GROWS_AFTER:
            grows = next((w for w in _GROWS_AFTER[unit] if text.endswith(w, 0, start)), None)
            if grows is None and not claim:
                continue
            if suffix is None and text.startswith(_HALF, end):
                # 翻两番半: two and a half doublings.
                value += Decimal("0.5")
                precision = max(precision, 1)
                end += 1
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
        qualifier, qstart = _prefix(text, start - len(grows or ""))
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
        if grows is not None:
            direction = "increase"
            extra["cue"] = grows
        elif sign is not None:
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
