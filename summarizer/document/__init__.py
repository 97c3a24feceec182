"""The document stages: read and decode a file (ingest), strip its page furniture and lift its
metadata (cleaning), and split it into sections by its headings (chunking)."""
