"""load: read a report file (.txt, .md, .html/.htm, .docx) into a cleaned `Document`.

Government sites still serve GB18030/GBK pages, so text is decoded strictly as UTF-8 (with or
without BOM), then GB18030, then whatever the page itself declares; a file that fits none is
refused rather than read as mojibake. Every way a file can be unusable (missing, a folder,
empty, binary, undecodable, no text in it) is an `InputError` naming the file and the reason.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.document.cleaning import Hints, clean_text, hints_from_mapping
from summarizer.document.frame import read_frame
from summarizer.errors import InputError
from summarizer.models import Document

if TYPE_CHECKING:
    from bs4.element import Tag

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
    ".pdf": "PDF is not supported; save the report as .txt, .html or .docx",
    ".doc": "legacy Word .doc is not supported; save it as .docx",
    ".wps": "WPS documents are not supported; save it as .docx",
}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _binary_kind(data: bytes) -> str | None:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:4096]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "binary data (it contains NUL bytes)"
    return None


def _charset_alias(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages that say gb2312 or gbk routinely use characters only GB18030 has.
    return "gb18030" if canonical in ("gb2312", "gbk") else canonical


def decode(data: bytes, path: str | Path, *, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of `data`; raises InputError when no encoding fits strictly."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"cannot decode text: UTF-8 BOM but invalid UTF-8 ({exc.reason} at byte {exc.start + 3})",
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(path, "cannot decode text: UTF-16 BOM but invalid UTF-16") from None
    candidates = ["utf-8", "gb18030"]
    if declared:
        alias = _charset_alias(declared)
        if alias and alias not in candidates:
            candidates.append(alias)
    first_error: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    mixed = _decode_by_line(data)
    if mixed is not None:
        return mixed
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    where = (
        f" (byte 0x{data[first_error.start]:02x} at offset {first_error.start})"
        if first_error
        else ""
    )
    raise InputError(path, f"cannot decode text: not UTF-8 or GB18030/GBK{where}")


def _decode_by_line(data: bytes) -> tuple[str, str] | None:
    """A file pasted together from a UTF-8 page and a GBK one: each line strictly as UTF-8,
    else as GB18030. Only tried when neither fits the whole file, and only accepted when
    every line fits one of them and both occur."""
    lines: list[str] = []
    used: set[str] = set()
    for raw in data.split(b"\n"):
        for encoding in ("utf-8", "gb18030"):
            try:
                lines.append(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
            # Plain ASCII reads the same in both; it says nothing about the mix.
            if not raw.isascii():
                used.add(encoding)
            break
        else:
            return None
    if used != {"utf-8", "gb18030"}:
        return None
    return "\n".join(lines), "utf-8+gb18030"


def _guess(data: bytes) -> tuple[str, str] | None:
    """A last try for Big5 and other CJK encodings; accepted only if it reads as Chinese."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    visible = [c for c in text if not c.isspace()]
    if not visible or len(_CJK.findall(text)) / len(visible) < 0.3:
        return None
    return text, best.encoding


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
    looks_html = head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
    if suffix in SUFFIXES:
        # A page saved as .txt is still a page: its tags must not reach the text.
        return "html" if SUFFIXES[suffix] == "txt" and looks_html else SUFFIXES[suffix]
    # No telling suffix: sniff.
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return "docx"
    return "html" if looks_html else "txt"


def _zip_members(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    except zipfile.BadZipFile:
        return None


def _is_docx(data: bytes) -> bool:
    return "word/document.xml" in (_zip_members(data) or [])


def _text_of(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    kind = _binary_kind(data)
    if kind is not None:
        raise InputError(path, f"is {kind}, not a text report")
    text, encoding = decode(data, path, declared=declared)
    if not text.strip():
        raise InputError(path, "contains only whitespace, no text")
    return text, encoding


# --------------------------------------------------------------------------- formats

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# A line that is only bold (`**2003年工作回顾**`) or an ATX heading (`## 二、…`).
_MD_HEADING_LINE = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]*(?P<atx>.+?)[ \t]*#*|\*\*(?P<bold>[^*\n]+?)\*\*|__(?P<under>[^_\n]+?)__)[ \t]*$",
    re.M,
)
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),  # images
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),  # links keep their words
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),
    (re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.S), r"\1\2"),
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),  # horizontal rules
)


