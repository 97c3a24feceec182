"""The `llm` provider: one section → ChunkResult from any OpenAI-compatible endpoint.

Built on `openai` (AsyncOpenAI, its own retries off) + `instructor` (typed replies, re-asks on
validation errors) + `tenacity` (retries on 429/5xx/timeouts/connection errors, exponential
backoff with jitter, honouring Retry-After). Every request carries `max_tokens` and a timeout:
a weak model under a grammar can otherwise run for ever.

Tokens are counted from every raw completion the endpoint returned — re-asks, replies that
failed validation, replies cut at max_tokens — through per-call instructor hooks, so the usage
of a section is what the endpoint actually billed for it.
"""

from __future__ import annotations

import contextlib
import email.utils
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import ValidationInfo, model_validator
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from summarizer import __version__
from summarizer.config import Settings, endpoint_kind
from summarizer.errors import ConfigError, ProviderError
from summarizer.models import SCHEMA_VERSION, ChunkResult, ReportMeta, Section, Usage
from summarizer.prompts import PromptSet, load_prompts
from summarizer.providers.base import Extraction
from summarizer.verify.reask import numbers_not_in_text

# instructor logs every failed attempt at WARNING; with no handler configured Python prints
# those to stderr, one pair per retry. The failure is reported once, by the pipeline.
logging.getLogger("instructor").addHandler(logging.NullHandler())

# Local servers (llama.cpp, Ollama, vLLM) accept any key; the openai client insists on one.
_PLACEHOLDER_KEY = "not-needed"
# Never wait longer than this for one retry, whatever Retry-After says.
_MAX_WAIT = 120.0


class ExtractionFailed(ProviderError):
    """A section that failed after its retries; carries the tokens it consumed anyway.

    `endpoint_down` says the next section would fail the same way (nothing listens, the key is
    refused, the URL or model is wrong), so the pipeline stops asking. `timed_out` says the
    last attempt got no reply in time: one says little, several in a row mean a hung server."""

    def __init__(
        self, message: str, usage: Usage, *, endpoint_down: bool = False, timed_out: bool = False
    ) -> None:
        super().__init__(message)
        self.usage = usage
        self.endpoint_down = endpoint_down
        self.timed_out = timed_out


# --------------------------------------------------------------------------- the reply model


def _numbers_check() -> Callable[[ChunkResult, str], list[str]] | None:
    # The re-ask hook of the cross-check: "is each claimed number in the section at all?"
    # (verify/reask.py needs only the numbers stage, so a provider may ask it).
    return numbers_not_in_text


class SectionExtraction(ChunkResult):
    """ChunkResult plus one validator: figures the section text does not contain trigger ONE
    re-ask with the list of them. On the second reply the claims are kept — the cross-check
    flags them — so a doubtful number never makes a section fail."""

    @model_validator(mode="after")
    def _figures_stand_in_source(self, info: ValidationInfo) -> Self:
        context = info.context
        if not isinstance(context, dict) or context.get("numbers_reasked"):
            return self
        text = context.get("section_text")
        check = _numbers_check()
        if not text or check is None:
            return self
        missing = check(self, text)
        if missing:
            context["numbers_reasked"] = True
            listed = "; ".join(missing[:20])
            raise ValueError(
                "以下数字在章节原文中找不到，请只使用原文中印出的数字并照抄原文写法"
                f"（自己计算的数字须标 derived=true）：{listed}"
            )
        return self


# --------------------------------------------------------------------------- retries


_TRANSIENT_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529})


def _root_cause(exc: BaseException) -> BaseException:
    # instructor wraps whatever ended its own loop (an API error included) in
    # InstructorRetryException; the cause decides whether another round can help.
    if isinstance(exc, InstructorRetryException) and exc.__cause__ is not None:
        return exc.__cause__
    return exc


