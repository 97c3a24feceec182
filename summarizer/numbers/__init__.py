"""The numbers stage: every quantity mention in a report's text, exact and with its span.

One compiled regex finds candidate figures (Arabic, full-width, Chinese numerals, 百分之…) together
with their scale word, unit and inner qualifiers; a short pass over each candidate then reads the
few characters around it for what a regex alone cannot decide well: a qualifier or sign in
front, the cue word that gives a change its direction, and the rules that say a figure is not a
quantity at all (dates, index numbers, section numbers, names in quotes, ordinals …).

Figures that a rule drops are not lost silently: `scan()` returns them with the rule's name, so a
test can show that every digit in a report was either read or deliberately set aside.

Public names: `extract_numbers`, `parse_quantity`, `normalise`, `scan`, `EXCLUSION_RULES`.

| module | job |
|---|---|
| pattern.py | the lexicon's words arranged for one master regex |
| context.py | what stands around a candidate: qualifier, sign, cue; the rules that exclude it |
| scanner.py | one pass: candidates read into mentions, lists sharing a unit, cue or 达到 |
"""

from __future__ import annotations

import re
from decimal import Decimal

from summarizer.models import NumberMention
from summarizer.numbers.context import EXCLUSION_RULES, Excluded, ExclusionRule, Scan
from summarizer.numbers.pattern import _AR_UNITS, _CLAIM, _GROUP_UNITS, _MASTER, _NAME_UNITS, _UNITS
from summarizer.numbers.scanner import _scan
from summarizer.numerals import SCALES, scale_value

__all__ = [
    "EXCLUSION_RULES",
    "Excluded",
    "ExclusionRule",
    "Scan",
    "extract_numbers",
    "normalise",
    "parse_quantities",
    "parse_quantity",
    "scan",
]

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
    found = parse_quantities(text)
    return found[0] if found else None


def parse_quantities(text: str) -> list[NumberMention]:
    """Every figure of a text that *is* figures (a model's `raw` quote), read as parse_quantity
    reads one."""
    return _scan(_SPACES_RE.sub("", text), _CLAIM, claim=True).mentions


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
