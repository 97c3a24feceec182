"""summarizer: verified, structured summaries of Chinese local-government work reports."""

from summarizer.document.chunking import chunk
from summarizer.document.ingest import clean, load
from summarizer.errors import InputError, SummarizerError

__version__ = "0.1.0"

__all__ = ["InputError", "SummarizerError", "__version__", "chunk", "clean", "load"]
