"""Why a request failed, in one line, and whether the next one would fail the same way."""

from __future__ import annotations

import openai

from summarizer.errors import ProviderError
from summarizer.models import Usage
from summarizer.providers.stream import SilenceTimeout, StreamInterrupted


class ExtractionFailed(ProviderError):
    """A section that failed after its retries; carries the tokens it consumed anyway.

    `endpoint_down` says the next section would fail the same way (nothing listens, the key is
    refused, the URL or model is wrong, the prompt cannot fit), so the pipeline stops asking.
    `timed_out` says the last attempt got no reply in time: one says little, several in a row
    mean a hung server."""

    def __init__(
        self, message: str, usage: Usage, *, endpoint_down: bool = False, timed_out: bool = False
    ) -> None:
        super().__init__(message)
        self.usage = usage
        self.endpoint_down = endpoint_down
        self.timed_out = timed_out


def describe(exc: BaseException, attempts: int, where: str, model: str | None) -> str:
    """One line saying why a request failed, for the output and the terminal."""
    tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    if isinstance(exc, SilenceTimeout):
        if exc.tokens == 0:
            return f"no reply within {exc.waited:g}s from {where} {tries}"
        return (
            f"reply stalled: no token for {exc.waited:g}s after {exc.tokens} tokens "
            f"from {where} {tries}"
        )
    if isinstance(exc, StreamInterrupted):
        return f"reply stream from {where} ended without finishing {tries} ({exc})"
    if isinstance(exc, openai.APITimeoutError):
        return f"no reply in time from {where} {tries}"
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot connect to {where} {tries}"
    if isinstance(exc, openai.AuthenticationError):
        return f"{where} rejected the API key (HTTP 401)"
    if isinstance(exc, openai.NotFoundError):
        return f"{where} answered 404: wrong --base-url or unknown model {model!r}"
    if isinstance(exc, openai.APIStatusError):
        detail = first_line(getattr(exc, "message", "") or str(exc))
        return f"HTTP {exc.status_code} from {where} {tries}: {detail}"
    return f"{type(exc).__name__}: {first_line(str(exc))}"


def is_down(exc: BaseException) -> bool:
    if isinstance(exc, openai.APITimeoutError | SilenceTimeout | StreamInterrupted):
        return False  # a slow section says nothing about the next one
    return isinstance(
        exc,
        openai.APIConnectionError
        | openai.AuthenticationError
        | openai.PermissionDeniedError
        | openai.NotFoundError,
    )


def first_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
