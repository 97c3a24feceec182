"""summarizer: verified, structured summaries of Chinese local-government work reports."""

from summarizer.errors import InputError, SummarizerError

__version__ = "0.1.0"

__all__ = ["InputError", "SummarizerError", "__version__"]
