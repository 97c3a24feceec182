"""Derived figures: a claim the provider says it computed is recomputed from source figures."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from summarizer.models import NumberMention
from summarizer.verify.claims import CHANGE_UNITS, SCALE_FACTORS, Claim
from summarizer.verify.matching import round_to


def recomputes(claim: Claim, numbers: Sequence[NumberMention]) -> str | None:
    """The arithmetic on source numbers that gives the claimed figure at its printed precision
    (a sum, difference, ratio or growth rate), or None."""
    pool = [m for m in numbers if m.comparable][:16]
    scale = claim.scale

    def agrees(value: Decimal) -> bool:
        try:
            if claim.unit in CHANGE_UNITS or claim.bare:
                return round_to(value, claim.precision) == claim.printed
            factor = SCALE_FACTORS.get(scale or "", Decimal(1))
            return round_to(value / factor, claim.precision) == claim.printed
        except InvalidOperation:
            return False

    same = [m for m in pool if claim.bare or m.unit == claim.unit]
    if len(same) >= 2 and agrees(sum((m.value for m in same), Decimal(0))):
        return "+".join(m.raw for m in same)
    for a, b in itertools.permutations(pool, 2):
        if a.unit == b.unit and (claim.bare or a.unit == claim.unit):
            if agrees(a.value + b.value):
                return f"{a.raw}+{b.raw}"
            if agrees(a.value - b.value):
                return f"{a.raw}-{b.raw}"
        if a.unit == b.unit and b.value and (claim.unit == "%" or claim.bare):
            if agrees(a.value / b.value * 100):
                return f"{a.raw}/{b.raw}"
            if agrees((a.value - b.value) / b.value * 100):
                return f"({a.raw}-{b.raw})/{b.raw}"
    return None
