"""One request of the `llm` provider: streamed, retried on transient failures, counted.

What a section's loop (llm.py) needs from a single request and no more: the reply, what it
cost (added to the section's `Tally`), and a failure it can act on — `WindowLearned` when the
server refused the prompt and named its real window, `Failed` for everything else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from summarizer.config import Settings
from summarizer.providers.endpoint import window_in_error
from summarizer.providers.failures import describe, is_down
from summarizer.providers.retry import Backoff, is_transient
from summarizer.providers.sizing import Sizing
from summarizer.providers.stream import (
    Reply,
    SilenceTimeout,
    StreamInterrupted,
    repeats_itself,
    stream_completion,
)

_log = logging.getLogger(__name__)


class Failed(Exception):
    """A part that failed; becomes ExtractionFailed with the section's usage."""

    def __init__(self, message: str, *, endpoint_down: bool = False, timed_out: bool = False):
        super().__init__(message)
        self.endpoint_down = endpoint_down
        self.timed_out = timed_out


class WindowLearned(Exception):
    """The server refused a prompt as too long and named its real window."""


@dataclass(slots=True)
class Tally:
    """What one section has cost so far, across its parts, re-asks and retries."""

    budget: int = 0
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class Requester:
    """Sends one request at a time for the provider that owns it (its client, its settings)."""

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        settings: Settings,
        model: str | None,
        backoff: Backoff,
        redact: Callable[[str], str],
        notice: Callable[[str], None],
    ) -> None:
        self.client = client
        self.settings = settings
        self.model = model
        self.backoff = backoff
        self._redact = redact
        self._notice = notice
        # Cleared for good the first time a server refuses the stream_options usage field.
        self.usage_in_stream = True

    async def complete(
        self,
        sizing: Sizing,
        request: dict[str, Any],
        prompt_tokens: int,
        max_tokens: int,
        tally: Tally,
        on_token: Callable[[int], None] | None,
    ) -> Reply:
        """One request, streamed, retried on transient failures."""
        retrying = AsyncRetrying(
            retry=retry_if_exception(is_transient),
            stop=stop_after_attempt(self.settings.max_retries + 1),
            wait=self.backoff,
            reraise=True,
            before_sleep=self._log_retry,
        )
        attempts = 0
        try:
            async for attempt in retrying:
                with attempt:
                    attempts += 1
                    async with sizing.slot():
                        tally.requests += 1
                        reply = await self._stream(
                            request, prompt_tokens, max_tokens, tally, on_token
                        )
        except openai.BadRequestError as exc:
            learned = window_in_error(str(exc))
            window = sizing.window
            if learned is not None and sizing.learn_window(learned):
                self._notice(
                    f"{self.settings.endpoint} says its context window is {learned} tokens "
                    f"(not {window}); requests are sized for that from now on"
                )
                raise WindowLearned() from None
            raise Failed(self._describe(exc, attempts)) from None
        except Exception as exc:
            _log.info("request failed: %s", self._redact(self._describe(exc, attempts)))
            raise Failed(
                self._describe(exc, attempts),
                endpoint_down=is_down(exc),
                timed_out=isinstance(exc, SilenceTimeout | openai.APITimeoutError),
            ) from exc
        sizing.learn_usage(reply.prompt_tokens, prompt_tokens)
        return reply

    async def _stream(
        self,
        request: dict[str, Any],
        prompt_tokens: int,
        max_tokens: int,
        tally: Tally,
        on_token: Callable[[int], None] | None,
    ) -> Reply:
        try:
            reply = await stream_completion(
                self.client,
                {**request, "max_tokens": max_tokens},
                first_token=self.settings.first_token_limit(prompt_tokens),
                silence=self.settings.silence_limit,
                on_token=on_token,
                usage_in_stream=self.usage_in_stream,
                looping=repeats_itself,
            )
        except (SilenceTimeout, StreamInterrupted) as exc:
            # The server read the prompt if it wrote anything at all.
            if exc.tokens:
                tally.prompt_tokens += prompt_tokens
                tally.completion_tokens += exc.tokens
            raise
        except openai.BadRequestError as exc:
            if self.usage_in_stream and "stream_options" in str(exc):
                # A server that refuses the usage option: ask without it from now on.
                self.usage_in_stream = False
                return await self._stream(request, prompt_tokens, max_tokens, tally, on_token)
            raise
        tally.prompt_tokens += reply.prompt_tokens or prompt_tokens
        tally.completion_tokens += reply.tokens
        return reply

    def _describe(self, exc: BaseException, attempts: int) -> str:
        return describe(exc, attempts, self.settings.endpoint, self.model)

    def _log_retry(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        if exc is not None:
            _log.info("retrying after %s", self._redact(self._describe(exc, state.attempt_number)))
