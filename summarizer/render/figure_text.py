"""How a figure is written back for a reader: where its qualifier stands.

Chinese puts 近/超/逾/约 before the number (近50场), 余/多 between the number and its unit
(240余起), and 以上/左右/以内 after the unit (35家以上). Every renderer writes figures through
this one function so the terminal, Markdown, HTML and DOCX agree.
"""

from __future__ import annotations

PREFIX_QUALIFIERS = frozenset(
    {"近", "超", "逾", "约", "超过", "达", "达到", "突破", "不到", "不足", "累计"}
)
INFIX_QUALIFIERS = frozenset({"余", "多"})


def with_qualifier(number: str, unit: str | None, qualifier: str | None) -> str:
    """`近50场`, `240余起`, `35家以上`: number, unit and qualifier in the source's order."""
    unit = unit or ""
    if not qualifier:
        return f"{number}{unit}"
    if qualifier in PREFIX_QUALIFIERS:
        return f"{qualifier}{number}{unit}"
    if qualifier in INFIX_QUALIFIERS:
        return f"{number}{qualifier}{unit}"
    return f"{number}{unit}{qualifier}"
