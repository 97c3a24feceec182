"""One chat completion, streamed: the reply's text, how it ended, and what it cost.

A CPU model can take minutes over a reply while writing steadily; a hung server writes
nothing. So the reply is streamed and the request is given up on *silence* — no token for a
while — never on its total time. The wait for the first token is longer: the server reads the
whole prompt first. Giving up closes the stream, which is how a server learns to stop
generating for a client that has gone (llama.cpp's servers check between tokens).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai


class SilenceTimeout(Exception):
    """No token arrived within the limit (`tokens` had arrived before the silence)."""

    def __init__(self, waited: float, tokens: int) -> None:
        super().__init__(f"no token for {waited:g}s after {tokens} tokens")
        self.waited = waited
        self.tokens = tokens


class StreamInterrupted(Exception):
    """The stream ended without saying how the reply finished: the server stopped it (a
    llama-cpp-python server does when another request arrives) or the connection broke."""

    def __init__(self, tokens: int) -> None:
        super().__init__(f"reply stream ended after {tokens} tokens without a finish reason")
        self.tokens = tokens


# Tokens between two checks for a reply that repeats itself.
LOOP_CHECK = 32


def repeats_itself(text: str, span: int = 120, times: int = 3) -> bool:
    """Whether the last `span` characters of `text` stand in it `times` times or more: a small
    model at temperature 0 can write the same items over and over until its budget is gone.
    Distinct items share only their field names, far shorter than `span`."""
    if len(text) < span * times:
        return False
    return text.count(text[-span:]) >= times


def _goes_round(
    looping: Callable[[str], bool] | None, arguments: list[str], content: list[str]
) -> bool:
    return looping is not None and looping("".join(arguments) or "".join(content))


@dataclass(slots=True)
class Reply:
    """A streamed reply put back together."""

    content: str
    arguments: str
    finish_reason: str | None
    # Counted by the server when it reports usage in the stream, else None.
    prompt_tokens: int | None
    completion_tokens: int | None
    # Chunks that carried text: one token each on llama.cpp's servers.
    chunks: int
    seconds: float
    first_token_seconds: float

    @property
    def text(self) -> str:
        """The reply's JSON as the model wrote it: the tool call's arguments, else the content."""
        return self.arguments or self.content

    @property
    def tokens(self) -> int:
        return self.completion_tokens if self.completion_tokens is not None else self.chunks


async def stream_completion(
    client: openai.AsyncOpenAI,
    request: dict[str, Any],
    *,
    first_token: float,
    silence: float,
    on_token: Callable[[int], None] | None = None,
    usage_in_stream: bool = True,
    looping: Callable[[str], bool] | None = None,
) -> Reply:
    """Send `request` with stream=True and read the reply to its end.

    Raises SilenceTimeout when no token comes within `first_token` seconds of sending, or
    within `silence` seconds of the previous one, and StreamInterrupted when the stream ends
    without a finish reason. Either way the stream is closed first. When `looping` says the
    text so far goes round in circles (checked every LOOP_CHECK tokens), the stream is closed
    and the reply ends with finish_reason "repetition"."""
    loop = asyncio.get_running_loop()
    started = time.monotonic()
    extra: dict[str, Any] = {"stream": True}
    if usage_in_stream:
        extra["stream_options"] = {"include_usage": True}
    content: list[str] = []
    arguments: list[str] = []
    finish: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    chunks = 0
    first_at: float | None = None
    stream: Any = None
    try:
        async with asyncio.timeout(first_token) as limit:
            stream = await client.chat.completions.create(**request, **extra)
            async for chunk in stream:
                usage = getattr(chunk, "usage", None)
                if usage is not None:
                    prompt_tokens = getattr(usage, "prompt_tokens", None)
                    completion_tokens = getattr(usage, "completion_tokens", None)
                for choice in chunk.choices or []:
                    if choice.index:
                        continue
                    delta = choice.delta
                    got = 0
                    if delta is not None:
                        if delta.content:
                            content.append(delta.content)
                            got = 1
                        for call in delta.tool_calls or []:
                            if call.index == 0 and call.function and call.function.arguments:
                                arguments.append(call.function.arguments)
                                got = 1
                    if choice.finish_reason:
                        finish = choice.finish_reason
                    if got:
                        chunks += 1
                        if first_at is None:
                            first_at = time.monotonic() - started
                        if on_token is not None:
                            on_token(1)
                        if chunks % LOOP_CHECK == 0 and _goes_round(looping, arguments, content):
                            finish = "repetition"
                            break
                if finish == "repetition":
                    break
                # Any chunk is a sign of life; a token resets the clock to the silence limit.
                limit.reschedule(loop.time() + silence)
    except TimeoutError:
        raise SilenceTimeout(first_token if first_at is None else silence, chunks) from None
    finally:
        if stream is not None:
            await stream.close()
    if finish is None:
        raise StreamInterrupted(chunks)
    return Reply(
        content="".join(content),
        arguments="".join(arguments),
        finish_reason=finish,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        chunks=chunks,
        seconds=time.monotonic() - started,
        first_token_seconds=first_at if first_at is not None else time.monotonic() - started,
    )
