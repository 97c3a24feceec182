"""The token budget of one section: how many tokens a prompt takes, whether it fits the
endpoint's context window with room for the reply, and where to split a section that does not.

A structured reply is long: every figure comes back as an object of eight fields with its
quote and summary, so a reply often runs to twice the tokens of the text it reads. A request
is sized so that prompt + reply fit the window; the reply gets everything the prompt leaves.
Requests that cannot fit are never sent: `DoesNotFit` names the numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from summarizer.errors import ProviderError

# Reply tokens a part of the section is expected to need per token of its text, and at least.
# A real reply (Qwen2.5-Coder-1.5B on seed 000's economy section) ran to 4 reply tokens per
# text token on figure-dense review text; plan and problem text needs far less. Too little
# room costs a whole cut reply and two more requests, too much only a smaller part.
REPLY_PER_TEXT_TOKEN = 3.0
MIN_REPLY = 512
# Worked examples are kept while the fixed part of the prompt (rules, examples, reply schema)
# stays within this share of the window: past it they crowd out the section and its reply.
FIXED_SHARE = 0.55
# Tokens the chat template adds around each message (role markers, separators), and once
# around the tool list (Qwen's template wraps it in about 90 tokens of instructions).
PER_MESSAGE = 8
TOOLS_PREAMBLE = 110
# No part is cut shorter than this many characters: below it a reply is short anyway.
MIN_PART_CHARS = 120

_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_DIGIT = re.compile(r"[0-9]")
_LETTERS = re.compile(r"[A-Za-z]+")
_ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
_SENTENCE_END = "。；！？!?;\n"
_SOFT_BREAK = "，,、：:"


class DoesNotFit(ProviderError):
    """A request that cannot fit the context window, whatever is cut; never sent."""


def estimate_tokens(text: str) -> int:
    """A conservative token count for text without the model's tokenizer.

    One token per Chinese character (Qwen2.5 spends about 0.65, Llama 3 about 1), one per
    digit (most tokenizers split numbers into digits or short groups), one per three ASCII
    letters and two per three ASCII punctuation marks (JSON keys and braces merge often)."""
    if not text:
        return 0
    cjk = len(_CJK.findall(text))
    digits = len(_DIGIT.findall(text))
    letters = sum(math.ceil(len(word) / 3) for word in _LETTERS.findall(text))
    punct = len(_ASCII_PUNCT.findall(text))
    ascii_other = sum(1 for c in text if c.isascii())
    letters_chars = sum(len(word) for word in _LETTERS.findall(text))
    spaces = ascii_other - digits - letters_chars - punct
    other = len(text) - ascii_other - cjk
    return cjk + digits + letters + math.ceil(punct * 2 / 3) + math.ceil(spaces / 4) + other


def reply_room(text_tokens: int) -> int:
    """Reply tokens a part whose text takes `text_tokens` is given at least."""
    return max(MIN_REPLY, math.ceil(text_tokens * REPLY_PER_TEXT_TOKEN))


def safety_margin(window: int) -> int:
    """Tokens left unused so that a count a little short never overflows the window."""
    return max(32, window // 32)


def choose_examples(fixed_by_examples: list[int], window: int) -> int:
    """How many worked examples to send: as many as keep the fixed prompt within its share of
    the window. `fixed_by_examples[k]` is the fixed prompt with the first k examples."""
    keep = 0
    for k, tokens in enumerate(fixed_by_examples):
        if tokens <= FIXED_SHARE * window:
            keep = k
    return keep


def fits(window: int, prompt_tokens: int, text_tokens: int) -> bool:
    """Whether a prompt leaves its text's reply room in the window."""
    return prompt_tokens + reply_room(text_tokens) + safety_margin(window) <= window


def text_limit(window: int, fixed_tokens: int) -> int:
    """The most text tokens one part may take so that its reply still gets `reply_room`."""
    room = window - safety_margin(window) - fixed_tokens
    by_ratio = math.floor(room / (1 + REPLY_PER_TEXT_TOKEN))
    if by_ratio * REPLY_PER_TEXT_TOKEN >= MIN_REPLY:
        return max(0, by_ratio)
    return max(0, room - MIN_REPLY)


def max_tokens_for(window: int, prompt_tokens: int, cap: int) -> int:
    """The reply budget of one request: what the window leaves after the prompt, at most `cap`."""
    return max(0, min(cap, window - safety_margin(window) - prompt_tokens))


def does_not_fit(window: int, prompt_tokens: int, what: str) -> DoesNotFit:
    """The one-line error for a request that cannot fit, naming every number. `what` says
    whose tokens they are: "the rules, examples and schema alone", "section s03 (744 …)"."""
    need = prompt_tokens + MIN_REPLY + safety_margin(window)
    return DoesNotFit(
        f"request does not fit the context window of {window} tokens: {what} = "
        f"{prompt_tokens} prompt tokens, + {MIN_REPLY} for the reply + "
        f"{safety_margin(window)} margin = {need}; not sent (use a model or server with a "
        "larger context, and say so with --context-window)"
    )


def split_text(text: str, limit: int, count: Callable[[str], int]) -> list[str]:
    """`text` cut at sentence ends (else soft breaks) into parts of at most `limit` tokens
    each, about even. The parts joined give `text` back. A part that cannot be made small
    enough (a sentence longer than the limit) is left as it is: the caller decides."""
    if limit <= 0:
        return [text]
    parts: list[str] = []
    rest = text
    while rest and count(rest) > limit:
        pieces = math.ceil(count(rest) / limit)
        cut = _cut_near(rest, math.ceil(len(rest) / pieces))
        # Characters are not all worth the same: shrink the part until it fits.
        while cut > MIN_PART_CHARS and count(rest[:cut]) > limit:
            cut = _cut_near(rest, cut * 9 // 10)
        if cut >= len(rest):
            break
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts


def halve(text: str) -> list[str]:
    """Two parts of about half the text each, cut at a sentence end; one part when the text is
    too short to cut."""
    if len(text) < 2 * MIN_PART_CHARS:
        return [text]
    cut = _cut_near(text, len(text) // 2)
    if cut <= 0 or cut >= len(text):
        return [text]
    return [text[:cut], text[cut:]]


def _cut_near(text: str, target: int) -> int:
    """A cut position close to `target` and not after it when possible: after a sentence end,
    else a soft break, else `target` itself (never inside a figure: digits are never cut)."""
    target = max(1, min(target, len(text)))
    low = max(1, target * 2 // 3)
    for marks in (_SENTENCE_END, _SOFT_BREAK):
        for i in range(target, low - 1, -1):
            if text[i - 1] in marks:
                return i
    i = target
    while (
        1 < i < len(text) and (text[i - 1].isdigit() or text[i - 1] in ".%") and text[i].isdigit()
    ):
        i -= 1
    return i
