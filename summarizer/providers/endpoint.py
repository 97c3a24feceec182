"""What an OpenAI-compatible endpoint says about itself: its context window, how many requests
it serves at once, and whether it counts tokens for us.

Each server family says it differently, when it says it at all:

    llama.cpp's llama-server   GET /props: default_generation_settings.n_ctx, total_slots;
                               POST /tokenize
    llama-cpp-python's server  POST /extras/tokenize/count (exact counts); no context window,
                               and one request at a time (a second one interrupts the first)
    vLLM                       GET /v1/models: max_model_len
    Ollama                     POST /api/show: num_ctx in parameters (the model's own
                               context_length is only its ceiling)

Every probe is short (a few seconds), and a server that answers none of them is simply
unknown: the context window is then the setting, else an assumption the run states once.
Cloud endpoints are not probed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import openai

from summarizer.config import Settings, endpoint_kind

PROBE_TIMEOUT = 3.0
# The window assumed when neither the user nor the server says: llama.cpp's and Ollama's usual
# default for a local server; for hosted APIs a size every current chat model has.
ASSUMED_LOCAL_WINDOW = 4096
ASSUMED_HOSTED_WINDOW = 32768
_HOSTED = frozenset({"openai", "deepseek", "dashscope"})

# "This model's maximum context length is 4096 tokens" (OpenAI, vLLM, llama-cpp-python),
# "exceed context window of 4096" (llama-cpp-python), "context size (4096)" (llama-server).
_WINDOW_IN_ERROR = re.compile(
    r"maximum context length is (\d+)|exceeds? (?:the )?context window of (\d+)"
    r"|(?:available )?context size \((\d+)"
)


@dataclass(slots=True)
class EndpointInfo:
    """The facts a request is sized by. `window_source` says where the window came from."""

    server: str = "unknown"
    context_window: int = ASSUMED_LOCAL_WINDOW
    window_source: str = "assumed"
    # Requests the server works on at once; None = as many as we send.
    slots: int | None = None
    # Where exact token counts come from, if the server has such a route.
    tokenize_url: str | None = None
    tokenize_style: str = ""
    notes: list[str] = field(default_factory=list)


def server_root(base_url: str) -> str:
    """The server's root URL: base URL without its trailing /v1 (where /props etc. live)."""
    parsed = urlparse(base_url)
    path = parsed.path.rstrip("/")
    if path.endswith("/v1"):
        path = path[: -len("/v1")]
    return f"{parsed.scheme}://{parsed.netloc}{path}"


def window_in_error(message: str) -> int | None:
    """The context window a server named in its "prompt too long" error, if it did."""
    found = _WINDOW_IN_ERROR.search(message)
    if found is None:
        return None
    return int(next(g for g in found.groups() if g))


async def probe(client: openai.AsyncOpenAI, settings: Settings, model: str) -> EndpointInfo:
    """Ask the endpoint about itself; the setting, when given, wins over what it says."""
    kind = endpoint_kind(settings.base_url)
    info = EndpointInfo()
    if kind in _HOSTED or settings.base_url is None:
        info.server = kind
        info.context_window = ASSUMED_HOSTED_WINDOW
    else:
        root = server_root(settings.base_url)
        for attempt in (_llama_server, _llama_cpp_python, _vllm, _ollama):
            try:
                if await attempt(client, root, model, info):
                    break
            except (TimeoutError, openai.OpenAIError, ValueError, TypeError, KeyError):
                continue
    if settings.context_window is not None:
        info.context_window = settings.context_window
        info.window_source = "set"
    elif info.window_source == "assumed" and kind not in _HOSTED and settings.base_url:
        info.notes.append(
            f"context window of {settings.endpoint} unknown ({info.server} server); assuming "
            f"{info.context_window} tokens: set --context-window (or SUMMARIZER_CONTEXT_WINDOW) "
            "to the server's context size"
        )
    return info


