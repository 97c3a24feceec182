"""The `llm` provider: one section → ChunkResult from any OpenAI-compatible endpoint.

Built on `openai` (AsyncOpenAI, its own retries off), `instructor` (the request for each mode:
tools, response_format, schema in the prompt) and `tenacity` (retries on 429/5xx/silence/
dropped connections, exponential backoff with jitter, honouring Retry-After). The loop around
a section is our own, because a small local model needs it to be careful:

- **Budget.** The endpoint's context window is known (setting, else what the server says,
  else an assumption stated once). Every prompt is counted before it is sent (the server's
  tokenizer when it has a route for it, else a conservative estimate), worked examples are
  dropped when they would crowd a small window, a section too long for one request is split at
  sentence ends, and `max_tokens` is what the window leaves. A request that cannot fit is
  never sent (`DoesNotFit`, one line with the numbers).
- **Cut replies.** A reply that stops at the token limit (finish_reason "length", the whole
  budget spent, or JSON that stops part-way after most of it) or that goes round in circles
  (a small model at temperature 0 can repeat the same items until its budget is gone; the
  stream is closed as soon as that shows) is never validated as if complete: the part is
  halved and each half asked again.
- **Re-asks** send the section again with the model's own reply, trimmed, and the list of what
  was wrong — never the whole conversation — and stay under a bound; a section never spends
  more than `(validation_retries + 2)` windows' worth of tokens per part.
- **Streaming.** Replies are streamed and given up on silence (settings.first_token_limit /
  silence_limit), not on total time; giving up closes the stream so the server stops. One
  request, its retries and its cost are request.py's.

Tokens are counted for every request: from the server's usage when it reports it in the
stream, else the prompt as counted before sending and one token per streamed chunk.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import instructor
import openai
from instructor.processing.response import handle_response_model
from pydantic import ValidationError

from summarizer import __version__
from summarizer.config import Settings, endpoint_kind
from summarizer.errors import ConfigError
from summarizer.models import SCHEMA_VERSION, ChunkResult, ReportMeta, Section, Usage
from summarizer.prompts import PromptSet, load_prompts
from summarizer.providers import budget
from summarizer.providers.base import Extraction
from summarizer.providers.budget import DoesNotFit
from summarizer.providers.endpoint import EndpointInfo
from summarizer.providers.failures import ExtractionFailed
from summarizer.providers.redact import redact_in_logs
from summarizer.providers.reply import ReplyCut, SectionExtraction, error_lines, parse_reply, trim
from summarizer.providers.request import Failed, Requester, Tally, WindowLearned
from summarizer.providers.retry import Backoff, is_transient
from summarizer.providers.sizing import Sizing
from summarizer.providers.stream import Reply

__all__ = ["Backoff", "ExtractionFailed", "LLMProvider", "SectionExtraction", "is_transient"]

# instructor logs at WARNING from its own loops; with no handler configured Python would print
# them to stderr. Failures are reported once, by the pipeline.
logging.getLogger("instructor").addHandler(logging.NullHandler())
# Each failed or retried request, at INFO, for a user's logging setup; redacted like the output.
_log = logging.getLogger(__name__)

# Local servers (llama.cpp, Ollama, vLLM) accept any key; the openai client insists on one.
_PLACEHOLDER_KEY = "not-needed"
# A re-ask carries at most this many tokens more than the first prompt of its part: the
# model's reply (trimmed) and the errors, never the conversation so far.
REASK_EXTRA = 768
# A re-ask needs at least this much room for the list of errors; with less the part is halved.
MIN_REASK = 128
# Parts are halved at most this often, whether to fit or because replies were cut.
MAX_SPLIT_DEPTH = 4
# A small model at temperature 0 can loop on a part every time it is asked, and on its halves
# too (2 of 6 sections of seed 000 failed so with Qwen2.5-Coder-1.5B at a 4,096-token window);
# sampled once more with some temperature it usually writes its way out. Only that part, once.
LOOP_TEMPERATURE = 0.5


@dataclass(slots=True)
class _Part:
    """One request's worth of a section: its text and the messages that carry it."""

    text: str
    request: dict[str, Any]
    prompt_tokens: int
    text_tokens: int
    # The candidate lines listing the text's figures: they grow with the text, so a split
    # divides them too and they are not part of the prompt's fixed share.
    listed: str = ""


