"""How a figure is written back for a reader: where its qualifier stands.

Chinese puts 近/超/逾/约 before the number (近50场), 余/多 between the number and its unit
(240余起), and 以上/左右/以内 after the unit (35家以上). Every renderer writes figures through
this one function so the terminal, Markdown, HTML and DOCX agree.
"""

from __future__ import annotations

from summarizer.lexicon import qualifiers


def with_qualifier(number: str, unit: str | None, qualifier: str | None) -> str:
    """`近50场`, `240余起`, `35家以上`: number, unit and qualifier in the source's order."""
    return qualifiers().written(number, unit, qualifier)
