"""issuer: who issues a report, the place it speaks for, and the level of government.

The issuer is the body as the report names itself: 我代表上海市人民政府 (or 我代表省人民政府 and
the province its title, header or file name names), the title's 下应街道, the 发布机构 field,
a signature line, and last the 街道/镇 the body keeps naming as its subject. A candidate must
read as a body's name — end like one (街道, 镇, 局, 区, 人民政府 …) — and, read from running
prose, must not end on a common word (实现乡镇 is a verb and its object); a web address is
never an issuer (cleaning keeps it as `source_url`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from summarizer.lexicon.frame import alternation, frame_lexicon
from summarizer.models import Document, Level

__all__ = ["government_issuer", "level_of", "summary_issuer"]

_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
_URLISH = re.compile(r"https?://|www\.|\.(?:html?|shtml|cn|com)\b", re.I)
# The signature of a summary: the body's name on a line of its own near the end.
_SIGNATURE_ZONE = 400


@dataclass(frozen=True, slots=True)
class _Cues:
    place: re.Pattern[str]
    org_end: re.Pattern[str]
    generic_place: re.Pattern[str]


@cache
def _cues() -> _Cues:
    lex = frame_lexicon()
    place_ends = alternation((*lex.province, *lex.city, *lex.county))
    org_ends = alternation((*lex.street, *lex.department, *lex.county, *lex.city, *lex.province))
    return _Cues(
        # A place name: a few characters ending like a province, city or county.
        place=re.compile(rf"[\u4e00-\u9fff]{{1,10}}?(?:{place_ends})"),
        org_end=re.compile(rf"(?:{org_ends})$"),
        generic_place=re.compile(rf"(?:{alternation(lex.generic_places)})$"),
    )


def _strip_body(name: str) -> str:
    """A body's name without its organ (党工委, 办事处, 人民政府): 下应街道办事处 → 下应街道."""
    for suffix in ("党工委", "党委", "办事处", "人民政府", "政府"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix)
    return name


def _is_body_name(name: str | None, *, from_prose: bool = False) -> bool:
    """Whether `name` reads as a body's name (not a verb phrase such as 实现乡镇, not a URL).
    A name read from running prose must not end on a common word (城乡, 乡镇) either: there
    实现乡镇 is a verb and its object; in a title 五乡镇 is a town."""
    if not name or len(name) < 2 or len(name) > 30 or _URLISH.search(name):
        return False
    if re.search(r"[\s，,。；;：:！？、\d]", name):
        return False
    core = _strip_body(name)
    c = _cues()
    generic = c.generic_place.search(core)
    if generic is not None and (from_prose or generic.start() == 0):
        return False
    return c.org_end.search(core) is not None or name.endswith(("人民政府", "政府"))


def level_of(name: str | None) -> Level | None:
    """The level of a body or place by how its name ends."""
    if not name:
        return None
    lex = frame_lexicon()
    core = _strip_body(name)
    for level, ends in (
        ("街道乡镇", lex.street),
        ("部门", lex.department),
        ("省", lex.province),
        ("市", tuple(e for e in lex.city if len(e) > 1)),
        ("区县", lex.county),
        ("市", lex.city),
    ):
        if core.endswith(ends):
            return level  # type: ignore[return-value]
    return None


def _place(text: str) -> str | None:
    """The place a title or header line names: 2023年东莞市政府工作报告 → 东莞市."""
    c = _cues()
    words = _ANY_YEAR.sub("", text)
    words = re.sub(r"[（(][^）)]*[）)]", "", words)
    for pattern in (
        r"在(?P<p>\S+?)第[一二三四五六七八九十\d]+届人民代表大会",
        r"(?:^|[\s—–（(])(?P<p>\S+?)(?:人民政府)?(?:代)?(?:省长|市长|区长|县长|主席|代主席)",
        r"(?:^|[\s（(）)])(?P<p>\S+?)(?:人民政府|政府)?(?:工作报告|政府工作报告)",
    ):
        for m in re.finditer(pattern, words):
            candidate = m.group("p")
            found = c.place.fullmatch(candidate)
            if found is not None and len(candidate) >= 2 and not candidate.startswith(("第", "届")):
                if candidate in ("自治区", "市", "省", "区", "县"):
                    continue
                return candidate
    return None


def government_issuer(
    text: str, title: str, header_text: str, file_stem: str | None
) -> tuple[str | None, str | None]:
    """(issuer, region) of a 政府工作报告: 我代表上海市人民政府, or 我代表省人民政府 + the
    province its title, header or file name names."""
    c = _cues()
    named = re.search(r"我代表(.{0,16}?)人民政府", text[:4000])
    said = None
    if named is not None:
        said = re.sub(
            r"^(?:第[一二三四五六七八九十\d]+届|本届|上届|新一届|新一任)", "", named.group(1)
        )
    region = None
    if said and c.place.fullmatch(said) and said not in ("省", "市", "自治区", "区", "县"):
        region = said
    region = region or _place(title) or _place(header_text)
    if region is None and file_stem:
        m = c.place.match(file_stem)
        region = m.group() if m is not None else None
    if region is None:
        return None, None
    return region + frame_lexicon().government, region


def _title_org(title: str) -> tuple[str | None, str | None]:
    """(issuer, region) from the words before the year: 宁波市鄞州区下应街道 → (下应街道,
    宁波市鄞州区)."""
    if not title:
        return None, None
    year = _ANY_YEAR.search(title)
    prefix = (title[: year.start()] if year else "").strip()
    if not prefix:
        return None, None
    lex = frame_lexicon()
    organ = re.search(
        rf"([^\s\d市区县省州盟旗]{{2,12}}?(?:{alternation((*lex.street, *lex.department))}))$",
        prefix,
    )
    if organ is not None and _is_body_name(organ.group(1)):
        region = prefix[: organ.start()]
        place = _cues().place
        return organ.group(1), (region if region and place.fullmatch(region) else None)
    if prefix.endswith(("人民政府", "政府")):
        region = _strip_body(prefix)
        if _cues().place.fullmatch(region):
            return prefix, region
    return None, None


def _signature(text: str) -> str | None:
    """A body's name on a line of its own at the end (the summary's signature)."""
    tail = text[-_SIGNATURE_ZONE:]
    for line in reversed(tail.split("\n")):
        line = line.strip()
        if line and _is_body_name(line) and len(line) <= 20:
            return line
    return None


_SUBJECT = re.compile(
    r"(?:^|(?<=[\n，,。；：:、“]))([^\W\d市区县省州]{2}街道|[^\W\d市区县省州]{2,3}[镇乡])"
    r"(?=党工委|办事处|人民政府|将|在|坚持|始终|经济|社会|按照|聚焦|围绕|全力|以)"
)


def _subject(text: str) -> str | None:
    """The 街道/镇 the body speaks for, when nothing names it: its most frequent subject."""
    counts = Counter(
        m.group(1) for m in _SUBJECT.finditer(text) if _is_body_name(m.group(1), from_prose=True)
    )
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 2 else None


def summary_issuer(doc: Document, title: str, text: str) -> tuple[str | None, str | None]:
    meta = doc.meta
    title_issuer, region = _title_org(title)
    candidates = (meta.issuer, title_issuer, _signature(text), _subject(text))
    issuer = next((c for c in candidates if _is_body_name(c)), None)
    if issuer is not None and level_of(issuer) == "街道乡镇":
        issuer = _strip_body(issuer) if issuer.endswith("办事处") else issuer
    return issuer, region or (meta.region if meta.region else None)
