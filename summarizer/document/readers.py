"""Format readers: the text (and outside metadata) of Markdown, HTML, DOCX and PDF reports.

Each reader returns raw text for the clean stage and the `Hints` the format carries outside
the text (front matter, <meta> tags, document properties). Markdown and HTML heading lines
(`**…**`, `#`, <h1>–<h6>) are named in the hints, so part headings set in bold are read as
headings. A PDF gives the text of its text layer, its lines wrapped at the page's width joined
back into paragraphs; a scanned PDF has none, which is said in one line.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.document.cleaning import Hints, hints_from_mapping
from summarizer.errors import InputError

if TYPE_CHECKING:
    from bs4.element import Tag

__all__ = ["is_docx", "read_docx", "read_html", "read_markdown", "read_pdf", "zip_members"]


def zip_members(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    except zipfile.BadZipFile:
        return None


def is_docx(data: bytes) -> bool:
    return "word/document.xml" in (zip_members(data) or [])


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
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


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
    headings = {_SPACES.sub("", h.get_text()) for h in soup.find_all(_HEADING_TAGS)}
    for tag in soup.find_all(["p", "div"]):
        strong = tag.find(["strong", "b"], recursive=False)
        if strong is not None and strong.get_text(strip=True) == tag.get_text(strip=True):
            headings.add(_SPACES.sub("", tag.get_text()))
    hints.heading_lines = frozenset(h for h in headings if h)
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

    members = zip_members(data)
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


# --------------------------------------------------------------------------- PDF

# A line that is only a page number (— 3 —, - 12 -, 第3页, 3/20).
_PAGE_NUMBER = re.compile(r"[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d{1,4})?[-—–\s]*")
# Spaces a PDF's text layer leaves between two CJK characters or punctuation marks.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_LINE_END = tuple("。！？：；!?:;|")
_HEADING_START = re.compile(
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|第[一二三四五六七八九十]+部分"
)


def _reflow(page: str) -> str:
    """A page's lines as paragraphs: a line that runs to the page's full width and does not end
    a sentence was wrapped by the layout, and is joined to the next."""
    lines = [line.rstrip() for line in page.splitlines()]
    lines = [line for line in lines if line.strip() and not _PAGE_NUMBER.fullmatch(line)]
    if not lines:
        return ""
    widths = Counter(len(line) for line in lines if len(line) >= 10)
    full = max(widths, default=0)
    # The width most lines of the page run to (a few longer lines must not raise the bar).
    if widths:
        common = max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0]
        full = min(full, common)
    out: list[str] = []
    for line in lines:
        # A heading starts its own line, whatever ends the line before it.
        if out and _wrapped(out[-1], full) and not _HEADING_START.match(line.strip()):
            # Only two Latin words keep a space between them (6. / 3亿元 was one figure).
            words = f"{out[-1][-1:]}{line.strip()[:1]}"
            joiner = " " if len(words) == 2 and words.isascii() and words.isalpha() else ""
            out[-1] += joiner + line.strip()
        else:
            out.append(line.strip())
    return "\n".join(out)


def _unspaced(page: str) -> str:
    """Some PDFs space out every character (政 府 工 作 报 告): close those gaps, and only on
    such pages (elsewhere a space can set off an inline heading)."""
    gaps = len(_CJK_GAP.findall(page))
    cjk = len(re.findall(rf"[{_CJK}]", page))
    return _CJK_GAP.sub("", page) if cjk and gaps / cjk > 0.3 else page


def _wrapped(line: str, full: int) -> bool:
    # Digits and Latin letters are narrower than Han characters: a full line of them holds
    # more characters, so "full" is a share of the common width.
    return full >= 10 and len(line) >= 0.85 * full and not line.endswith(_LINE_END)


def read_pdf(path: Path, data: bytes) -> tuple[str, Hints]:
    """The text layer of a PDF, page by page, with its wrapped lines joined; its title."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(path, "the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except InputError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, KeyError, ValueError … on bad files
        raise InputError(path, f"not a readable PDF ({type(exc).__name__})") from None
    if not any(page.strip() for page in pages):
        raise InputError(
            path,
            f"scanned PDF with no text layer ({len(pages)} page{'s' * (len(pages) != 1)} of "
            "images): run OCR on it first (e.g. ocrmypdf) or save the report as text",
        )
    text = "\n".join(_unspaced(_reflow(page)) for page in pages)
    title = info.title if info is not None and info.title else None
    # Office software's own titles (Microsoft Word - 报告.doc) name a file, not the report.
    if title and re.search(r"Microsoft|\.docx?$|^untitled$", title, re.I):
        title = None
    return text, Hints(title=title)
