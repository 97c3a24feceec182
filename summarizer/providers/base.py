"""The interface every extraction provider implements (rules, llm)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from summarizer.models import ChunkResult, ReportMeta, Section, Usage


@dataclass(slots=True)
class Extraction:
    """A provider's answer for one section, with what it cost."""

    result: ChunkResult
    usage: Usage = field(default_factory=Usage)


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