async def _get(client: openai.AsyncOpenAI, url: str) -> Any:
    return await client.get(url, cast_to=object, options=_OPTIONS)


async def _post(client: openai.AsyncOpenAI, url: str, body: dict[str, Any]) -> Any:
    return await client.post(url, cast_to=object, body=body, options=_OPTIONS)


_OPTIONS: Any = {"timeout": PROBE_TIMEOUT, "max_retries": 0}


async def _llama_server(
    client: openai.AsyncOpenAI, root: str, model: str, info: EndpointInfo
) -> bool:
    props = await _get(client, f"{root}/props")
    if not isinstance(props, dict):
        return False
    settings = props.get("default_generation_settings") or {}
    n_ctx = settings.get("n_ctx") or props.get("n_ctx")
    if not isinstance(n_ctx, int) or n_ctx <= 0:
        return False
    info.server = "llama-server"
    info.context_window, info.window_source = n_ctx, "server"
    slots = props.get("total_slots")
    info.slots = slots if isinstance(slots, int) and slots > 0 else None
    info.tokenize_url, info.tokenize_style = f"{root}/tokenize", "llama-server"
    return True


async def _llama_cpp_python(
    client: openai.AsyncOpenAI, root: str, model: str, info: EndpointInfo
) -> bool:
    answer = await _post(client, f"{root}/extras/tokenize/count", {"input": "测试", "model": model})
    if not isinstance(answer, dict) or not isinstance(answer.get("count"), int):
        return False
    info.server = "llama-cpp-python"
    # It serves one request at a time, and by default a second request interrupts the reply
    # being streamed: never more than one in flight.
    info.slots = 1
    info.tokenize_url, info.tokenize_style = f"{root}/extras/tokenize/count", "llama-cpp-python"
    return True


async def _vllm(client: openai.AsyncOpenAI, root: str, model: str, info: EndpointInfo) -> bool:
    listing = await _get(client, f"{root}/v1/models")
    for entry in (listing or {}).get("data") or []:
        size = entry.get("max_model_len") if isinstance(entry, dict) else None
        if isinstance(size, int) and size > 0 and entry.get("id") in (model, None):
            info.server = "vllm"
            info.context_window, info.window_source = size, "server"
            return True
    return False


async def _ollama(client: openai.AsyncOpenAI, root: str, model: str, info: EndpointInfo) -> bool:
    shown = await _post(client, f"{root}/api/show", {"model": model})
    if not isinstance(shown, dict) or ("model_info" not in shown and "parameters" not in shown):
        return False
    info.server = "ollama"
    found = re.search(r"(?m)^\s*num_ctx\s+(\d+)", str(shown.get("parameters") or ""))
    if found:
        info.context_window, info.window_source = int(found.group(1)), "server"
    else:
        # The OpenAI-compatible route uses Ollama's default context, not the model's ceiling,
        # and silently drops the start of a prompt that is longer.
        info.notes.append("Ollama runs the model with its default context unless num_ctx is set")
    return True


class Tokenizer:
    """Exact token counts from the endpoint when it has a route for them, else None."""

    def __init__(self, client: openai.AsyncOpenAI, info: EndpointInfo, model: str) -> None:
        self._client = client
        self._info = info
        self._model = model
        self.broken = info.tokenize_url is None

    async def count(self, text: str) -> int | None:
        if self.broken or self._info.tokenize_url is None:
            return None
        try:
            if self._info.tokenize_style == "llama-server":
                answer = await _post(self._client, self._info.tokenize_url, {"content": text})
                tokens = answer.get("tokens") if isinstance(answer, dict) else None
                return len(tokens) if isinstance(tokens, list) else None
            answer = await _post(
                self._client, self._info.tokenize_url, {"input": text, "model": self._model}
            )
            value = answer.get("count") if isinstance(answer, dict) else None
            return value if isinstance(value, int) else None
        except (TimeoutError, openai.OpenAIError):
            # A route that failed once is not asked again: the estimate takes over.
            self.broken = True
            return None
