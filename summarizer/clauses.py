"""Clauses of Chinese report text: where sentences, segments and clauses end, and the trimming
every reader of a clause needs (edge punctuation, framing words, unpaired brackets).

Shared by figures/ (who owns each figure) and the rules provider's readers, so a clause ends in
the same place for both. Offsets always index the text given; nothing here copies a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "BRACKETS",
    "BRACKET_CLOSERS",
    "CLAUSE_ENDS",
    "CLOSERS",
    "OPENERS",
    "PLAIN_EDGES",
    "SEGMENT_ENDS",
    "SENTENCE_ENDS",
    "balanced",
    "clause_start",
    "first_of",
    "has_any",
    "sentence_at",
    "split",
    "strip_edges",
    "strip_words",
    "unmatched",
]

# Sentence ends, and the separators that end a clause inside a sentence. The reports mix
# full-width and ASCII punctuation freely.
SENTENCE_ENDS = frozenset("。！？!?\n")
SEGMENT_ENDS = SENTENCE_ENDS | frozenset("；;")
CLAUSE_ENDS = SEGMENT_ENDS | frozenset("，,：:")
# Brackets and quotes: a separator inside them does not end a clause
# (“引进一个、带来一批、发展一片” is one phrase).
OPENERS = "“‘「『（(《【〔["
CLOSERS = "”’」』）)》】〕]"
PLAIN_EDGES = " \t\u3000\n\r，,、；;：:。.！!？?\"'-—·•"
# Longest run a quote or bracket may hold separators for; past it the opener was a stray.
MAX_QUOTE = 40
PAIRS = dict(zip(OPENERS, CLOSERS, strict=True))
OPENER_OF = {closer: opener for opener, closer in PAIRS.items()}
# Brackets proper (not quotes): a figure inside one is an aside to the words before it.
BRACKETS = "（(【〔["
BRACKET_CLOSERS = "）)】〕]"


@lru_cache(maxsize=8)
def _special(seps: frozenset[str]) -> re.Pattern[str]:
    """The characters `split` must look at: separators and brackets (all else is skipped)."""
    chars = "".join(sorted(seps)) + OPENERS + CLOSERS
    return re.compile("[" + re.escape(chars) + "]")


@lru_cache(maxsize=8192)
def split(text: str, start: int, end: int, seps: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """`[start, end)` cut at `seps` outside brackets and quotes, each piece trimmed of blanks."""
    pieces: list[tuple[int, int]] = []
    open_marks: list[str] = []
    opened = start
    piece_start = start
    for match in _special(seps).finditer(text, start, end):
        ch = match.group()
        i = match.start()
        if ch in OPENERS:
            # 面对“4·7下沙社区遭遇战,迅速划定“三区”: a mark never nests inside its own kind,
            # so the first one was left open and the new one takes its place.
            if not open_marks or open_marks[-1] != ch:
                open_marks.append(ch)
            opened = i
        elif ch in CLOSERS:
            if open_marks:
                open_marks.pop()
        elif not open_marks or ch == "\n" or i - opened > MAX_QUOTE:
            # 1,000 is a number, not two clauses.
            if (
                ch == ","
                and 0 < i < len(text) - 1
                and text[i - 1].isdigit()
                and text[i + 1].isdigit()
            ):
                continue
            pieces.append((piece_start, i))
            piece_start = i + 1
            # A quote left open (面对“4·7下沙社区遭遇战,…) never swallows the rest of the text.
            open_marks.clear()
    pieces.append((piece_start, end))
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        while a < b and text[a] in " \t\u3000\r\n":
            a += 1
        while b > a and text[b - 1] in " \t\u3000\r\n":
            b -= 1
        if a < b:
            out.append((a, b))
    return tuple(out)


def strip_edges(text: str) -> str:
    """Edge punctuation off, except quotes and brackets that pair with one inside the text
    (“专精特新”入库培育企业 keeps its quotes; 老潘工作室”矛盾纠纷… loses the stray one)."""
    while True:
        before = text
        text = text.strip(PLAIN_EDGES)
        if (text and text[0] in CLOSERS) or (
            text and text[0] in OPENERS and PAIRS[text[0]] not in text[1:]
        ):
            text = text[1:]
        if (text and text[-1] in OPENERS) or (
            text and text[-1] in CLOSERS and OPENER_OF[text[-1]] not in text[:-1]
        ):
            text = text[:-1]
        if text == before:
            return text


def strip_words(
    text: str, words: tuple[str, ...], *, tail: bool, keep: tuple[str, ...] = ()
) -> str:
    """Strip any of `words` (and edge punctuation) from one end of `text` until none is left,
    or until that end is one of `keep` (违规行为 keeps its 为)."""
    while text:
        text = strip_edges(text)
        if keep and (text.endswith(keep) if tail else text.startswith(keep)):
            break
        # One C-level test first: most names need no stripping at all.
        if not (text.endswith(words) if tail else text.startswith(words)):
            break
        for word in words:
            if tail and text.endswith(word):
                text = text[: -len(word)]
                break
            if not tail and text.startswith(word):
                text = text[len(word) :]
                break
    return strip_edges(text)


def unmatched(text: str, *, closers: bool) -> int:
    """Where `text` has a bracket that does not pair inside it: the last opener left open
    (`closers=False`), or the first closer with no opener (`closers=True`); -1 if none."""
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in BRACKETS:
            stack.append(i)
        elif ch in BRACKET_CLOSERS:
            if stack:
                stack.pop()
            elif closers:
                return i
    if closers or not stack:
        return -1
    return stack[-1]


def balanced(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in PAIRS:
            stack.append(PAIRS[ch])
        elif ch in OPENER_OF and (not stack or stack.pop() != ch):
            return False
    return not stack


def sentence_at(text: str, start: int, end: int, *, reach: int = 400) -> tuple[int, int]:
    """The sentence that holds `[start, end)`: back to the sentence end before it, on to the one
    after it (。！？ or a line end), at most `reach` characters either way."""
    lo = start
    floor = max(0, start - reach)
    while lo > floor and text[lo - 1] not in SENTENCE_ENDS:
        lo -= 1
    hi = end
    ceiling = min(len(text), end + reach)
    while hi < ceiling and text[hi] not in SENTENCE_ENDS:
        hi += 1
    return lo, hi


def clause_start(text: str, at: int, floor: int) -> int:
    """Where the clause holding `at` begins (a clause or list mark before it), not before `floor`."""
    i = at
    while i > floor and text[i - 1] not in _CLAUSE_MARKS:
        i -= 1
    return i


# Marks a clause (or an item of a list) begins after.
_CLAUSE_MARKS = CLAUSE_ENDS | frozenset("、")


def first_of(text: str, words: Iterable[str]) -> str | None:
    best: tuple[int, str] | None = None
    for word in words:
        at = text.find(word)
        if at >= 0 and (
            best is None or at < best[0] or (at == best[0] and len(word) > len(best[1]))
        ):
            best = (at, word)
    return None if best is None else best[1]


def has_any(text: str, words: Iterable[str]) -> bool:
    if isinstance(words, tuple | frozenset):
        return bool(words) and _any_of(words).search(text) is not None
    return any(word in text for word in words)


@lru_cache(maxsize=256)
def _any_of(words: tuple[str, ...] | frozenset[str]) -> re.Pattern[str]:
    """One regex for a word list: a C-level scan instead of one `in` per word."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
