"""The re-ask hook: which claimed figures are not in the section at all, for the LLM validator."""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.models import ChunkResult
from summarizer.numbers import extract_numbers
from summarizer.verify.claims import Claim, change_claim, value_claim
from summarizer.verify.matching import rounds_to, units_agree, value_equal


def claims_of(result: ChunkResult) -> Iterable[tuple[str, Claim]]:
    for i, achievement in enumerate(result.achievements):
        for j, metric in enumerate(achievement.metrics):
            if metric.derived:
                continue
            where = f"achievements[{i}].metrics[{j}]"
            value = value_claim(metric)
            if value is not None:
                yield where, value
            change = change_claim(metric)
            if change is not None:
                yield where + ".change", change
    for i, target in enumerate(result.targets):
        if target.metric is None or target.metric.derived:
            continue
        where = f"targets[{i}].metric"
        value = value_claim(target.metric)
        if value is not None:
            yield where, value
        change = change_claim(target.metric)
        if change is not None:
            yield where + ".change", change


def numbers_not_in_text(result: ChunkResult, section_text: str) -> list[str]:
    """One line per claimed figure that does not stand in `section_text` (after normalising:
    15.93亿元 = 159300万元); empty when every figure is there. Figures the model marked as
    derived are not looked for. Qualifier, direction and which metric a number belongs to are
    left to `check_report`: this only asks "is the number there at all?", which is what a
    re-ask can fix."""
    mentions = [m for m in extract_numbers(section_text) if m.comparable]
    missing: list[str] = []
    for where, claim in claims_of(result):
        found = any(
            units_agree(claim, m) and (value_equal(claim, m) or rounds_to(claim, m))
            for m in mentions
        )
        if not found:
            missing.append(
                f"{where}: {claim.text} is not in the section text; copy figures exactly as"
                " printed, or set derived=true if you computed it"
            )
    return missing
