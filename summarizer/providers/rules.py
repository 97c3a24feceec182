"""The built-in `rules` provider: offline, deterministic extraction by cue words.

It reads one section the way a hurried analyst would: the section's role says what to look
for (results in review parts, commitments in plan parts, shortcomings in problem parts), the
clause structure says where one item ends, the numbers stage says where the figures are, and
cue words (cues.py) decide the rest. Every summary is a trimmed source clause and every
evidence an exact substring of the section, so the cross-check can verify each quote and
figure by construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache

from summarizer.document.periods import target_period
from summarizer.models import (
    CATEGORIES,
    SCHEMA_VERSION,
    Achievement,
    Category,
    Change,
    ChunkResult,
    Metric,
    NumberMention,
    Problem,
    ReportMeta,
    Section,
    Target,
)
from summarizer.numbers import extract_numbers, normalise
from summarizer.providers import cues
from summarizer.providers.base import Extraction

__all__ = ["RULES_VERSION", "RulesProvider"]

# Bump whenever the output for the same section changes: it is part of the cache key.
RULES_VERSION = "3"

_CHANGE_UNITS = frozenset({"%", "％", "个百分点"})
# Problem items headed (一)…, （二）…, 1.… or 1、… at the start of a line or sentence.
_ITEM_MARKER = re.compile(
    r"(?:^|(?<=[\n。！？；;]))[ \t\u3000]*(?:[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、])"
)
_HEADING_LINE = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]{1,3}、")
_ADVERB_JUN = re.compile(r"(?<![人平年])均")
_TRAILING_COUNT = re.compile(r"[\d一二三四五六七八九十两]+个$")
_PLAIN_EDGES = " \t\u3000\n\r，,、；;：:。.！!？?\"'-—·•"
# Longest run a quote or bracket may hold separators for; past it the opener was a stray.
_MAX_QUOTE = 40
_PAIRS = dict(zip(cues.OPENERS, cues.CLOSERS, strict=True))
_OPENER_OF = {closer: opener for opener, closer in _PAIRS.items()}
# Brackets proper (not quotes): a figure inside one is an aside to the words before it.
_BRACKETS = "（(【〔["
_BRACKET_CLOSERS = "）)】〕]"


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    mentions: list[NumberMention] = field(default_factory=list)
    # Parallel to `mentions`: True where the figure is a change (同比增长10.6%), not a level.
    is_change: list[bool] = field(default_factory=list)
    segment: int = 0


@dataclass(slots=True)
class _Draft:
    """A metric under construction: a level figure and/or the change that goes with it."""

    name: str
    level: NumberMention | None = None
    change: NumberMention | None = None
    change_basis: str | None = None


@dataclass(slots=True)
class _Group:
    """Clauses that together report one achievement."""

    clauses: list[_Clause] = field(default_factory=list)
    lead: _Clause | None = None

    @property
    def value_count(self) -> int:
        return sum(not c for clause in self.clauses for c in clause.is_change)


class RulesProvider:
    """The offline default provider: cue words + section roles + the numbers stage."""

    name = "rules"
    model: str | None = None
    prompt_version: str | None = None

    def identity(self) -> dict[str, str]:
        return {"provider": self.name, "version": RULES_VERSION, "schema": SCHEMA_VERSION}

    async def extract(self, section: Section, meta: ReportMeta) -> Extraction:
        return Extraction(result=self.extract_sync(section, meta))

    def extract_sync(self, section: Section, meta: ReportMeta) -> ChunkResult:
        return _SectionReader(section, meta).read()


# --------------------------------------------------------------------------- text helpers


@lru_cache(maxsize=8)
def _special(seps: frozenset[str]) -> re.Pattern[str]:
    """The characters `_split` must look at: separators and brackets (all else is skipped)."""
    chars = "".join(sorted(seps)) + cues.OPENERS + cues.CLOSERS
    return re.compile("[" + re.escape(chars) + "]")


def _split(text: str, start: int, end: int, seps: frozenset[str]) -> list[tuple[int, int]]:
    """`[start, end)` cut at `seps` outside brackets and quotes, each piece trimmed of blanks."""
    pieces: list[tuple[int, int]] = []
    open_marks: list[str] = []
    opened = start
    piece_start = start
    for match in _special(seps).finditer(text, start, end):
        ch = match.group()
        i = match.start()
        if ch in cues.OPENERS:
            # 面对“4·7下沙社区遭遇战,迅速划定“三区”: a mark never nests inside its own kind,
            # so the first one was left open and the new one takes its place.
            if not open_marks or open_marks[-1] != ch:
                open_marks.append(ch)
            opened = i
        elif ch in cues.CLOSERS:
            if open_marks:
                open_marks.pop()
        elif not open_marks or ch == "\n" or i - opened > _MAX_QUOTE:
            # 1,000 is a number, not two clauses.
            if (
                ch == ","
                and 0 < i < len(text) - 1
                and text[i - 1].isdigit()
                and text[i + 1].isdigit()
            ):
                continue
            pieces.append((piece_start, i))
            piece_start = i + 1
            # A quote left open (面对“4·7下沙社区遭遇战,…) never swallows the rest of the text.
            open_marks.clear()
    pieces.append((piece_start, end))
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        while a < b and text[a] in " \t\u3000\r\n":
            a += 1
        while b > a and text[b - 1] in " \t\u3000\r\n":
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _strip_edges(text: str) -> str:
    """Edge punctuation off, except quotes and brackets that pair with one inside the text
    (“专精特新”入库培育企业 keeps its quotes; 老潘工作室”矛盾纠纷… loses the stray one)."""
    while True:
        before = text
        text = text.strip(_PLAIN_EDGES)
        if (text and text[0] in cues.CLOSERS) or (
            text and text[0] in cues.OPENERS and _PAIRS[text[0]] not in text[1:]
        ):
            text = text[1:]
        if (text and text[-1] in cues.OPENERS) or (
            text and text[-1] in cues.CLOSERS and _OPENER_OF[text[-1]] not in text[:-1]
        ):
            text = text[:-1]
        if text == before:
            return text


def _strip_words(
    text: str, words: tuple[str, ...], *, tail: bool, keep: tuple[str, ...] = ()
) -> str:
    """Strip any of `words` (and edge punctuation) from one end of `text` until none is left,
    or until that end is one of `keep` (违规行为 keeps its 为)."""
    while text:
        text = _strip_edges(text)
        if keep and (text.endswith(keep) if tail else text.startswith(keep)):
            break
        # One C-level test first: most names need no stripping at all.
        if not (text.endswith(words) if tail else text.startswith(words)):
            break
        for word in words:
            if tail and text.endswith(word):
                text = text[: -len(word)]
                break
            if not tail and text.startswith(word):
                text = text[len(word) :]
                break
    return _strip_edges(text)


def _unmatched(text: str, *, closers: bool) -> int:
    """Where `text` has a bracket that does not pair inside it: the last opener left open
    (`closers=False`), or the first closer with no opener (`closers=True`); -1 if none."""
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in _BRACKETS:
            stack.append(i)
        elif ch in _BRACKET_CLOSERS:
            if stack:
                stack.pop()
            elif closers:
                return i
    if closers or not stack:
        return -1
    return stack[-1]


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in _PAIRS:
            stack.append(_PAIRS[ch])
        elif ch in _OPENER_OF and (not stack or stack.pop() != ch):
            return False
    return not stack


def _last_joiner(gap: str) -> int:
    """Where the last list joiner (、和及与) of `gap` stands, -1 if none; 及时, 参与 are words."""
    for i in range(len(gap) - 1, -1, -1):
        ch = gap[i]
        if ch not in cues.LIST_JOINERS:
            continue
        if gap[i : i + 2] in cues.NOT_JOINERS or gap[max(0, i - 1) : i + 1] in cues.NOT_JOINERS:
            continue
        return i
    return -1


def _shorten(name: str) -> str:
    """A name cut to `MAX_NAME_CHARS` at a word boundary, never mid-word: the class after
    等 (大徐、…、五星等“十无村” → “十无村”), else whole list items or quoted words dropped from
    the front. A name with no such boundary stays whole."""
    if len(name) <= cues.MAX_NAME_CHARS:
        return name
    at = name.rfind("等")
    if at >= 0 and len(_strip_edges(name[at + 1 :])) >= 3 and _balanced(name[at + 1 :]):
        return _shorten(_strip_edges(name[at + 1 :]))
    for i, ch in enumerate(name):
        if ch == "、" or (ch in cues.OPENERS and i > 0):
            rest = _strip_edges(name[i:])
            if len(rest) <= cues.MAX_NAME_CHARS and _balanced(rest):
                return rest
    return name


def _head_verbs_in(name: str) -> list[str]:
    """The head verbs that may stand in `name`, in table order: only those whose first
    character it holds are worth a search."""
    present = set(name)
    return [verb for verb in cues.NAME_HEAD_VERBS if verb[0] in present]


# Pure and called for every figure of every section: the same words recur.
@lru_cache(maxsize=8192)
def _clean_name(raw: str, *, keep_action: bool = False) -> tuple[str, bool]:
    """A metric's name from the words before its figure (实现地区生产总值 → 地区生产总值), and
    whether it is weak: the words say where (…范围内) or ran past a sensible length, so the
    words after the figure, when there are any, name it better.

    `keep_action` keeps a verb that says what was done (走访企业400余次: the visits are counted).
    A name that ends in a verb (计划新增, 服务) is returned as it is: the caller then looks
    after the figure for what is counted."""
    name = _strip_words(raw, cues.NAME_TAIL_WORDS, tail=True, keep=cues.NAME_TAIL_KEEP)
    # 拆除率3个100%: the count of the figures that follow is no part of their name.
    name = _strip_edges(_TRAILING_COUNT.sub("", name))
    weak = name.endswith(cues.LOCATIVE_ENDS)
    # 2幢楼宇均达成税收1000万: 均 closes the subject; what follows it names the figure.
    jun = max((m.start() for m in _ADVERB_JUN.finditer(name)), default=-1)
    if jun > 0 and len(name) - jun > 2:
        name = name[jun + 1 :]
    cut = cut_at = -1
    cut_verb = ""
    for verb in _head_verbs_in(name):
        at = name.rfind(verb)
        after = at + len(verb)
        if (
            at >= 0
            and len(name) - after >= 2
            and name[after] not in cues.NOUN_SUFFIXES
            and after > cut
        ):
            cut, cut_at, cut_verb = after, at, verb
    head = ""
    if cut > 0:
        if keep_action and cut_verb not in cues.FRAMING_VERBS:
            cut = cut_at
        head, name = name[:cut], name[cut:]
    name = _strip_words(name, cues.NAME_LEAD_WORDS, tail=False, keep=cues.NAME_LEAD_KEEP)
    for scope in cues.SCOPE_WORDS:
        if scope in head and scope not in name:
            # 18家规上工业企业实现总产值 → 规上工业总产值
            industry = f"{scope}工业" in head and not name.startswith("工业")
            name = f"{scope}工业{name}" if industry else scope + name
            break
    if name.startswith(cues.SHARE_PREFIX) and len(name) > 2:
        name = name[len(cues.SHARE_PREFIX) :] + cues.SHARE_SUFFIX
    short = _shorten(name)
    weak = weak or len(short) > cues.MAX_NAME_CHARS or short != name
    # One character (为, 对) names nothing.
    return (short if len(short) > 1 else ""), weak


# Pure and called for every figure of every section: the same words recur.
@lru_cache(maxsize=8192)
def _read_after(after: str) -> str:
    """What the words right after a figure say it counts, up to the next verb or joiner
    (8名社工和… → 社工)."""
    after = _strip_words(after, cues.TRAILING_BOUNDS, tail=False)
    # 7万方的白蓝地文创街区: the figure measures what follows 的.
    after = after.removeprefix("的")
    stop = len(after)
    for word in cues.NAME_AFTER_STOPS:
        at = after.find(word)
        if 0 < at < stop:
            stop = at
        elif at == 0:
            return ""
    # 2名村干部)攻坚小组: a bracket closed here was opened before the figure.
    closer = _unmatched(after[:stop], closers=True)
    if closer >= 0:
        stop = closer
    name = _strip_words(after[:stop], cues.NAME_AFTER_TAIL_WORDS, tail=True)
    if len(name) == 1 and after[stop:].startswith("的"):
        # 8个村的金意安(智能设备)埋点工作: the one character is the unit counted, the words
        # after 的 say which of them.
        which = _read_after(after[stop + 1 :])
        return which + name if which else ""
    return _shorten(name)


def _trim_summary(text: str) -> str:
    text = _strip_edges(text)
    changed = True
    while changed:
        changed = False
        for word in cues.LEADING_CONNECTIVES:
            if text.startswith(word) and len(text) > len(word) + 1:
                text = _strip_edges(text[len(word) :])
                changed = True
                break
    return text


def _first_of(text: str, words: Iterable[str]) -> str | None:
    best: tuple[int, str] | None = None
    for word in words:
        at = text.find(word)
        if at >= 0 and (
            best is None or at < best[0] or (at == best[0] and len(word) > len(best[1]))
        ):
            best = (at, word)
    return None if best is None else best[1]


def _has_any(text: str, words: Iterable[str]) -> bool:
    return any(word in text for word in words)


# --------------------------------------------------------------------------- figures


def _scale_factor(mention: NumberMention) -> Decimal:
    """How many base units one printed unit is (亿元 → 10^8), from the numbers stage itself."""
    if not mention.scale:
        return Decimal(1)
    try:
        factor, _, _ = normalise(Decimal(1), f"{mention.scale}{mention.unit or ''}")
    except (ValueError, ArithmeticError):
        return Decimal(1)
    return factor if factor > 0 else Decimal(1)


def _printed(value: Decimal, mention: NumberMention) -> float:
    """A figure as the source prints it, without its scale word: 1593000000 元 (亿) → 15.93."""
    try:
        printed = value / _scale_factor(mention)
        if mention.precision >= 0:
            printed = printed.quantize(Decimal(1).scaleb(-mention.precision))
    except (InvalidOperation, ArithmeticError):
        return float(value)
    return float(printed)


def _printed_unit(mention: NumberMention) -> str | None:
    unit = f"{mention.scale or ''}{mention.unit or ''}"
    return unit or None


def _is_percentish(mention: NumberMention) -> bool:
    return (mention.unit or "") in _CHANGE_UNITS


def _metric(
    name: str,
    mention: NumberMention | None,
    *,
    text: str,
    change: Change | None = None,
    change_qualifier: str | None = None,
) -> Metric:
    if mention is None:
        # 同比增长超40%: a change has no qualifier of its own, so a metric that claims no
        # level carries the change's.
        return Metric(
            name=name,
            value=None,
            value_hi=None,
            unit=None,
            qualifier=change_qualifier,
            change=change,
            raw=None,
            derived=False,
        )
    return Metric(
        name=name,
        value=_printed(mention.value, mention),
        value_hi=None if mention.value_hi is None else _printed(mention.value_hi, mention),
        unit=_printed_unit(mention),
        qualifier=_qualifier(mention, text),
        change=change,
        raw=mention.raw,
        derived=False,
    )


def _qualifier(mention: NumberMention, text: str) -> str | None:
    """A bound or approximation printed with the figure (近、超、以上、左右); 达/共 are not."""
    printed = [mention.qualifier, *mention.extra.get("qualifiers", ())]
    for word in reversed([w for w in printed if w]):
        if word not in cues.NEUTRAL_QUALIFIERS:
            return str(word)
    after = text[mention.end : mention.end + 2]
    for word in cues.TRAILING_BOUNDS:
        if after.startswith(word):
            return word
    return None


def _change(mention: NumberMention, text: str, basis: str | None) -> Change:
    direction = mention.direction
    if direction is None:
        window = text[max(0, mention.start - cues.CHANGE_CUE_WINDOW) : mention.start]
        if _has_any(window, cues.DECREASE_CUES):
            direction = "decrease"
        elif _has_any(window, cues.FLAT_CUES):
            direction = None
        elif _has_any(window, cues.INCREASE_CUES) or basis:
            direction = "increase"
    unit = "个百分点" if (mention.unit or "") == "个百分点" else "%"
    return Change(
        direction=direction,
        amount=_printed(mention.value, mention),
        unit=unit,
        basis=basis,
    )


# --------------------------------------------------------------------------- the reader


class _SectionReader:
    """One pass over one section; holds what the item builders share."""

    def __init__(self, section: Section, meta: ReportMeta) -> None:
        self.section = section
        self.meta = meta
        self.text = section.text
        self.heading = " ".join(section.heading_path)
        self.mentions = sorted(
            (m for m in extract_numbers(self.text) if m.comparable and self._is_quantity(m)),
            key=lambda m: m.start,
        )
        self._heading_scores = _category_scores(self.heading)
        self._clause_cache: dict[tuple[int, int], list[_Clause]] = {}
        # Spans already used by one item kind, so no clause is reported twice.
        self.claimed: list[tuple[int, int]] = []

    # ----------------------------------------------------------------- structure

    def read(self) -> ChunkResult:
        role = self.section.role
        problems = self._problems()
        targets = self._targets(plan=role == "plan") if role != "problems" else []
        achievements = self._achievements() if role in ("review", "other") else []
        return ChunkResult(achievements=achievements, targets=targets, problems=problems)

    @cached_property
    def _sentence_spans(self) -> list[tuple[int, int]]:
        return _split(self.text, 0, len(self.text), cues.SENTENCE_ENDS)

    def _sentences(self) -> list[tuple[int, int]]:
        return self._sentence_spans

    def _clauses(self, start: int, end: int) -> list[_Clause]:
        """The clauses of one sentence, with their figures, numbered by `；` segment."""
        cached = self._clause_cache.get((start, end))
        if cached is not None:
            return cached
        clauses: list[_Clause] = []
        self._clause_cache[(start, end)] = clauses
        for seg_no, (seg_start, seg_end) in enumerate(
            _split(self.text, start, end, cues.SEGMENT_ENDS)
        ):
            for a, b in _split(self.text, seg_start, seg_end, cues.CLAUSE_ENDS):
                clause = _Clause(a, b, segment=seg_no)
                clause.mentions = self._drop_thresholds(
                    [m for m in self.mentions if a <= m.start and m.end <= b]
                )
                clause.is_change = self._change_flags(clause)
                clauses.append(clause)
        return clauses

    def _drop_thresholds(self, mentions: list[NumberMention]) -> list[NumberMention]:
        """注册资金千万元以上46家: 千万元以上 only says which 46 are meant; it is part of
        the name of the figure after it, not a figure of its own. Likewise 3个 in
        拆除率3个100% counts the figures that follow."""
        kept: list[NumberMention] = []
        for i, mention in enumerate(mentions):
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            if (
                following is not None
                and following.start == mention.end
                and (mention.unit or "") in cues.CLASSIFIERS
                and _is_percentish(following)
            ):
                # 签约率、腾空率、拆除率3个100%: 3个 counts the rates, it is no result.
                continue
            if (
                following is not None
                and _qualifier(mention, self.text) in ("以上", "以下")
                and len(_strip_edges(self.text[mention.end : following.start])) <= 6
                and not _has_any(self.text[mention.end : following.start], "，,、")
            ):
                continue
            kept.append(mention)
        return kept

    def _change_flags(self, clause: _Clause) -> list[bool]:
        """Which figures of a clause are changes (同比增长10.6%) rather than levels."""
        flags: list[bool] = []
        previous_end = clause.start
        for mention in clause.mentions:
            flag = False
            if _is_percentish(mention):
                gap = self.text[previous_end : mention.start]
                window = self.text[
                    max(clause.start, mention.start - cues.CHANGE_CUE_WINDOW) : mention.start
                ]
                if (
                    mention.direction is not None
                    or _has_any(window, cues.INCREASE_CUES)
                    or _has_any(window, cues.DECREASE_CUES)
                    or _has_any(window, cues.CHANGE_BASES)
                    # 同比分别-6.2%、-19.3%: the second figure continues the first one's list.
                    or (flags and flags[-1] and _strip_edges(gap) in ("", "和", "及", "与"))
                ):
                    flag = True
            flags.append(flag)
            previous_end = mention.end
        return flags

    def _overlaps_claimed(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.claimed)

    def _piece(self, start: int, end: int) -> str:
        return self.text[start:end]

    # ----------------------------------------------------------------- names

    def _name_before(self, lo: int, hi: int) -> str:
        """A metric's name from the words before its figure (实现地区生产总值 → 地区生产总值)."""
        return self._before(lo, hi)[0]

    def _before(self, lo: int, hi: int, *, keep_action: bool = False) -> tuple[str, bool]:
        """`_clean_name` of the words in `[lo, hi)` that can belong to a figure at `hi`: after
        the last clause separator, and inside a bracket the figure stands in
        (…发放工作(共发放4440人次: the bracket says only 发放, so the words before it name it)."""
        raw = self.text[lo:hi]
        raw = raw[max(raw.rfind(sep) for sep in "，,；;：:") + 1 :]
        opener = _unmatched(raw, closers=False)
        if opener >= 0:
            inner = _clean_name(raw[opener + 1 :], keep_action=keep_action)
            if inner[0] and inner[0] not in cues.NAME_HEAD_VERBS:
                return inner
            raw = raw[:opener]
        return _clean_name(raw, keep_action=keep_action)

    def _name_after(self, lo: int, hi: int) -> str:
        """The words right after a figure, up to the next verb (8名社工和… → 社工)."""
        if lo >= hi or self.text[lo] in _PLAIN_EDGES or self.text[lo] in _BRACKETS:
            # 设立集中隔离点12个(全区31个): a bracket after a figure is an aside, not its name.
            return ""
        return _read_after(self.text[lo:hi])

    def _mention_name(self, clause: _Clause, index: int) -> str:
        """The name of one figure: the words before it, or what it counts when that follows
        it (18家规上工业企业, 三个社区, 计划新增8个…项目)."""
        mentions = clause.mentions
        mention = mentions[index]
        lo = mentions[index - 1].end if index > 0 else clause.start
        hi = mentions[index + 1].start if index + 1 < len(mentions) else clause.end
        if index > 0:
            # 1400家企业、1万余处“九小场所”: 企业 is what the figure before counts.
            lo += _last_joiner(self.text[lo : mention.start]) + 1
        unit = mention.unit or ""
        before, weak = self._before(lo, mention.start, keep_action=unit in cues.FREQUENCY_UNITS)
        after = self._name_after(mention.end, hi)
        if not after and index + 1 < len(mentions) and mentions[index + 1].start == mention.end:
            # 9天完成42宗35大户签约工作: two counts of one piece of work; the first is told
            # apart by its unit (签约宗数), the second reads the name as printed after it.
            following = mentions[index + 1]
            end = mentions[index + 2].start if index + 2 < len(mentions) else clause.end
            shared = self._name_after(following.end, end)
            if shared and unit in cues.CLASSIFIERS:
                after = f"{shared}{unit}{cues.COUNT_SUFFIX}"
        # 实现“100%货币化房票安置”: a figure that opens a quote is named by the rest of it.
        quoted = mention.start > 0 and self.text[mention.start - 1] in cues.OPENERS
        if after and (
            not before
            or weak
            or quoted
            or before.endswith(cues.NAME_HEAD_VERBS)
            or before.endswith("等")
            or (unit in cues.CLASSIFIERS and not mention.scale)
        ):
            return after
        if before == cues.INVOLVES:
            # 劳动监察仲裁案件112起、涉及96人; any other unit repeats the subject before it.
            return cues.INVOLVED_PEOPLE if unit in cues.PERSON_UNITS else ""
        if before in cues.NAME_HEAD_VERBS:
            # 拆除23宗: nothing better than the verb itself.
            return after or before
        return before

    def _is_quantity(self, mention: NumberMention) -> bool:
        """八八战略实施20周年, 15分钟托育服务圈: numbers that name, not measure."""
        if (mention.unit or "") in cues.NON_QUANTITY_UNITS:
            return False
        tail = self.text[mention.end : mention.end + 10]
        stop = min((tail.find(ch) for ch in "，,。；;、" if ch in tail), default=len(tail))
        return not _has_any(tail[:stop], cues.NAME_LIKE_SUFFIXES)

    def _is_result(self, mention: NumberMention) -> bool:
        """14天内实现…, (全区31个): figures that say when, or compare with a wider area. They
        keep their clause in its achievement (14天内实现疫情风险零扩散 is one) but measure
        no result of their own."""
        unit = mention.unit or ""
        if (
            unit in cues.DURATION_UNITS
            and (mention.start == 0 or self.text[mention.start - 1] in _PLAIN_EDGES)
            and (
                mention.qualifier == "内"
                or self.text.startswith(cues.DURATION_FOLLOWERS, mention.end)
            )
        ):
            return False
        before = self.text[max(0, mention.start - 12) : mention.start]
        opener = _unmatched(before, closers=False)
        return not (opener >= 0 and before[opener + 1 :].startswith(cues.COMPARISON_SCOPES))

    # ----------------------------------------------------------------- achievements

    def _achievements(self) -> list[Achievement]:
        out: list[Achievement] = []
        for s_start, s_end in self._sentences():
            if self._overlaps_claimed(s_start, s_end):
                continue
            clauses = self._clauses(s_start, s_end)
            for item in self._sentence_achievements(clauses):
                out.append(item)
        return out

    def _sentence_achievements(self, clauses: list[_Clause]) -> list[Achievement]:
        groups: list[_Group] = []
        items: list[tuple[int, Achievement]] = []
        current: _Group | None = None
        lead: _Clause | None = None
        for clause in clauses:
            body = self._piece(clause.start, clause.end)
            if self._overlaps_claimed(clause.start, clause.end):
                current, lead = None, None
                continue
            if not clause.mentions:
                if _has_any(body, cues.RESULT_CUES) and len(body) >= 6:
                    items.append((clause.start, self._cue_achievement(clause)))
                    current, lead = None, None
                elif current is None and len(body) <= 8:
                    # 上半年，街道完成税收收入…: a short lead-in sets the scene for what follows.
                    lead = clause
                else:
                    current, lead = None, None
                continue
            if current is not None and clause.segment == current.clauses[-1].segment:
                respectively = self._respectively_count(clause)
                if respectively > 1 and current.value_count < respectively and groups:
                    self._merge_back(groups, current, clause, respectively)
                    continue
                if self._continues(clause, current):
                    current.clauses.append(clause)
                    continue
            current = _Group(clauses=[clause], lead=lead)
            lead = None
            groups.append(current)
        for group in groups:
            items.append((group.clauses[0].start, self._group_achievement(group)))
        items.sort(key=lambda pair: pair[0])
        return [item for _, item in items]

    def _continues(self, clause: _Clause, group: _Group) -> bool:
        body = _strip_edges(self._piece(clause.start, clause.end))
        if all(clause.is_change):
            # 同比增长22.1% goes with the figure before it; 规模以上工业增加值同比增长0.28%
            # names a metric of its own.
            return not self._name_before(clause.start, clause.mentions[0].start)
        if body.startswith(cues.CONTINUATION_STARTS):
            # 总投资23.7亿元 goes with the projects before it; 总投资3.8亿元的智格商业大楼项目
            # 全面竣工 is an item of its own.
            last = clause.mentions[-1]
            return len(_strip_edges(self.text[last.end : clause.end])) <= 2
        # 亿元以上5家: too short to name a figure of its own.
        return len(body) < 8 and group.value_count > 0

    def _respectively_count(self, clause: _Clause) -> int:
        if "分别" not in self._piece(clause.start, clause.end):
            return 0
        return sum(clause.is_change) or len(clause.mentions)

    def _merge_back(
        self, groups: list[_Group], current: _Group, clause: _Clause, need: int
    ) -> None:
        """同比分别-6.2%、-19.3%: pull earlier groups of the sentence in until `need` figures."""
        current.clauses.append(clause)
        while current.value_count < need and len(groups) > 1:
            index = groups.index(current)
            if index == 0:
                break
            previous = groups.pop(index - 1)
            current.clauses[:0] = previous.clauses
            current.lead = previous.lead

    def _cue_achievement(self, clause: _Clause) -> Achievement:
        body = self._piece(clause.start, clause.end)
        return Achievement(
            summary=_trim_summary(body),
            category=self._category(body),
            metrics=[],
            evidence=body,
        )

    def _group_achievement(self, group: _Group) -> Achievement:
        start = group.lead.start if group.lead is not None else group.clauses[0].start
        end = group.clauses[-1].end
        body = self._piece(start, end)
        metrics = self._group_metrics(group)
        return Achievement(
            summary=_trim_summary(body),
            category=self._category(body),
            metrics=metrics,
            evidence=body,
        )

    def _group_metrics(self, group: _Group) -> list[Metric]:
        drafts: list[_Draft] = []
        for clause in group.clauses:
            basis = _first_of(self._piece(clause.start, clause.end), cues.CHANGE_BASES)
            changes: list[NumberMention] = []
            shared = self._respective_names(clause)
            for index, mention in enumerate(clause.mentions):
                if clause.is_change[index]:
                    changes.append(mention)
                elif not self._is_result(mention):
                    continue
                else:
                    name = shared.pop(0) if shared else self._mention_name(clause, index)
                    if not name:
                        # 安保力量6700多人次,7万多小时: the same subject in another unit.
                        name = drafts[-1].name if drafts else (mention.unit or mention.raw)
                    drafts.append(_Draft(name=name, level=mention))
            if not changes:
                continue
            respectively = "分别" in self._piece(clause.start, clause.end) and len(changes) > 1
            if respectively:
                owners = [d for d in drafts if d.change is None and d.level is not None]
                owners = owners[-len(changes) :]
                if len(owners) == len(changes):
                    for paired, change in zip(owners, changes, strict=True):
                        paired.change, paired.change_basis = change, basis
                    continue
                names = self._subject_names(clause, changes[0], len(changes))
                for name, change in zip(names, changes, strict=True):
                    drafts.append(_Draft(name=name, change=change, change_basis=basis))
                continue
            for change in changes:
                owner = next(
                    (d for d in reversed(drafts) if d.change is None and d.level is not None), None
                )
                if (
                    owner is not None
                    and owner.level is not None
                    and owner.level.start < change.start
                ):
                    owner.change, owner.change_basis = change, basis
                else:
                    index = clause.mentions.index(change)
                    drafts.append(
                        _Draft(
                            name=self._mention_name(clause, index),
                            change=change,
                            change_basis=basis,
                        )
                    )
        return [
            _metric(
                d.name,
                d.level,
                text=self.text,
                change=None if d.change is None else _change(d.change, self.text, d.change_basis),
                change_qualifier=None if d.change is None else _qualifier(d.change, self.text),
            )
            for d in drafts
        ]

    def _respective_names(self, clause: _Clause) -> list[str]:
        """东部国际、泰美国际也分别近8000万元和5000万元 → [东部国际, 泰美国际], one per level."""
        levels = [
            m for m, change in zip(clause.mentions, clause.is_change, strict=True) if not change
        ]
        body = self._piece(clause.start, clause.end)
        if len(levels) < 2 or "分别" not in body:
            return []
        subject = _strip_words(
            self.text[clause.start : levels[0].start].split("分别")[0],
            ("也", "均", "都"),
            tail=True,
        )
        parts = [_strip_edges(p) for p in subject.split("、") if _strip_edges(p)]
        return parts if len(parts) == len(levels) else []

    def _subject_names(self, clause: _Clause, first: NumberMention, count: int) -> list[str]:
        """限上商品批发额、零售额预计分别同比增长11.7%、19.2% → [限上商品批发额, 零售额]."""
        subject = self._name_before(clause.start, first.start)
        parts = [_strip_edges(p) for p in subject.split("、") if _strip_edges(p)]
        if len(parts) == count:
            return parts
        return [subject] * count

    def _category(self, body: str) -> Category:
        scores = _category_scores(body)
        total = {c: 2 * scores.get(c, 0) + self._heading_scores.get(c, 0) for c in CATEGORIES}
        best = max(total.values())
        if best == 0:
            return "其他"
        return next(c for c in CATEGORIES if total[c] == best)

    # ----------------------------------------------------------------- targets

    def _targets(self, *, plan: bool) -> list[Target]:
        out: list[Target] = []
        for s_start, s_end in self._sentences():
            if self._overlaps_claimed(s_start, s_end):
                continue
            sentence = self._piece(s_start, s_end)
            if _has_any(sentence, cues.LONG_TERM_MARKERS) and not plan:
                continue
            clauses = self._clauses(s_start, s_end)
            goal_from = self._goal_list_start(s_start, sentence)
            forward = False
            long_term = False
            commitment: str | None = None
            for clause in clauses:
                body = self._piece(clause.start, clause.end)
                # 到2035年，人均地区生产总值达到…: the rest of the sentence is long-term.
                long_term = long_term or _has_any(body, cues.LONG_TERM_MARKERS)
                if long_term:
                    continue
                context = self.text[s_start : clause.end]
                cue = _first_of(body, cues.TARGET_CUES)
                if cue:
                    commitment = cue
                if plan:
                    in_goal_list = goal_from is not None and clause.start >= goal_from
                    main = self._committed_figure(clause)
                    if in_goal_list or main is not None:
                        out.append(self._target(clause, main, commitment, context))
                    continue
                if _has_any(body, cues.FORWARD_CUES):
                    forward = True
                elif _has_any(body, cues.PAST_MARKERS):
                    forward = False
                if forward and clause.mentions:
                    out.append(self._target(clause, clause.mentions[-1], commitment, context))
        return out

    def _goal_list_start(self, s_start: int, sentence: str) -> int | None:
        """Where the items of a 主要目标为：… passage begin, if the sentence is one."""
        for cue in cues.GOAL_LIST_CUES:
            at = sentence.find(cue)
            if at >= 0:
                return s_start + at + len(cue)
        return None

    def _committed_figure(self, clause: _Clause) -> NumberMention | None:
        """The figure a plan clause commits to: the last one, standing at the clause's end
        (新建老年食堂1个, 覆盖率50%以上) or a growth rate (地区生产总值增长8%). A figure that
        only describes the scope of a task (对10%留用地进行梳理) is no target."""
        if not clause.mentions:
            return None
        main = clause.mentions[-1]
        if clause.is_change[-1]:
            return main
        rest = _strip_words(self.text[main.end : clause.end], cues.TRAILING_BOUNDS, tail=False)
        rest = _strip_edges(rest)
        if rest in ("", "的目标", "目标", "左右的目标"):
            return main
        return None

    def _target(
        self, clause: _Clause, main: NumberMention | None, commitment: str | None, context: str
    ) -> Target:
        """One target from one clause; `context` is its sentence up to the clause's end, which
        may say the period (确保年内完成…)."""
        body = self._piece(clause.start, clause.end)
        # A commitment is not also reported as a result.
        self.claimed.append((clause.start, clause.end))
        metric: Metric | None = None
        if main is not None:
            index = clause.mentions.index(main)
            name = self._mention_name(clause, index) or _strip_edges(body)[: cues.MAX_NAME_CHARS]
            metric = _metric(name, main, text=self.text)
        qualifier = commitment or (metric.qualifier if metric is not None else None)
        return Target(
            summary=_trim_summary(body),
            metric=metric,
            qualifier=qualifier,
            period=self._target_period(context),
            evidence=body,
        )

    def _target_period(self, clause_text: str) -> str | None:
        period = target_period(self.meta, self.section.role, clause_text, self.heading)
        return period.label if period is not None else None

    # ----------------------------------------------------------------- problems

    def _problems(self) -> list[Problem]:
        out: list[Problem] = []
        for s_start, s_end in self._sentences():
            sentence = self._piece(s_start, s_end)
            first_item = sentence.find(cues.ORDINAL_ITEMS[0])
            if first_item < 0:
                continue
            preamble = sentence[:first_item]
            if not (_has_any(preamble, cues.PROBLEM_CUES) or self.section.role == "problems"):
                continue
            out.extend(self._ordinal_items(s_start + first_item, s_end))
            self.claimed.append((s_start, s_end))
        if self.section.role == "problems" and not out:
            out.extend(self._headed_problems())
        return out

    def _ordinal_items(self, start: int, end: int) -> list[Problem]:
        """一是…；二是…：one problem per item."""
        body = self.text[start:end]
        marks: list[int] = []
        at = 0
        for marker in cues.ORDINAL_ITEMS:
            found = body.find(marker, at)
            if found < 0:
                break
            marks.append(found)
            at = found + len(marker)
        problems: list[Problem] = []
        for i, mark in enumerate(marks):
            item_start = start + mark + len(cues.ORDINAL_ITEMS[i])
            item_end = start + marks[i + 1] if i + 1 < len(marks) else end
            problem = self._problem(item_start, item_end)
            if problem is not None:
                problems.append(problem)
        return problems

    def _headed_problems(self) -> list[Problem]:
        """(一)经济高质量发展新动能有待挖掘。…: the heading of each item is the problem."""
        starts = [m.end() for m in _ITEM_MARKER.finditer(self.text)]
        problems: list[Problem] = []
        if starts:
            for start in starts:
                title = _split(self.text, start, len(self.text), cues.SENTENCE_ENDS)
                if title:
                    problem = self._problem(*title[0])
                    if problem is not None:
                        problems.append(problem)
            return problems
        for s_start, s_end in self._sentences():
            sentence = self._piece(s_start, s_end)
            if _HEADING_LINE.match(sentence) or len(_strip_edges(sentence)) < 8:
                continue
            if any(_strip_edges(sentence) in h for h in self.section.heading_path):
                continue
            if _has_any(sentence, cues.PROBLEM_CUES):
                problem = self._problem(s_start, s_end)
                if problem is not None:
                    problems.append(problem)
        return problems

    def _problem(self, start: int, end: int) -> Problem | None:
        # Keep the evidence an exact substring: trim the span, not a copy of it.
        evidence = _strip_edges(self.text[start:end])
        if len(evidence) < 4:
            return None
        return Problem(summary=_trim_summary(evidence), area=_area(evidence), evidence=evidence)


@lru_cache(maxsize=1)
def _category_words() -> tuple[re.Pattern[str], dict[str, Category]]:
    owner: dict[str, Category] = {}
    for category, words in cues.CATEGORY_CUES:
        for word in words:
            owner.setdefault(word, category)
    # Longest first: 固定资产投资 counts for 项目建设, not as the 投资 inside it.
    pattern = re.compile("|".join(re.escape(w) for w in sorted(owner, key=len, reverse=True)))
    return pattern, owner


def _category_scores(text: str) -> dict[Category, int]:
    pattern, owner = _category_words()
    scores: dict[Category, int] = {}
    for word in pattern.findall(text):
        category = owner[word]
        scores[category] = scores.get(category, 0) + 1
    return scores


def _area(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for area, words in cues.PROBLEM_AREAS:
        score = sum(text.count(w) for w in words)
        if score and (best is None or score > best[0]):
            best = (score, area)
    return None if best is None else best[1]