class LLMProvider:
    """Extraction through an OpenAI-compatible chat endpoint."""

    name = "llm"

    def __init__(
        self,
        settings: Settings,
        *,
        prompts: PromptSet | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        model = settings.effective_model
        if model is None:
            raise ConfigError(
                f"no model named for {settings.endpoint}; pass --model or set SUMMARIZER_MODEL"
            )
        if settings.api_key is not None:
            api_key = settings.api_key.get_secret_value()
        elif endpoint_kind(settings.base_url) == "openai":
            raise ConfigError(
                "no API key for the OpenAI endpoint; set SUMMARIZER_API_KEY or OPENAI_API_KEY"
            )
        else:
            api_key = _PLACEHOLDER_KEY
        if api_key != _PLACEHOLDER_KEY:
            redact_in_logs(api_key)
        self.settings = settings
        self.model: str | None = model
        self.mode = settings.effective_mode
        self.prompts = prompts or load_prompts()
        self.prompt_version: str | None = self.prompts.version
        self.backoff = backoff or Backoff()
        # Called with each streamed token (progress) and with lines the user should read once
        # (an assumed context window); the pipeline sets them.
        self.on_tokens: Callable[[int], None] | None = None
        self.on_notice: Callable[[str], None] | None = None
        # Called with each complete reply: the section, its report, the text it answered
        # (bench/record_replies.py keeps a real model's replies as test fixtures).
        self.on_reply: Callable[[Section, ReportMeta, str, Reply], None] | None = None
        # max_retries=0: tenacity owns retrying. No client timeout: streams are given up on
        # silence (stream.py), which a total-time limit would defeat on a slow model.
        self._client = openai.AsyncOpenAI(
            api_key=api_key, base_url=settings.base_url, max_retries=0, timeout=None
        )
        # Touch the chat resource now: its first use imports ~2 s of modules on a slow machine,
        # which would otherwise count as the endpoint's silence before the first token.
        _ = self._client.chat.completions
        self._sizing_lock = asyncio.Lock()
        self._sizing: Sizing | None = None
        self._requests = Requester(
            self._client, settings, model, self.backoff, self._redact, self._notice
        )

    def identity(self) -> dict[str, str]:
        return {
            "provider": self.name,
            "version": __version__,
            "endpoint": self.settings.endpoint,
            "model": self.model or "",
            "mode": self.mode,
            "prompt_version": self.prompts.version,
            "prompt_digest": self.prompts.digest,
            "schema_version": SCHEMA_VERSION,
            "temperature": repr(float(self.settings.temperature)),
            # What the request is sized by changes the parts and examples a section gets.
            "context_window": str(self.settings.context_window or "auto"),
            "candidates": "1" if self.settings.candidates else "0",
        }

    async def aclose(self) -> None:
        await self._client.close()

    @property
    def endpoint_info(self) -> EndpointInfo | None:
        """What the endpoint said about itself, once the first section has asked."""
        return self._sizing.info if self._sizing is not None else None

    # ------------------------------------------------------------------ one section

    async def extract(self, section: Section, meta: ReportMeta) -> Extraction:
        tally = Tally()
        try:
            sizing = await self._ready()
            tally.budget = sizing.section_budget(section.text, self.settings.validation_retries)
            result = await self._extract_text(sizing, section, meta, section.text, tally, 0)
        except DoesNotFit as exc:
            raise ExtractionFailed(
                str(exc), self._usage(tally), endpoint_down=tally.requests == 0
            ) from None
        except Failed as exc:
            raise ExtractionFailed(
                self._redact(str(exc)),
                self._usage(tally),
                endpoint_down=exc.endpoint_down,
                timed_out=exc.timed_out,
            ) from None
        return Extraction(result=result, usage=self._usage(tally))

    async def _extract_text(
        self,
        sizing: Sizing,
        section: Section,
        meta: ReportMeta,
        text: str,
        tally: Tally,
        depth: int,
    ) -> ChunkResult:
        part = await self._part(sizing, section, meta, text)
        window = sizing.window
        if not budget.fits(window, part.prompt_tokens, part.text_tokens):
            # Estimated, not counted: only their share of the text is wanted, and only here.
            listed_tokens = sizing.estimate(part.listed) if part.listed else 0
            variable = part.text_tokens + listed_tokens
            fixed = part.prompt_tokens - variable
            limit = budget.text_limit(window, fixed)
            if listed_tokens:
                limit = limit * part.text_tokens // variable
            pieces = budget.split_text(text, limit, sizing.estimate) if limit > 0 else [text]
            if len(pieces) < 2 or depth >= MAX_SPLIT_DEPTH:
                what = f"section {section.id} ({len(text)} characters, cannot be split further)"
                if limit <= 0:
                    what = "the rules, examples and schema alone"
                    raise budget.does_not_fit(window, fixed, what)
                raise budget.does_not_fit(window, part.prompt_tokens, what)
            _log.info(
                "section %s: %d characters split into %d parts to fit %d tokens",
                section.id,
                len(text),
                len(pieces),
                window,
            )
            return await self._merge(sizing, section, meta, pieces, tally, depth)
        try:
            return await self._ask(sizing, section, meta, part, tally, depth)
        except WindowLearned:
            return await self._extract_text(sizing, section, meta, text, tally, depth + 1)

    async def _merge(
        self,
        sizing: Sizing,
        section: Section,
        meta: ReportMeta,
        pieces: list[str],
        tally: Tally,
        depth: int,
    ) -> ChunkResult:
        results = [
            await self._extract_text(sizing, section, meta, piece, tally, depth + 1)
            for piece in pieces
        ]
        return ChunkResult(
            achievements=[a for r in results for a in r.achievements],
            targets=[t for r in results for t in r.targets],
            problems=[p for r in results for p in r.problems],
        )

    async def _ask(
        self,
        sizing: Sizing,
        section: Section,
        meta: ReportMeta,
        part: _Part,
        tally: Tally,
        depth: int,
    ) -> ChunkResult:
        """Ask for one part; re-ask on a bad reply; halve the part when the reply was cut."""
        window = sizing.window
        # Shared by every attempt of this part, so the number re-ask happens once in all.
        context: dict[str, Any] = {"section_text": part.text, "numbers_reasked": False}
        # A re-ask may add what the window has beyond this part's prompt and its reply room.
        spare = (
            window
            - budget.safety_margin(window)
            - part.prompt_tokens
            - budget.reply_room(part.text_tokens)
        )
        bound = part.prompt_tokens + max(MIN_REASK, min(REASK_EXTRA, spare))
        request, prompt_tokens = part.request, part.prompt_tokens
        errors: list[str] = []
        reply_text = ""
        attempts = self.settings.validation_retries + 1
        for attempt in range(attempts):
            no_room = attempt and spare < MIN_REASK and depth < MAX_SPLIT_DEPTH
            if no_room and len(halves := budget.halve(part.text)) == 2:
                # No room to send the reply back: two smaller questions instead of one re-ask.
                return await self._merge(sizing, section, meta, halves, tally, depth)
            if attempt:
                reasked = await self._reask(sizing, part, reply_text, errors, bound)
                if reasked is None:
                    break
                request, prompt_tokens = reasked
            max_tokens = budget.max_tokens_for(window, prompt_tokens, self.settings.max_tokens)
            if tally.tokens + prompt_tokens + max_tokens > tally.budget:
                raise Failed(
                    f"section {section.id} would pass its token budget ({tally.budget}: "
                    f"{tally.tokens} spent in {tally.requests} requests); "
                    + (f"last reply: {errors[0]}" if errors else "not asked again")
                )
            reply = await self._requests.complete(
                sizing, request, prompt_tokens, max_tokens, tally, self.on_tokens
            )
            if self.on_reply is not None:
                self.on_reply(section, meta, part.text, reply)
            # Cut at the limit, or stopped going round in circles: never read as complete.
            cut = reply.finish_reason in ("length", "repetition") or reply.tokens >= max_tokens
            if not cut:
                try:
                    parsed = parse_reply(reply.text, context)
                    return ChunkResult.model_validate(parsed.model_dump())
                except ReplyCut as exc:
                    # JSON that stops part-way after most of the budget was cut there, whatever
                    # the server said; a short one is a malformed reply, to be sent back.
                    cut = reply.tokens * 2 >= max_tokens
                    errors, reply_text = [f"输出的 JSON 在中途结束（{exc}）"], reply.text
                except (ValidationError, ValueError) as exc:
                    errors = error_lines(exc)
                    reply_text = reply.text
                    _log.info("section %s: reply sent back: %s", section.id, errors[0])
            if cut:
                return await self._after_cut(sizing, section, meta, part, reply, tally, depth)
        raise Failed(f"reply failed validation {attempts} times: {errors[0] if errors else '?'}")

    async def _after_cut(
        self,
        sizing: Sizing,
        section: Section,
        meta: ReportMeta,
        part: _Part,
        reply: Reply,
        tally: Tally,
        depth: int,
    ) -> ChunkResult:
        looped = reply.finish_reason == "repetition"
        temperature = float(part.request.get("temperature") or 0.0)
        if looped and temperature < LOOP_TEMPERATURE:
            # Halves of a part a model loops on at temperature 0 tend to loop too: sampling the
            # same part once more with some temperature costs one request instead of two.
            _log.info(
                "section %s: reply repeats itself after %d tokens; asking again at temperature "
                "%.1f",
                section.id,
                reply.tokens,
                LOOP_TEMPERATURE,
            )
            warmer = dataclasses.replace(
                part, request={**part.request, "temperature": LOOP_TEMPERATURE}
            )
            return await self._ask(sizing, section, meta, warmer, tally, depth)
        halves = budget.halve(part.text)
        if len(halves) == 2 and depth < MAX_SPLIT_DEPTH:
            _log.info(
                "section %s: reply %s after %d tokens; asking again in two halves of %d characters",
                section.id,
                "repeats itself" if looped else "cut",
                reply.tokens,
                len(part.text),
            )
            return await self._merge(sizing, section, meta, halves, tally, depth)
        if looped:
            raise Failed(
                f"reply repeats itself (the same items again and again, stopped after "
                f"{reply.tokens} tokens) for a part of {len(part.text)} characters that cannot "
                f"be split further, also at temperature {temperature:g}; try another model"
            )
        raise Failed(
            f"reply cut at {reply.tokens} tokens (finish_reason={reply.finish_reason}) for a "
            f"part of {len(part.text)} characters that cannot be split further; raise "
            "--max-tokens or use a model with a larger context"
        )

    async def _reask(
        self, sizing: Sizing, part: _Part, reply_text: str, errors: list[str], bound: int
    ) -> tuple[dict[str, Any], int] | None:
        """The request that sends a reply back: the part's own messages, the reply (trimmed)
        and what was wrong, within `bound` prompt tokens. None when not even the errors fit."""
        messages = list(part.request["messages"])
        shown = list(errors)
        room = bound - part.prompt_tokens
        while shown:
            note = self.prompts.reask(shown)
            room_for_reply = room - sizing.estimate(note) - 2 * budget.PER_MESSAGE
            if room_for_reply >= 0:
                break
            shown = shown[:-1]
        if not shown:
            return None
        excerpt = trim(reply_text, room_for_reply, sizing.estimate)
        # Qwen-style templates and every OpenAI-compatible server take a plain assistant turn;
        # the reply goes back as text, not as a tool call, so any mode can carry it.
        request = dict(part.request)
        request["messages"] = [
            *messages,
            {"role": "assistant", "content": excerpt or "（略）"},
            {"role": "user", "content": self.prompts.reask(shown)},
        ]
        return request, await sizing.prompt_tokens(request)

    # ------------------------------------------------------------------ sizing

    async def _ready(self) -> Sizing:
        """Learn about the endpoint and count the fixed prompt, once per provider."""
        if self._sizing is None:
            async with self._sizing_lock:
                if self._sizing is None:
                    sizing = await Sizing.ask(
                        self._client, self.settings, self.model or "", self.prompts, self._request
                    )
                    for note in sizing.info.notes:
                        self._notice(note)
                    info = sizing.info
                    _log.info(
                        "%s (%s): context window %d (%s), %s at a time, %d of %d worked "
                        "examples, %d prompt tokens before the section",
                        self.settings.endpoint,
                        info.server,
                        info.context_window,
                        info.window_source,
                        info.slots or "any number",
                        sizing.examples,
                        len(self.prompts.examples),
                        sizing.fixed[sizing.examples],
                    )
                    self._sizing = sizing
        return self._sizing

    async def _part(self, sizing: Sizing, section: Section, meta: ReportMeta, text: str) -> _Part:
        candidates: list[str] = []
        if self.settings.candidates:
            from summarizer.providers.candidates import candidate_lines

            candidates = candidate_lines(text)
        messages = self.prompts.messages(
            section, meta, text=text, examples=sizing.examples, candidates=candidates
        )
        request = self._request(messages)
        prompt_tokens = await sizing.prompt_tokens(request)
        text_tokens = await sizing.count(text)
        return _Part(
            text=text,
            request=request,
            prompt_tokens=prompt_tokens,
            text_tokens=text_tokens,
            listed="\n".join(candidates),
        )

    def _request(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        _, request = handle_response_model(
            SectionExtraction, mode=instructor.Mode[self.mode], messages=messages
        )
        request.update(model=self.model or "", temperature=self.settings.temperature)
        return request

    # ------------------------------------------------------------------ reporting

    def _notice(self, line: str) -> None:
        if self.on_notice is not None:
            self.on_notice(line)

    def _usage(self, tally: Tally) -> Usage:
        return Usage(
            requests=tally.requests,
            prompt_tokens=tally.prompt_tokens,
            completion_tokens=tally.completion_tokens,
            cost=self.settings.cost(self.model, tally.prompt_tokens, tally.completion_tokens),
        )

    def _redact(self, message: str) -> str:
        # Some proxies echo the Authorization header in their error text; that text goes to
        # the terminal, the JSON output and the flags table.
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else ""
        return message.replace(key, "***") if len(key) >= 4 else message
