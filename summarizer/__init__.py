"""summarizer: verified, structured summaries of Chinese local-government work reports."""

from summarizer.chunking import chunk
from summarizer.errors import InputError, SummarizerError
from summarizer.ingest import clean, load

__version__ = "0.1.0"

__all__ = ["InputError", "SummarizerError", "__version__", "chunk", "clean", "load"]
