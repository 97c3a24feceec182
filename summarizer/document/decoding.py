"""decode: the bytes of a text report into text, in whatever encoding it came in.

Government sites serve UTF-8, GB18030/GBK (mainland), Big5 (Hong Kong, Taiwan) and, from
office software, UTF-16 with or without its byte-order mark. The trouble is that these
encodings accept each other's bytes: a Big5 file decodes without error as GB18030, into
characters no report uses (the 鍙戝竷 kind of mojibake). So every encoding that decodes a file
strictly is a candidate — UTF-8, GB18030, Big5, the one the page declares, and what
charset-normalizer's detector proposes — and a candidate is kept only if its text reads as
Chinese: the share of its CJK characters that are common ones (GB2312 for simplified, Big5
level 1 for traditional) is ≥ 90%. Real reports score above 99%, mojibake below 70%. A file
no candidate reads is refused with one line saying so, never returned as mojibake.
"""

from __future__ import annotations

import codecs
from collections import Counter
from functools import lru_cache
from pathlib import Path

from summarizer.errors import InputError

__all__ = ["decode", "readable_share"]

# Below this share of common characters a decoding is mojibake.
_READABLE = 0.9
# A sample is enough to judge an encoding (20,000 characters is a few pages; files can be
# megabytes).
_SAMPLE = 20_000
# Big5 level 1: the 5,401 frequent characters (A440–C67E).
_BIG5_COMMON = (0xA440, 0xC67E)
# Encodings the detector may propose that we accept (CJK and Unicode ones).
_DETECTED = frozenset(
    {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "utf_16_le", "utf_16_be"}
)


@lru_cache(maxsize=65536)
def _common(ch: str) -> bool | None:
    """Whether a non-ASCII character is a frequent Chinese character or symbol; None for
    ASCII and whitespace, which say nothing about the encoding."""
    if ch.isascii() or ch.isspace():
        return None
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return _BIG5_COMMON[0] <= code <= _BIG5_COMMON[1] or code < 0xA440


def readable_share(text: str) -> float:
    """The share of a text's non-ASCII characters that are frequent Chinese characters or
    symbols (1.0 for a text without any)."""
    common = judged = 0
    for ch, n in Counter(text[:_SAMPLE]).items():
        vote = _common(ch)
        if vote is not None:
            judged += n
            common += n * vote
    return common / judged if judged else 1.0


def _charset_alias(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages that say gb2312 or gbk routinely use characters only GB18030 has.
    return "gb18030" if canonical in ("gb2312", "gbk") else canonical


def _utf16_order(data: bytes) -> list[str]:
    """UTF-16 without a BOM: ASCII characters leave a zero byte on one side of each pair."""
    head = data[:4096]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if even + odd == 0:
        return ["utf-16-le", "utf-16-be"] if len(data) % 2 == 0 else []
    return ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]


def _detected(data: bytes) -> list[str]:
    """What charset-normalizer reads the bytes as, best first (CJK and UTF-16 only)."""
    from charset_normalizer import from_bytes

    out = []
    for match in from_bytes(data[:_SAMPLE]):
        alias = _charset_alias(match.encoding)
        if alias and (alias in _DETECTED or match.encoding in _DETECTED):
            out.append(alias)
    return out


def _decode_by_line(data: bytes) -> str | None:
    """A file pasted together from a UTF-8 page and a GBK one: each line strictly as UTF-8,
    else as GB18030; accepted only when every line fits one of them and both occur."""
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
    return "\n".join(lines)


def looks_utf16(data: bytes) -> bool:
    """Whether NUL bytes in `data` are those of UTF-16 text rather than of a binary file."""
    for encoding in _utf16_order(data):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if readable_share(text) >= _READABLE and "\x00" not in text:
            return True
    return False


def decode(data: bytes, path: str | Path, *, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of `data`; raises InputError when no encoding reads it as text."""
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

    candidates = ["utf-8", "gb18030", "big5"]
    if declared:
        alias = _charset_alias(declared)
        if alias and alias not in candidates:
            candidates.insert(1, alias)
    if b"\x00" in data[:4096]:
        candidates = _utf16_order(data) + candidates
    first_error: UnicodeDecodeError | None = None
    readings: list[tuple[float, int, str, str]] = []
    tried: set[str] = set()

    def attempt(encoding: str) -> str | None:
        nonlocal first_error
        tried.add(encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                first_error = first_error or exc
            return None
        share = readable_share(text)
        readings.append((share, -len(readings), encoding, text))
        return text if share >= _READABLE else None

    # UTF-8 first: strict UTF-8 is almost never a false reading.
    for encoding in candidates[:1] if candidates[0] == "utf-8" else []:
        text = attempt(encoding)
        if text is not None:
            return text, encoding
    for encoding in candidates:
        if encoding not in tried:
            attempt(encoding)
    best = max(readings, default=None)
    if best is None or best[0] < _READABLE:
        for encoding in _detected(data):
            if encoding not in tried:
                attempt(encoding)
        best = max(readings, default=None)
    if best is not None and best[0] >= _READABLE:
        return best[3], best[2]
    mixed = _decode_by_line(data)
    if mixed is not None and readable_share(mixed) >= _READABLE:
        return mixed, "utf-8+gb18030"
    if best is not None:
        raise InputError(
            path,
            f"cannot decode text: it reads as mojibake in every encoding that fits its bytes "
            f"(at best {best[2]}, {best[0]:.0%} of its characters common Chinese ones)",
        )
    where = (
        f" (byte 0x{data[first_error.start]:02x} at offset {first_error.start})"
        if first_error
        else ""
    )
    raise InputError(path, f"cannot decode text: not UTF-8, GB18030/GBK, Big5 or UTF-16{where}")
