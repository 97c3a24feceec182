"""Reading a metric's name from the words around one figure.

The words before a figure usually name it (实现地区生产总值|15.93亿元); a count's noun may follow
it (18家|规上工业企业); framing verbs and words (实现, 完成, 全年, 其中) are cut, and verbs that
make a flow of a stock (新增, 净增, 新签约) are kept, because 新增高新技术企业 is not the number
of 高新技术企业. Every word list is the lexicon's (names.toml, kinds.toml, metrics.toml).
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.clauses import OPENERS, balanced, strip_edges, strip_words, unmatched
from summarizer.lexicon import changes, kinds, names, qualifiers, units
from summarizer.lexicon.metrics import scope_words

_NAMES = names()
_UNITS = units()
_TRAILING_COUNT = re.compile(r"[\d一二三四五六七八九十两]+个$")
_ADVERB_JUN = re.compile(r"(?<![人平年亩户])均")
# Verbs that open a flow (新增, 净增, 新签约): they stay in the name.
_FLOW_MARKS = "新净"
# Bounds printed after a figure (以上, 左右) are no part of what follows it.
_SUFFIX_BOUNDS_BEFORE = qualifiers().words("suffix")
# Words of the change itself name the rate of a metric (经济增速): kept in a name.
_RATE_NAMES = frozenset({"增速", "增幅", "增长率", "降幅", "速度", "增长幅度"})
# Words between a metric's name and its figure, longest first: the lexicon's tail words, the
# levels a count was made at, change cues and bases, prefix qualifiers (突破, 达到), and the
# words that only frame a figure (首次, 稳定在).
_TAIL_WORDS = tuple(
    sorted(
        {
            *_NAMES.tail_words,
            *_NAMES.levels,
            *changes().cues,
            *changes().bases,
            # 签约, 赶超: a one-character qualifier ends many words; the numbers stage keeps
            # the real ones with their figure anyway.
            *(w for w in qualifiers().words("prefix") if len(w) > 1),
            *_NAMES.refer_back,
        }
        - _RATE_NAMES,
        key=len,
        reverse=True,
    )
)
# Endings that look like tail words but end the name: 违规行为 (not 违规行 + 为), 人均 (not 人 + 均).
_KEEP = (*_NAMES.tail_keep, *kinds().per_unit, *_NAMES.not_joiners)
_ASIDE = re.compile(r"（[^（）]{1,12}）|\([^()]{1,12}\)")
_LEADING_ITEM_NUMBER = re.compile(r"^[（(][0-9一二三四五六七八九十]{1,2}[)）]")
_LEADING_DATE = re.compile(
    r"^(?:(?:19|20)[0-9]{2}年(?:底|末)?|截[至止](?:目前|.{0,8}[底末])"
    r"|[一二三四五六七八九十0-9]{1,2}年(?:来|间|(?=[累新共净])))"
)
# 财政总收入突破千亿元大关、达到…: a milestone passed says nothing of what is measured.
_MILESTONE = re.compile(r"(?:突破|跨上|迈上|跃上|站上|越过)[^，,、]{0,8}(?:大关|台阶|关口)$")


def first_joiner(gap: str) -> int:
    """Where the list of `gap` hands over to the next item: the first enumeration comma (、),
    else the last joiner (和及与); -1 if none. 及时, 参与 are words, not joiners.

    1400家企业、1万余处“九小场所” → after 、; 8名社工和1名党务社工 → after 和;
    235公里、城市绿道和健身步道 keeps 城市绿道和健身步道 whole."""
    at = gap.find("、")
    if at >= 0:
        return at
    for i in range(len(gap) - 1, -1, -1):
        ch = gap[i]
        if ch not in _NAMES.list_joiners:
            continue
        if gap[i : i + 2] in _NAMES.not_joiners or gap[max(0, i - 1) : i + 1] in _NAMES.not_joiners:
            continue
        return i
    return -1


def shorten(name: str) -> str:
    """A name cut to `max_name_chars` at a word boundary, never mid-word: the class after
    等 (大徐、…、五星等“十无村” → “十无村”), else whole list items or quoted words dropped from
    the front. A name with no such boundary stays whole."""
    if len(name) <= _NAMES.max_name_chars:
        return name
    plain = _ASIDE.sub("", name)
    if plain != name and len(plain) <= _NAMES.max_name_chars:
        # 全社会研发经费（R&D）投入占GDP比重: the aside in brackets is what makes it long.
        return plain
    at = name.rfind("等")
    if at >= 0 and len(strip_edges(name[at + 1 :])) >= 3 and balanced(name[at + 1 :]):
        return shorten(strip_edges(name[at + 1 :]))
    for i, ch in enumerate(name):
        if ch == "、" or (ch in OPENERS and i > 0):
            rest = strip_edges(name[i:])
            if len(rest) <= _NAMES.max_name_chars and balanced(rest):
                return rest
    return name


def _head_verbs_in(name: str) -> list[str]:
    """The head verbs that may stand in `name`: only those whose first character it holds."""
    present = set(name)
    return [verb for verb in _NAMES.head_verbs if verb[0] in present]


def is_flow(verb: str) -> bool:
    """新增, 净增, 新签约, 招引: a verb that makes a count a flow, kept in the name."""
    return verb[:1] in _FLOW_MARKS or verb in _NAMES.flow_verbs


def without_flow(name: str) -> str:
    """新增高新技术企业 → 高新技术企业: the stock a flow adds to."""
    for verb in sorted(_NAMES.flow_verbs, key=len, reverse=True):
        if name.startswith(verb):
            return name[len(verb) :]
    if name[:1] in _FLOW_MARKS and len(name) > 3:
        return name[2:] if name[1] in "增建" else name
    return name


@lru_cache(maxsize=16384)
def strip_tail(words: str) -> str:
    """`words` without the framing at their end: 地区生产总值年均增长 → 地区生产总值,
    财政总收入突破千亿元大关 → 财政总收入, 城镇登记失业率稳定在 → 城镇登记失业率."""
    words = strip_words(words, _TAIL_WORDS, tail=True, keep=_KEEP)
    milestone = _MILESTONE.search(words)
    if milestone is not None and milestone.start() >= 2:
        words = strip_words(words[: milestone.start()], _TAIL_WORDS, tail=True)
    return words


def without_measure(name: str, unit: str | None = None) -> str:
    """A claimed name without a generic measure word at its end (投资额 → 投资, 签约数量 →
    签约), or the figure's own unit counted (签约户数 for 8户, 参保人数 for …人 → 签约, 参保),
    where two characters or more are left; else the name."""
    ends = (f"{unit}数",) if unit else ()
    for end in (*ends, *_NAMES.claim_measure_ends):
        if name.endswith(end) and len(name) - len(end) >= 2:
            return name[: -len(end)]
    return name


def _head_cut(name: str, limit: int) -> tuple[int, int, str]:
    """(where the name starts after the last head verb ending by `limit`, where that verb
    starts, the verb); -1 when there is none. A verb followed by 率/量/额/数 or by 占 is part of
    a noun (案件处置率, 研发投入占GDP比重)."""
    cut = cut_at = -1
    cut_verb = ""
    for verb in _head_verbs_in(name[:limit]):
        at = name.rfind(verb, 0, limit)
        after = at + len(verb)
        if (
            at >= 0
            and after <= limit
            and len(name) - after >= 2
            and name[after] not in _NAMES.noun_suffixes
            and name[after] != kinds().share_lead
            and after > cut
        ):
            cut, cut_at, cut_verb = after, at, verb
    return cut, cut_at, cut_verb


# Pure and called for every figure of every section: the same words recur.
@lru_cache(maxsize=16384)
def clean_name(raw: str, *, keep_action: bool = False) -> tuple[str, bool]:
    """A metric's name from the words before its figure (实现地区生产总值 → 地区生产总值), and
    whether it is weak: the words say where (…范围内) or ran past a sensible length, so the
    words after the figure, when there are any, name it better.

    `keep_action` keeps a verb that says what was done (走访企业400余次: the visits are counted).
    A name that ends in a verb (计划新增, 服务) is returned as it is: the caller then looks
    after the figure for what is counted."""
    name = strip_tail(raw)
    name = _LEADING_DATE.sub("", name)
    # （1）国内生产总值增长9%以上: the number of a list item is no part of the name.
    name = _LEADING_ITEM_NUMBER.sub("", name)
    # 拆除率3个100%: the count of the figures that follow is no part of their name.
    name = strip_edges(_TRAILING_COUNT.sub("", name))
    weak = name.endswith(_NAMES.locative_ends)
    # 2幢楼宇均达成税收1000万: 均 closes the subject; what follows it names the figure.
    jun = max((m.start() for m in _ADVERB_JUN.finditer(name)), default=-1)
    if jun > 0 and len(name) - jun > 2:
        name = name[jun + 1 :]
    cut, cut_at, cut_verb = _head_cut(name, len(name))
    flow = cut > 0 and (is_flow(cut_verb) or (cut_at > 0 and name[cut_at - 1] in _FLOW_MARKS))
    if flow:
        # 城镇新增就业, 全年新增高新技术企业: a flow keeps its verb; a framing verb before it
        # (实现新增…) is still cut.
        flow_at = cut_at - (1 if cut_at > 0 and name[cut_at - 1] in _FLOW_MARKS else 0)
        cut, cut_at, cut_verb = _head_cut(name, flow_at)
        if cut < 0:
            cut = 0
    head = ""
    if cut > 0:
        if keep_action and cut_verb not in _NAMES.framing_verbs:
            cut = cut_at
        head, name = name[:cut], name[cut:]
    name = strip_words(name, _NAMES.lead_words, tail=False, keep=_NAMES.lead_keep)
    for scope in scope_words():
        if scope in head and scope not in name:
            # 18家规上工业企业实现总产值 → 规上工业总产值
            industry = f"{scope}工业" in head and not name.startswith("工业")
            name = f"{scope}工业{name}" if industry else scope + name
            break
    short = shorten(name)
    weak = weak or len(short) > _NAMES.max_name_chars or short != name
    # One character (为, 对) names nothing.
    return (short if len(short) > 1 else ""), weak


# Pure and called for every figure of every section: the same words recur.
@lru_cache(maxsize=16384)
def read_after(after: str) -> str:
    """What the words right after a figure say it counts, up to the next verb or joiner
    (8名社工和… → 社工)."""
    after = strip_words(after, _SUFFIX_BOUNDS_BEFORE, tail=False)
    # 7万方的白蓝地文创街区: the figure measures what follows 的.
    after = after.removeprefix("的")
    stop = len(after)
    for word in _NAMES.after_stops:
        at = after.find(word)
        while at >= 0 and (
            (word == "以" and after[at + 1 : at + 2] in ("上", "下"))
            or _inside_a_word(after, at, word)
        ):
            # 亿元以上重大项目: a size class is part of what is counted; 公共充电桩: 共 is
            # part of a word.
            at = after.find(word, at + 1)
        if 0 < at < stop:
            stop = at
        elif at == 0:
            return ""
    # 2名村干部)攻坚小组: a bracket closed here was opened before the figure.
    closer = unmatched(after[:stop], closers=True)
    if closer >= 0:
        stop = closer
    name = strip_words(after[:stop], _NAMES.after_tail_words, tail=True)
    if len(name) == 1 and after[stop:].startswith("的"):
        # 8个村的金意安(智能设备)埋点工作: the one character is the unit counted, the words
        # after 的 say which of them.
        which = read_after(after[stop + 1 :])
        return which + name if which else ""
    return shorten(name)


def _inside_a_word(text: str, at: int, stop: str) -> bool:
    """Whether the stop word at `at` is part of a longer word (公共, 共享)."""
    for word in _NAMES.not_stops:
        offset = word.find(stop)
        if offset >= 0 and at - offset >= 0 and text.startswith(word, at - offset):
            return True
    return False


def people_count_name(name: str, unit: str | None) -> str:
    """死亡106人 counts 死亡人数: a person count named by a bare verb of two characters."""
    if unit in _UNITS.counting("people") and len(name) == 2 and not name.endswith("人"):
        return name + "人数"
    return name


def share_name(subject: str, words: str) -> str:
    """The name of a share: the words say 占…比重 (or only 占比); the subject says of what.
    占固定资产投资比重 after 工业投资 → 工业投资占固定资产投资比重; 占比 after 财政民生支出 →
    财政民生支出占比; 占全区 after 新增城镇就业 → 新增城镇就业占全区比重."""
    marks = kinds()
    name = words
    if (
        subject
        and subject not in words
        and (words.startswith(marks.share_lead) or words in marks.share)
    ):
        name = subject + words
    return with_share_word(name)


def with_share_word(name: str) -> str:
    """X占Y (民间投资占全社会固定资产投资的61.3%) is named as the share it is: X占Y比重."""
    marks = kinds()
    at = name.find(marks.share_lead)
    rest = name[at:]
    words = [w for w in marks.share if w == "占比" or not w.startswith(marks.share_lead)]
    if at >= 0 and not is_occupied_land(name, at) and not any(word in rest for word in words):
        return name.removesuffix("的") + "比重"
    return name


def is_occupied_land(name: str, at: int) -> bool:
    """占地 is land taken up (占地1000亩), except in 占地区生产总值."""
    return name[at : at + 2] == "占地" and name[at : at + 3] != "占地区"