def is_transient(exc: BaseException) -> bool:
    """429, 5xx, timeouts and dropped connections are worth another try; nothing else is."""
    cause = _root_cause(exc)
    if isinstance(cause, openai.APITimeoutError | openai.APIConnectionError):
        return True
    if isinstance(cause, openai.APIStatusError):
        return cause.status_code in _TRANSIENT_STATUS or cause.status_code >= 500
    return False


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said."""
    cause = _root_cause(exc)
    if not isinstance(cause, openai.APIStatusError):
        return None
    headers = cause.response.headers
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
            return min(asked, _MAX_WAIT)
        ceiling = min(self.cap, self.base * float(2 ** (state.attempt_number - 1)))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


# --------------------------------------------------------------------------- the provider


@dataclass(slots=True)
class _Meter:
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def on_request(self, *args: Any, **kwargs: Any) -> None:
        self.requests += 1

    def on_response(self, response: Any, *args: Any, **kwargs: Any) -> None:
        usage = getattr(response, "usage", None)
        if usage is None:
            return
        self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)


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
            _redact_in_logs(api_key)
        self.settings = settings
        self.model: str | None = model
        self.mode = settings.effective_mode
        self.prompts = prompts or load_prompts()
        self.prompt_version: str | None = self.prompts.version
        self.backoff = backoff or Backoff()
        # max_retries=0: tenacity below owns retrying, so the two never multiply.
        self._client = openai.AsyncOpenAI(
            api_key=api_key,
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.timeout,
        )
        self._instructor = instructor.from_openai(self._client, mode=instructor.Mode[self.mode])

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
        }

    async def aclose(self) -> None:
        await self._client.close()

    async def extract(self, section: Section, meta: ReportMeta) -> Extraction:
        meter = _Meter()
        hooks = Hooks()
        hooks.on("completion:kwargs", meter.on_request)
        hooks.on("completion:response", meter.on_response)
        # Shared by every attempt of this section, so the number re-ask happens once in all.
        context: dict[str, Any] = {"section_text": section.text, "numbers_reasked": False}
        messages = self.prompts.messages(section, meta)
        retrying = AsyncRetrying(
            retry=retry_if_exception(is_transient),
            stop=stop_after_attempt(self.settings.max_retries + 1),
            wait=self.backoff,
            reraise=True,
        )
        attempts = 0
        try:
            async for attempt in retrying:
                with attempt:
                    attempts += 1
                    parsed = await self._instructor.chat.completions.create(
                        model=self.model or "",
                        messages=messages,  # type: ignore[arg-type]
                        response_model=SectionExtraction,
                        max_retries=self.settings.validation_retries,
                        context=context,
                        hooks=hooks,
                        strict=False,
                        max_tokens=self.settings.max_tokens,
                        temperature=self.settings.temperature,
                        # No per-call timeout here: instructor would also cap its re-asks by
                        # it; the client's timeout already bounds every request.
                    )
        except IncompleteOutputException:
            raise ExtractionFailed(
                f"reply cut at max_tokens={self.settings.max_tokens} (finish_reason=length);"
                " raise --max-tokens or use a smaller --max-chars",
                self._usage(meter),
            ) from None
        except Exception as exc:
            raise ExtractionFailed(
                self._redact(self._describe(exc, attempts)),
                self._usage(meter),
                endpoint_down=_is_down(exc),
                timed_out=isinstance(_root_cause(exc), openai.APITimeoutError),
            ) from exc
        result = ChunkResult.model_validate(parsed.model_dump())
        return Extraction(result=result, usage=self._usage(meter))

    def _usage(self, meter: _Meter) -> Usage:
        return Usage(
            requests=meter.requests,
            prompt_tokens=meter.prompt_tokens,
            completion_tokens=meter.completion_tokens,
            cost=self.settings.cost(self.model, meter.prompt_tokens, meter.completion_tokens),
        )

    def _redact(self, message: str) -> str:
        # Some proxies echo the Authorization header in their error text; that text goes to
        # the terminal, the JSON output and the flags table.
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else ""
        return message.replace(key, "***") if len(key) >= 4 else message

    def _describe(self, exc: BaseException, attempts: int) -> str:
        """One line saying why a section failed, for the output and the terminal."""
        cause = _root_cause(exc)
        tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
        where = self.settings.endpoint
        if isinstance(cause, openai.APITimeoutError):
            return f"no reply within {self.settings.timeout:g}s from {where} {tries}"
        if isinstance(cause, openai.APIConnectionError):
            return f"cannot connect to {where} {tries}"
        if isinstance(cause, openai.AuthenticationError):
            return f"{where} rejected the API key (HTTP 401)"
        if isinstance(cause, openai.NotFoundError):
            return f"{where} answered 404: wrong --base-url or unknown model {self.model!r}"
        if isinstance(cause, openai.APIStatusError):
            detail = _first_line(getattr(cause, "message", "") or str(cause))
            return f"HTTP {cause.status_code} from {where} {tries}: {detail}"
        if isinstance(exc, InstructorRetryException):
            n = getattr(exc, "n_attempts", None) or "?"
            return f"reply failed validation {n} times: {_first_line(str(cause))}"
        return f"{type(cause).__name__}: {_first_line(str(cause))}"


class _RedactKey(logging.Filter):
    """Rewrites a log record that carries the key (instructor logs the endpoint's error text,
    which some proxies fill with the Authorization header) before any handler sees it."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "***"), None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set: the traceback is redacted once, here.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self.secret, "***")
        return True


def _redact_in_logs(secret: str) -> None:
    if len(secret) < 4:
        return
    # Logger filters do not apply to records of child loggers, so every logger of the HTTP
    # stack gets one (they are all created at import, before this runs).
    families = ("instructor", "openai", "httpx", "httpcore")
    # openai 3 vendors its HTTP stack as httpx2 / httpcore2.
    names = [
        n
        for n in list(logging.root.manager.loggerDict)
        if n.split(".")[0].rstrip("0123456789") in families
    ]
    for name in {*families, *names}:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactKey) and f.secret == secret for f in logger.filters):
            logger.addFilter(_RedactKey(secret))


def _is_down(exc: BaseException) -> bool:
    cause = _root_cause(exc)
    if isinstance(cause, openai.APITimeoutError):
        return False  # a slow section says nothing about the next one
    return isinstance(
        cause,
        openai.APIConnectionError
        | openai.AuthenticationError
        | openai.PermissionDeniedError
        | openai.NotFoundError,
    )


def _first_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
