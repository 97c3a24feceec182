"""Locate a quoted passage in a Chinese text at character level.

Chinese has no spaces, so word tokenisers (langextract's default among them) treat a run of Han
characters as one token and lose the span. We match characters instead, after folding only the
differences a model introduces when it copies text: whitespace (dropped or added anywhere) and
full-width vs half-width punctuation (，/, ；/; （/( “/" …). Nothing else is forgiven: a changed
character, digit or word means the quote is not in the source.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

# Punctuation whose full-width and half-width forms are "the same" for a quote. NFKC folds the
# FF01–FF5E block (，；：（）！？ full-width digits/letters); the ones below it leaves alone.
_EXTRA_FOLD = {
    "。": ".",
    "｡": ".",
    "、": ",",
    "“": '"',
    "”": '"',
    "„": '"',
    "「": '"',
    "」": '"',
    "『": '"',
    "』": '"',
    "‘": "'",
    "’": "'",
    "〔": "(",
    "〕": ")",
    "【": "[",
    "】": "]",
    "〈": "<",
    "〉": ">",
    "《": "<",
    "》": ">",
    "—": "-",
    "–": "-",
    "―": "-",
    "－": "-",
    "～": "~",
    "〜": "~",
    "…": "...",
    "·": ".",
    "•": ".",
    "・": ".",
}


# A model often adds or drops the sentence mark at either end of a quote; that says nothing about
# whether the words are in the source, so edge punctuation is not required to match.
_EDGE_PUNCT = ".,;:!?\"'()[]<>-~ "


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """The comparison form of one character: '' for whitespace, a folded form for punctuation."""
    if ch.isspace() or ch in "\u200b\ufeff":
        return ""
    if ch in _EXTRA_FOLD:
        return _EXTRA_FOLD[ch]
    if "\uff01" <= ch <= "\uff5e" or ch == "\u3000":
        return unicodedata.normalize("NFKC", ch)
    return ch


def fold(text: str) -> str:
    """`text` in comparison form (no whitespace, punctuation in one width)."""
    return "".join(_fold_char(ch) for ch in text)


class FoldedText:
    """A text folded once, with a map from each folded character back to its original offset,
    so any number of quotes can be searched in it without re-folding."""

    __slots__ = ("folded", "offsets", "original")

    def __init__(self, text: str) -> None:
        self.original = text
        # Most characters fold to themselves: fold each distinct one once, translate in C, and
        # walk only the positions that are dropped or widened (a per-character Python loop took
        # 8 s on a 20 MB report).
        folds = {ch: _fold_char(ch) for ch in set(text)}
        self.folded = text.translate({ord(ch): f for ch, f in folds.items() if f != ch})
        uneven = "".join(re.escape(ch) for ch, f in folds.items() if len(f) != 1)
        if not uneven:
            self.offsets = list(range(len(text)))
            return
        offsets: list[int] = []
        previous = 0
        for found in re.finditer(f"[{uneven}]", text):
            at = found.start()
            offsets.extend(range(previous, at))
            # A character that folds to several ("…" → "...") maps each of them to itself.
            offsets.extend([at] * len(folds[text[at]]))
            previous = at + 1
        offsets.extend(range(previous, len(text)))
        self.offsets = offsets

    def find(self, quote: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        needle = fold(quote).strip(_EDGE_PUNCT)
        if not needle:
            return None
        stop = len(self.original) if end is None else min(end, len(self.original))
        lo = bisect_left(self.offsets, max(start, 0))
        hi = bisect_left(self.offsets, stop)
        at = self.folded.find(needle, lo, hi)
        if at < 0:
            return None
        first = self.offsets[at]
        last = self.offsets[at + len(needle) - 1]
        return first, last + 1


@lru_cache(maxsize=16)
def folded_text(text: str) -> FoldedText:
    """The folded form of `text`, cached: a report's items all search the same text."""
    return FoldedText(text)


def locate_quote(
    quote: str, text: str, start: int = 0, end: int | None = None
) -> tuple[int, int] | None:
    """`[start, end)` of the first occurrence of `quote` in `text[start:end]`, as offsets into
    the original `text`, ignoring whitespace and full/half-width punctuation differences.
    None when the quote is not there (or is only punctuation)."""
    return folded_text(text).find(quote, start, end)
