"""Extraction providers: one section in, a typed ChunkResult out."""

from summarizer.providers.base import Extraction, Provider

__all__ = ["Extraction", "Provider"]
