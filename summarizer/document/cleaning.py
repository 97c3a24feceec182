"""clean: strip page furniture from a report's text and lift its metadata into fields.

Government pages wrap a report in furniture: the 索引号/组配分类/发布机构 table, a 首页>… crumb,
a 发布时间/信息来源 line, 【打印本页】【关闭窗口】, ``- 字体: 【 大 中 小 】``, lone 打印/关闭 lines.
The furniture carries the metadata (issuer, dates, the page's address), so it is read before
it is dropped. The title line is lifted into ``meta.title`` and leaves the text: the cleaned
text is the report's body, and every later offset refers to it. What kind of report it is and
which periods it covers is the frame stage's work (frame.py), read from the cleaned text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from summarizer.models import Document, ReportMeta

__all__ = ["Hints", "clean_text", "hints_from_mapping", "parse_date", "split_source"]

# Keys of the 政府信息公开 table and the 发布时间 line (the order is the preference for a field).
_ISSUER_KEYS = ("发布机构", "发文机关", "信息来源", "来源", "发布单位")
_DATE_KEYS = (
    "发布日期",
    "发布时间",
    "发文时间",
    "成文日期",
    "生成日期",
    "发文日期",
    "日期",
    "时间",
)
_OTHER_KEYS = (
    "索引号",
    "组配分类",
    "公开方式",
    "主题分类",
    "体裁分类",
    "公开范围",
    "公开时限",
    "文号",
    "发文字号",
    "登记号",
    "有效性",
    "信息分类",
    "服务对象",
    "作者",
    "责任编辑",
    "浏览次数",
    "点击数",
    "访问量",
    "字号",
)
_META_KEYS = (*_ISSUER_KEYS, *_DATE_KEYS, *_OTHER_KEYS)
# Longest first, so 发布时间 is not read as 时间.
_KEY_ALT = "|".join(sorted(map(re.escape, _META_KEYS), key=len, reverse=True))
_KEY_VALUE = re.compile(rf"(?P<key>{_KEY_ALT})\s*[:：]\s*")
_KEY_CELL = re.compile(rf"(?:{_KEY_ALT})\s*[:：]?")

_FURNITURE_LINE = re.compile(
    r"(?:[-–—·•*\s]*"
    r"(?:打印|关闭|打印本页|关闭窗口|关闭本页|返回顶部|返回|收藏|分享|分享到[:：]?|打印此页|"
    r"扫一扫在手机打开当前页|扫一扫在手机上查看当前页面|我要纠错|相关链接|上一篇|下一篇)"
    r"[-–—\s]*)"
    # a line of short bracketed buttons: 【打印本页】 【关闭窗口】, 【 大 中 小 】
    r"|(?:[-–—\s]*(?:【[^】\n]{1,12}】|\[[^\]\n]{1,12}\])[\s|]*)+"
    # 字体: 【 大 中 小 】, 字号：T|T
    r"|[-–—\s]*字[体号]\s*[:：]?.{0,24}"
    # lone dashes and bars left between buttons
    r"|[-–—|·•\s]+"
)
_CRUMB_LINE = re.compile(
    # Bounded and free of sentence ends: a report scraped onto one line that happens to
    # start with its crumb must not go with it.
    r"(?:当前位置|您当前的位置|您现在的位置|您的位置|所在位置)[:：][^。！？]{0,80}"
    r"|首页\s*(?:[>＞»›/]|$)[^。！？]{0,80}"
    r"|\s*[>＞»›].{0,80}"
)
# Metadata values are short (an office, a date, an index number); longer runs are text.
_MAX_META_VALUE = 80
_SENTENCE_END = re.compile(r"[。！？]")
_TITLE_CUE = re.compile(r"总结|计划|思路|报告|要点|安排|打算|回顾")
# Titles carry no sentence or clause punctuation (`现将…公布如下:` is body text).
_SENTENCE_PUNCT = re.compile(r"[。！？；，,：:]")
_NUMBERED = re.compile(
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、]"
)
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_TRAILING_BARS = re.compile(r"(?:\s*\|)+$")
_INLINE_SPACE = re.compile(r"[ \t\u3000\xa0]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A replacement character is a multibyte character lost at a cut line; it carries nothing,
# except between two digits, where dropping it would weld two figures into one false one.
_LOST_CHAR = re.compile(r"(?<![0-9])\ufffd+|\ufffd+(?![0-9])")


@dataclass
class Hints:
    """Metadata a format reader found outside the text (HTML <meta>, DOCX properties,
    Markdown front matter). Text-borne values win, except where `override` says otherwise."""

    title: str | None = None
    issuer: str | None = None
    published: str | None = None
    region: str | None = None
    source_url: str | None = None
    # The words (spaces removed) of lines the source marked as headings: `**…**` or `#` lines
    # in Markdown, <h1>–<h6> in HTML.
    heading_lines: frozenset[str] = frozenset()
    override: bool = False


@dataclass
class _Fields:
    values: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, value: str) -> None:
        value = value.strip(" |:：")
        if value and key not in self.values:
            self.values[key] = value

    def first(self, keys: tuple[str, ...]) -> str | None:
        return next((self.values[k] for k in keys if k in self.values), None)


def parse_date(text: str | None) -> date | None:
    """The first calendar date in `text` (2024-03-21, 2024/3/21, 2024年3月21日), else None."""
    if not text:
        return None
    m = _DATE.search(text)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _table_row(line: str, fields: _Fields) -> bool:
    """Read a `索引号 | K1605… | 组配分类 | 计划总结 |` row; False if it is not such a row."""
    cells = [c.strip() for c in line.split("|")]
    cells = [c for c in cells if c]
    if not cells or _KEY_CELL.fullmatch(cells[0]) is None:
        return False
    i = 0
    while i < len(cells):
        key = cells[i].rstrip(":：").strip()
        if key not in _META_KEYS:
            return False
        nxt = cells[i + 1] if i + 1 < len(cells) else ""
        if nxt and _KEY_CELL.fullmatch(nxt) is None:
            fields.add(key, nxt)
            i += 2
        else:
            i += 1
    return True


def _key_value_line(line: str, fields: _Fields) -> bool:
    """Read a `发布时间: 2023-07-28 17:30 信息来源: 下应街道` line; False if it says more."""
    matches = list(_KEY_VALUE.finditer(line))
    if not matches or line[: matches[0].start()].strip(" |"):
        return False
    values = [
        (m.group("key"), line[m.end() : nxt.start() if nxt else len(line)])
        for m, nxt in zip(matches, [*matches[1:], None], strict=True)
    ]
    # A value that runs into sentences is body text behind a metadata prefix (a report
    # scraped onto one line): dropping the line would drop the report.
    if any(len(v) > _MAX_META_VALUE or _SENTENCE_END.search(v) for _, v in values):
        return False
    for key, value in values:
        fields.add(key, value)
    return True


def _is_title(line: str) -> bool:
    return (
        len(line) <= 60
        and _TITLE_CUE.search(line) is not None
        and _SENTENCE_PUNCT.search(line) is None
        and _NUMBERED.match(line) is None
        # `2022年主要工作回顾` opens the review part: a heading, not the page's title.
        and re.fullmatch(r"(?:\d{4}年)?[^。，,]{0,8}(?:工作回顾|回顾)", line) is None
    )


def _normalise(raw: str) -> list[str]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _LOST_CHAR.sub("", text)
    lines = []
    for line in text.split("\n"):
        line = _INLINE_SPACE.sub(" ", line).strip()
        # `…幸福指数”。 |`: a table cell's border left at the end of a flattened page.
        line = _TRAILING_BARS.sub("", line)
        lines.append(line)
    return lines


def _strip_page(lines: list[str], fields: _Fields) -> tuple[list[str], str | None]:
    """The body lines, and the page title found in the header zone."""
    title: str | None = None
    body: list[str] = []
    in_header = True
    for line in lines:
        if not line:
            continue
        if _table_row(line, fields) or _key_value_line(line, fields):
            continue
        if _FURNITURE_LINE.fullmatch(line) or _CRUMB_LINE.fullmatch(line):
            continue
        if in_header and title is None and _is_title(line):
            title = line.strip(" |")
            continue
        in_header = False
        body.append(line)
    return body, title


def split_source(value: str | None) -> tuple[str | None, str | None]:
    """(issuer, url) of a 信息来源 / source value: a page address is a source, not an issuer."""
    if not value:
        return None, None
    m = _URL.search(value)
    if m is None:
        return value.strip() or None, None
    rest = (value[: m.start()] + value[m.end() :]).strip(" |:：,，;；")
    return rest or None, m.group().rstrip("。，,;；)")


def clean_text(
    raw: str,
    *,
    path: str | None = None,
    encoding: str | None = None,
    source_format: str | None = None,
    hints: Hints | None = None,
) -> Document:
    """Remove page furniture from `raw`; the metadata the page and the format reader carry
    (title, issuer and date fields, the page's address) goes into `ReportMeta`."""
    hints = hints or Hints()
    fields = _Fields()
    body, title = _strip_page(_normalise(raw), fields)
    text = "\n".join(body)

    if hints.title and (hints.override or title is None):
        title = hints.title
    issuer, url = split_source(fields.first(_ISSUER_KEYS))
    published = parse_date(fields.first(_DATE_KEYS))
    hint_issuer, hint_url = split_source(hints.issuer)
    if hints.override or issuer is None:
        issuer = hint_issuer or issuer
    url = hints.source_url or hint_url or url
    if hints.override or published is None:
        published = parse_date(hints.published) or published

    meta = ReportMeta(
        path=path,
        title=title,
        issuer=issuer,
        published=published,
        region=hints.region,
        source_url=url,
        encoding=encoding,
        source_format=source_format,
    )
    doc = Document(text=text, meta=meta)
    if hints.heading_lines:
        doc.heading_lines = _line_starts(body, hints.heading_lines)
    return doc


def _line_starts(body: list[str], wanted: frozenset[str]) -> list[int]:
    """Offsets in the cleaned text of the body lines whose words are in `wanted`."""
    starts, pos = [], 0
    for line in body:
        if _INLINE_SPACE.sub("", line) in wanted:
            starts.append(pos)
        pos += len(line) + 1
    return starts


def hints_from_mapping(values: Mapping[str, str], *, override: bool = False) -> Hints:
    """Hints from loosely named keys (Markdown front matter, HTML <meta> names)."""
    lowered = {k.strip().lower(): v.strip() for k, v in values.items() if v and v.strip()}

    def pick(*names: str) -> str | None:
        return next((lowered[n] for n in names if n in lowered), None)

    return Hints(
        title=pick("title", "articletitle", "og:title", "标题"),
        issuer=pick("issuer", "source", "contentsource", "author", "发布机构", "信息来源", "来源"),
        published=pick(
            "published", "date", "pubdate", "firstpublishedtime", "发布日期", "发布时间"
        ),
        region=pick("region", "地区"),
        source_url=pick("url", "source_url", "link", "og:url", "canonical", "网址", "链接"),
        override=override,
    )
