"""Exact conversion of printed numerals (Arabic, full-width, Chinese) to `Decimal`.

Kept apart from `numbers.py` so the grammar of a single numeral token can be tested on its own.
Everything here works on one isolated token that a regex has already delimited: Chinese numeral
characters also occur inside ordinary words (一般, 统一, 十分), so nothing here ever looks at
running text.

Values are built from digit strings and exponents, never through floats, and never through
`int(str)`, whose digit limit a 10⁵-digit token would exceed.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from summarizer.lexicon import units

# A context wide enough that scaling a printed figure never rounds it: the default context keeps
# 28 digits, which would silently round a long figure multiplied by 万.
EXACT = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)

# Full-width digits and separators as government pages print them.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# Units inside a section (below 万) and section multipliers, as powers of ten.
_SMALL_UNITS: dict[str, int] = {"十": 1, "百": 2, "千": 3}
_BIG_UNITS: dict[str, int] = {"万": 4, "亿": 8}

# Scale words that may follow a figure, with their power of ten (the lexicon's units.toml).
SCALES: dict[str, int] = dict(units().scales)


def arabic_to_decimal(token: str) -> tuple[Decimal, int]:
    """`"1,593.20"` → (Decimal("1593.20"), 2): the exact value and its printed decimal places."""
    text = token.translate(_FULLWIDTH).replace(",", "")
    value = Decimal(text)
    precision = len(text) - text.index(".") - 1 if "." in text else 0
    return value, precision


def arabic_scaled(token: str, power: int) -> tuple[Decimal, int]:
    """`("15.93", 8)` → (Decimal("1593000000"), 2): an Arabic figure times 10**power, exactly.

    The decimal point is moved in the digit string, which is both exact and cheaper than
    Decimal arithmetic under a wide context.
    """
    text = token if token.isascii() else token.translate(_FULLWIDTH)
    if "," in text:
        text = text.replace(",", "")
    integer, _, fraction = text.partition(".")
    precision = len(fraction)
    if power == 0:
        return Decimal(text), precision
    if precision <= power:
        return Decimal(integer + fraction + "0" * (power - precision)), precision
    return Decimal(f"{integer}{fraction[:power]}.{fraction[power:]}"), precision


def scale_value(value: Decimal, power: int) -> Decimal:
    """value × 10**power, exactly (scaleb under the default context would round long figures)."""
    if power == 0:
        return value
    scaled = value.scaleb(power, context=EXACT)
    exponent = scaled.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        # 1.593E+9 → 1593000000: the same number, printed the way a reader expects.
        scaled = scaled.quantize(Decimal(1), context=EXACT)
    return scaled


def _cn_integer_digits(token: str) -> str:
    """Digits of a Chinese integer numeral such as 一千二百万零五, 十五, 三万五 (= 35000).

    Works section by section (亿, 万, units) and returns a digit string so that arbitrarily long
    tokens stay exact without big-integer string conversion.
    """
    if not any(ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in token):
        # 一二三 read digit by digit, as in 二〇二三.
        return "".join(str(CN_DIGITS[ch]) for ch in token if ch in CN_DIGITS) or "0"
    with decimal.localcontext(EXACT):
        return _cn_sections(token)


def _cn_sections(token: str) -> str:
    total = Decimal(0)  # value of completed 万/亿 groups
    section = Decimal(0)  # value below the current big unit
    digit: int | None = None
    last_unit_power = 0  # the unit just closed, for abbreviations like 三万五 (= 35000)
    for ch in token:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
            if digit == 0:
                # 零 only marks a gap; an abbreviation cannot follow it (一千零五 = 1005).
                last_unit_power = 0
                digit = None
        elif ch in _SMALL_UNITS:
            power = _SMALL_UNITS[ch]
            section += scale_value(Decimal(1 if digit is None else digit), power)
            digit = None
            last_unit_power = power
        elif ch in _BIG_UNITS:
            power = _BIG_UNITS[ch]
            if digit is not None:
                section += digit
                digit = None
            if section == 0 and total == 0:
                section = Decimal(1)  # a bare 万 means ten thousand
            if section == 0:
                # 亿万 or 万万: multiply what stands so far.
                total = scale_value(total, power)
            else:
                # Anything already in `total` that is smaller than this unit belongs to it
                # (一万亿 = (1 × 万) × 亿).
                low = total % scale_value(Decimal(1), power) if total else Decimal(0)
                total = total - low + scale_value(low + section, power)
            section = Decimal(0)
            last_unit_power = power
    if digit is not None:
        if last_unit_power >= 1:
            # 三万五 = 35000, 一百五 = 150: the trailing digit counts in the next unit down.
            section += scale_value(Decimal(digit), last_unit_power - 1)
        else:
            section += digit
    return format(total + section, "f") if (total + section) else "0"


def cn_to_decimal(token: str) -> tuple[Decimal, int]:
    """`"十点六"` → (Decimal("10.6"), 1); `"一千二百万"` → (Decimal("12000000"), 0)."""
    integer, _, fraction = token.partition("点")
    digits = _cn_integer_digits(integer) if integer else "0"
    frac_digits = "".join(str(CN_DIGITS[ch]) for ch in fraction if ch in CN_DIGITS)
    text = f"{digits}.{frac_digits}" if frac_digits else digits
    return Decimal(text), len(frac_digits)


def numeral_to_decimal(token: str) -> tuple[Decimal, int]:
    """Either kind of numeral token → (exact value, printed decimal places)."""
    first = token[:1]
    if first.isdigit() or first in "０１２３４５６７８９":
        return arabic_to_decimal(token)
    return cn_to_decimal(token)
