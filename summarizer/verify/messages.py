"""Check messages: the one-line reason a reviewer reads (templates live in summarizer/labels.py)."""

from __future__ import annotations

from summarizer.clauses import clause_start
from summarizer.figures import Figure
from summarizer.labels import CHECK_MESSAGES


def message(key: str, lang: str, *, src: str = "", note: str = "") -> str:
    zh, en = CHECK_MESSAGES[key]
    return (en if lang == "en" else zh).format(src=src, note=note)


def source_words(text: str, figure: Figure | None) -> str:
    """The mention with the words before it in its clause: 实现财政总收入6.3亿元."""
    if figure is None:
        return ""
    mention = figure.mention
    start = clause_start(text, mention.start, max(0, mention.start - 30))
    return text[start : mention.end].strip() or mention.raw
