"""load: read a report file (.txt, .md, .html/.htm, .docx, .pdf) into a `Document` with its
frame: ingest (read, decode, the format's own text) → cleaning (furniture, metadata) → frame
(kind, level, issuer, periods, parts).

Text is decoded by decoding.py (UTF-8, GB18030/GBK, Big5, UTF-16 with or without BOM; never
mojibake); formats are read by readers.py. Every way a file can be unusable (missing, a folder,
empty, binary, undecodable, a scanned PDF, no text in it) is an `InputError` naming the file
and the reason.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from summarizer.document.cleaning import Hints, clean_text
from summarizer.document.decoding import decode, looks_utf16
from summarizer.document.frame import read_frame
from summarizer.document.readers import is_docx, read_docx, read_html, read_markdown, read_pdf
from summarizer.errors import InputError
from summarizer.models import Document

__all__ = ["SUFFIXES", "clean", "clean_with_hints", "decode", "load"]

SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

# Formats we recognise by their first bytes, to name them when refusing a file.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office (.doc/.xls) file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
)
_UNSUPPORTED_SUFFIX = {
    ".doc": "legacy Word .doc is not supported; save it as .docx",
    ".wps": "WPS documents are not supported; save it as .docx",
    **dict.fromkeys(
        (".json", ".jsonl", ".ndjson"),
        "is JSON, not a report: pass the report files themselves (summaries already made come "
        "back from the cache)",
    ),
}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def _binary_kind(data: bytes) -> str | None:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:4096]
    if (
        b"\x00" in head
        and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        and not looks_utf16(data)
    ):
        return "binary data (it contains NUL bytes)"
    return None


def _read(path: Path) -> bytes:
    if not path.exists():
        if path.is_symlink():
            raise InputError(path, f"broken symbolic link (points to {os.readlink(path)})")
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a report file")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise InputError(path, "file is empty (0 bytes)")
    return data


def _format_of(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED_SUFFIX:
        raise InputError(path, _UNSUPPORTED_SUFFIX[suffix])
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b'{"', b'[{"', b"[\n")):
        raise InputError(path, _UNSUPPORTED_SUFFIX[".json"])
    looks_html = head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
    if suffix in SUFFIXES:
        # A page saved as .txt is still a page (its tags must not reach the text), and a PDF
        # saved as .txt still a PDF.
        if SUFFIXES[suffix] == "txt" and data.startswith(b"%PDF-"):
            return "pdf"
        return "html" if SUFFIXES[suffix] == "txt" and looks_html else SUFFIXES[suffix]
    # No telling suffix: sniff.
    if data.startswith(b"PK\x03\x04") and is_docx(data):
        return "docx"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return "html" if looks_html else "txt"


def _text_of(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    kind = _binary_kind(data)
    if kind is not None:
        raise InputError(path, f"is {kind}, not a text report")
    text, encoding = decode(data, path, declared=declared)
    if not text.strip():
        raise InputError(path, "contains only whitespace, no text")
    return text, encoding


# --------------------------------------------------------------------------- load


def clean_with_hints(
    raw: str,
    *,
    path: str | None = None,
    encoding: str | None = None,
    source_format: str | None = None,
    hints: Hints | None = None,
) -> Document:
    """`clean`, with metadata a format reader found outside the text."""
    doc = clean_text(raw, path=path, encoding=encoding, source_format=source_format, hints=hints)
    return read_frame(doc)


def clean(
    raw: str,
    *,
    path: str | None = None,
    encoding: str | None = None,
    source_format: str | None = None,
) -> Document:
    """Remove page furniture from `raw` and read its frame (kind, level, issuer, periods,
    parts) into `ReportMeta`; the cleaned text is kept and every offset refers to it."""
    return clean_with_hints(raw, path=path, encoding=encoding, source_format=source_format)


def load(path: str | Path) -> Document:
    """Read, decode and extract the text of a report file, then `clean` it."""
    p = Path(path)
    data = _read(p)
    fmt = _format_of(p, data)
    hints: Hints | None = None
    encoding: str | None
    if fmt == "docx":
        raw, hints = read_docx(p, data)
        encoding = None
    elif fmt == "pdf":
        raw, hints = read_pdf(p, data)
        encoding = None
    elif fmt == "html":
        m = _DECLARED_CHARSET.search(data[:4096])
        text, encoding = _text_of(p, data, m.group(1).decode("ascii") if m else None)
        raw, hints = read_html(p, text)
    elif fmt == "md":
        text, encoding = _text_of(p, data)
        raw, hints = read_markdown(text)
    else:
        raw, encoding = _text_of(p, data)
    doc = clean_with_hints(raw, path=str(p), encoding=encoding, source_format=fmt, hints=hints)
    if not doc.text.strip():
        raise InputError(p, "no report text left after removing page furniture")
    return doc
