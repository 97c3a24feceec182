"""What one provider knows about sizing its requests to an endpoint: the endpoint's window and
slots (asked once), how many worked examples the prompt carries, and token counts — exact
from the server's tokenizer where it has a route for one, else the estimate, scaled up when the
server bills more than it said."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from collections.abc import AsyncIterator, Callable
from typing import Any

import openai

from summarizer.config import Settings
from summarizer.prompts import PromptSet
from summarizer.providers import budget
from summarizer.providers.endpoint import EndpointInfo, Tokenizer, probe

# Texts at least this long are remembered once counted: system prompts and schemas come back
# with every request; section texts rarely do.
_REMEMBER_CHARS = 200


class Sizing:
    """Built by `Sizing.ask` once per provider, before its first request."""

    def __init__(
        self,
        info: EndpointInfo,
        tokenizer: Tokenizer,
        prompts: PromptSet,
        build_request: Callable[[list[dict[str, str]]], dict[str, Any]],
    ) -> None:
        self.info = info
        self.tokenizer = tokenizer
        self.prompts = prompts
        self.build_request = build_request
        self.slots: asyncio.Semaphore | None = asyncio.Semaphore(info.slots) if info.slots else None
        self.examples = 0
        self.scale = 1.0
        self._counts: dict[str, int] = {}
        self._fixed: list[int] = []

    @classmethod
    async def ask(
        cls,
        client: openai.AsyncOpenAI,
        settings: Settings,
        model: str,
        prompts: PromptSet,
        build_request: Callable[[list[dict[str, str]]], dict[str, Any]],
    ) -> Sizing:
        info = await probe(client, settings, model)
        sizing = cls(info, Tokenizer(client, info, model), prompts, build_request)
        for k in range(len(prompts.examples) + 1):
            request = build_request(
                [
                    {"role": "system", "content": prompts.system_with(k)},
                    {"role": "user", "content": ""},
                ]
            )
            sizing._fixed.append(await sizing.prompt_tokens(request))
        sizing.examples = budget.choose_examples(sizing._fixed, info.context_window)
        return sizing

    @property
    def window(self) -> int:
        return self.info.context_window

    @property
    def fixed(self) -> list[int]:
        """Prompt tokens before any report text, with 0, 1, … worked examples."""
        return list(self._fixed)

    def learn_window(self, window: int) -> bool:
        """The server named a smaller window than we thought: size for it from now on."""
        if window >= self.info.context_window:
            return False
        self.info.context_window, self.info.window_source = window, "server error"
        self.examples = budget.choose_examples(self._fixed, window)
        return True

    def learn_usage(self, reported: int | None, counted: int) -> None:
        """The server billed `reported` prompt tokens for a prompt counted as `counted`."""
        if reported is not None and reported > counted > 0 and self.tokenizer.broken:
            # Only ever upwards: an estimate too high wastes room, one too low overflows.
            self.scale = max(self.scale, self.scale * reported / counted)

    def section_budget(self, text: str, validation_retries: int) -> int:
        """The tokens a section may spend in all: each of its parts may fill the window once
        per attempt, plus once more for a split."""
        limit = budget.text_limit(self.window, self._fixed[self.examples] + 200)
        parts = max(1, math.ceil(self.estimate(text) / limit)) if limit > 0 else 1
        return (validation_retries + 2) * self.window * parts

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the server's slots (when it has few) for a request or a count."""
        if self.slots is None:
            yield
            return
        async with self.slots:
            yield

    async def prompt_tokens(self, request: dict[str, Any]) -> int:
        """Tokens the prompt of `request` takes: its messages, the schema it carries, and
        what the chat template adds around them."""
        messages = request.get("messages") or []
        total = len(messages) * budget.PER_MESSAGE
        for message in messages:
            total += await self.count(str(message.get("content") or ""))
        schema = request.get("tools") or request.get("response_format")
        if schema:
            # As a chat template renders it (Jinja's tojson: sorted keys, \\u-escaped).
            total += await self.count(json.dumps(schema, sort_keys=True))
            total += budget.TOOLS_PREAMBLE
        return total

    async def count(self, text: str) -> int:
        if not text:
            return 0
        known = self._counts.get(text)
        if known is not None:
            return known
        async with self.slot():
            exact = await self.tokenizer.count(text)
        tokens = exact if exact is not None else self.estimate(text)
        if len(text) >= _REMEMBER_CHARS:
            self._counts[text] = tokens
        return tokens

    def estimate(self, text: str) -> int:
        return math.ceil(budget.estimate_tokens(text) * self.scale)