def read_markdown(text: str) -> tuple[str, Hints | None]:
    """Markdown to plain text: front matter read as metadata, emphasis and # marks removed."""
    hints: Hints | None = None
    m = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if m is not None:
        values: dict[str, str] = {}
        for line in m.group("body").splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() and not key.startswith((" ", "\t", "#")):
                values[key] = value.strip().strip("\"'")
        # Front matter is the author's explicit word: it beats what the text suggests.
        hints = hints_from_mapping(values, override=True)
        text = text.lstrip("\ufeff")[m.end() :]
    headings = frozenset(
        _SPACES.sub("", m.group("atx") or m.group("bold") or m.group("under") or "")
        for m in _MD_HEADING_LINE.finditer(text)
    )
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    if headings:
        hints = hints or Hints()
        hints.heading_lines = headings
    return text, hints


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "head",
)
_CHROME = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|footer|foot|breadcrumbs?|crumbs?|share|sidebar|toolbar|"
    r"topbar|print|copyright|location|position)(?:$|[-_\s\d])",
    re.I,
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "blockquote",
        "pre",
        "center",
        "hr",
        "address",
        "figure",
        "figcaption",
        "caption",
    ]
)
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


def _is_chrome(tag: Tag) -> bool:
    if tag.name == "header" and tag.find("h1") is None:
        return True
    classes = tag.get("class")
    class_names = [classes] if isinstance(classes, str) else list(classes or [])
    names = " ".join([*class_names, str(tag.get("id") or "")])
    return bool(names.strip()) and _CHROME.search(names) is not None


def _html_text(node: Tag, out: list[str]) -> None:
    # bs4 costs ~100 ms to import: only pages pay for it, not every CLI start.
    from bs4.element import Comment, NavigableString, Tag

    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.append(_HTML_SPACE.sub(" ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            out.append("\n")
        elif name in ("td", "th"):
            _html_text(child, out)
            # Cells become `key | value |` rows, the shape the cleaner reads tables in.
            out.append(" | ")
        elif name in _BLOCK_TAGS:
            out.append("\n")
            _html_text(child, out)
            out.append("\n")
        else:
            _html_text(child, out)


def read_html(path: Path, text: str) -> tuple[str, Hints]:
    """The visible text of a page (chrome dropped; tables as rows), and its <meta> data."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = tag.get("name") or tag.get("property")
        content = tag.get("content")
        if isinstance(name, str) and isinstance(content, str):
            meta.setdefault(name, content)
    title_tag = soup.find("title")
    hints = hints_from_mapping(meta)
    if hints.title is None and title_tag is not None:
        # `…工作总结_宁波市鄞州区人民政府`: the site's name follows the page's.
        page_title = re.split(r"\s*[_|｜]\s*|\s+-\s+", title_tag.get_text(strip=True))[0]
        hints.title = page_title or None
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and _is_chrome(tag):
            tag.decompose()
    body = soup.body or soup
    out: list[str] = []
    _html_text(body, out)
    raw = "".join(out)
    if not raw.strip():
        raise InputError(path, "no text found in the HTML page")
    return raw, hints


def read_docx(path: Path, data: bytes) -> tuple[str, Hints]:
    """Paragraphs and table rows of a .docx in document order, and its title property."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    members = _zip_members(data)
    if members is not None and "word/document.xml" not in members:
        # A renamed archive of something else: say what it holds, not python-docx's KeyError.
        shown = ", ".join(members[:3]) + (" …" if len(members) > 3 else "")
        raise InputError(
            path, f"not a valid .docx file: a ZIP archive without word/document.xml ({shown})"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises bare zip/KeyError/XML errors
        raise InputError(path, f"not a valid .docx file ({type(exc).__name__})") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.strip()
                    # Merged cells repeat themselves once per grid column.
                    if not cells or cells[-1] != value:
                        cells.append(value)
                lines.append(" | ".join(cells) + " |")
    raw = "\n".join(lines)
    if not raw.strip():
        raise InputError(path, "the .docx has no text")
    props = document.core_properties
    # The author property names whoever last saved the file, not the issuing office.
    hints = Hints(title=props.title or None)
    return raw, hints


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
