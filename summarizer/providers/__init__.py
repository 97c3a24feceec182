"""Extraction providers: one section in, a typed ChunkResult out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.providers.base import Extraction, Provider

if TYPE_CHECKING:
    from summarizer.config import Settings

__all__ = ["Extraction", "Provider", "create_provider"]


def create_provider(settings: Settings) -> Provider:
    """The provider the settings chose. Imports lazily: the rules provider must not pay for
    importing openai/instructor, and the LLM provider is built only when the user chose it."""
    if settings.provider == "llm":
        from summarizer.providers.llm import LLMProvider

        return LLMProvider(settings)
    from summarizer.providers.rules import RulesProvider

    return RulesProvider()
