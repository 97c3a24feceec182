"""The interface every extraction provider implements (rules, llm)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

# The answer type is data the cache stores too, so it lives with the other data types.
from summarizer.models import Extraction, ReportMeta, Section

__all__ = ["Extraction", "Provider"]


@runtime_checkable
class Provider(Protocol):
    """One section in, one ChunkResult out.

    `identity()` lists everything that changes the result (provider version, endpoint, model,
    mode, prompt version, schema version, temperature); the cache key is a hash of it and the
    section text. It must never contain the API key.
    """

    name: str
    model: str | None
    prompt_version: str | None

    def identity(self) -> dict[str, str]: ...

    async def extract(self, section: Section, meta: ReportMeta) -> Extraction: ...


@runtime_checkable
class Streaming(Protocol):
    """A provider that reports as it goes: each streamed token (for progress), and lines the
    user should read once (an assumed context window). The pipeline sets both."""

    on_tokens: Callable[[int], None] | None
    on_notice: Callable[[str], None] | None
