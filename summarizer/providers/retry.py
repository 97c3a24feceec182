"""Which failures of a request are worth another try, and how long to wait before it."""

from __future__ import annotations

import contextlib
import email.utils
import random
import time
from dataclasses import dataclass

import openai
from tenacity import RetryCallState

from summarizer.providers.stream import SilenceTimeout, StreamInterrupted

# Never wait longer than this for one retry, whatever Retry-After says.
MAX_WAIT = 120.0
_TRANSIENT_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529})


def is_transient(exc: BaseException) -> bool:
    """429, 5xx, timeouts, silence and dropped connections are worth another try; nothing
    else is."""
    if isinstance(exc, SilenceTimeout | StreamInterrupted):
        return True
    if isinstance(exc, openai.APITimeoutError | openai.APIConnectionError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    ms = headers.get("retry-after-ms")
    # An unparseable header is ignored: the next form, then our own backoff, still apply.
    if ms:
        with contextlib.suppress(ValueError):
            return max(0.0, float(ms) / 1000.0)
    value = headers.get("retry-after")
    if not value:
        return None
    # Retry-After is either delta-seconds or an HTTP date.
    with contextlib.suppress(ValueError):
        return max(0.0, float(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass(slots=True)
class Backoff:
    """Exponential backoff with full jitter; a server's Retry-After wins when it gave one."""

    base: float = 0.5
    cap: float = 30.0

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        asked = retry_after(exc) if exc is not None else None
        if asked is not None:
            return min(asked, MAX_WAIT)
        ceiling = min(self.cap, self.base * float(2 ** (state.attempt_number - 1)))
        return ceiling / 2 + random.uniform(0, ceiling / 2)
